import { fn, col, where as whereFn, type Transaction } from 'sequelize';
import type { Page, Role, UserRecord } from '@dsm/contracts';
import type { Database } from '@dsm/data';
import { toFindOptions } from '../db/list-options';
import { toPlain, toPlainList } from '../db/plain';

export interface UserWithHash extends UserRecord {
  password_hash: string;
}
export type UserListQuery = { page: number; size: number; q?: string; sort?: string; role?: Role };
export type UserAuditAction = 'user.created' | 'user.updated' | 'user.deleted';

const PUBLIC = ['id', 'email', 'role', 'created_at', 'updated_at'];

export interface UserRepository {
  list(query: UserListQuery): Promise<Page<UserRecord>>;
  find(id: number, tx?: Transaction): Promise<UserRecord | undefined>;
  findByEmail(email: string): Promise<UserWithHash | undefined>;
  create(user: { email: string; password_hash: string; role: Role }, tx: Transaction): Promise<UserRecord>;
  update(id: number, patch: { role?: Role; password_hash?: string }, tx: Transaction): Promise<UserRecord | undefined>;
  remove(id: number, tx: Transaction): Promise<void>;
  /** Admins left, counted under a lock so two admins cannot demote each other at once. */
  countAdmins(tx: Transaction): Promise<number>;
  audit(actorId: number, action: UserAuditAction, targetEmail: string, details: object, tx: Transaction): Promise<void>;
}

export function createUserRepository({ sequelize, models }: Database): UserRepository {
  const { User } = models;
  return {
    async list(query) {
      const options = toFindOptions(query, { searchColumns: ['email'], filterColumns: ['role'] });
      const { rows, count } = await User.findAndCountAll({ ...options, attributes: PUBLIC });
      return { items: toPlainList<UserRecord>(rows), total: count, page: query.page, size: query.size };
    },
    find: async (id, tx) => toPlain<UserRecord>(await User.findByPk(id, { attributes: PUBLIC, transaction: tx })),
    findByEmail: async (email) => toPlain<UserWithHash>(await User.findOne({ where: whereFn(fn('lower', col('email')), email.toLowerCase()) })),
    async create(user, tx) {
      const row = await User.create({ ...user, email: user.email.toLowerCase() }, { transaction: tx });
      const created = toPlain<UserWithHash>(row) as UserWithHash;
      return Object.fromEntries(PUBLIC.map((key) => [key, created[key as keyof UserRecord]])) as UserRecord;
    },
    async update(id, patch, tx) {
      await User.update({ ...patch }, { where: { id }, transaction: tx });
      return toPlain<UserRecord>(await User.findByPk(id, { attributes: PUBLIC, transaction: tx }));
    },
    async remove(id, tx) {
      await User.destroy({ where: { id }, transaction: tx });
    },
    async countAdmins(tx) {
      const admins = await User.findAll({ where: { role: 'admin' }, attributes: ['id'], lock: tx.LOCK.UPDATE, transaction: tx });
      return admins.length;
    },
    async audit(actorId, action, targetEmail, details, tx) {
      await sequelize.query('insert into user_audit (actor_id, action, target_email, details) values ($1, $2, $3, $4)', {
        bind: [actorId, action, targetEmail, JSON.stringify(details)],
        transaction: tx,
      });
    },
  };
}
