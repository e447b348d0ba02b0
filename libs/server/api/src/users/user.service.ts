import { hashPassword } from '@dsm/data';
import type { Page, UserInput, UserPatch, UserRecord, WriteResult } from '@dsm/contracts';
import { AppError } from '../http/app-error';
import type { SessionUser } from '../http/auth.middleware';
import type { Writer } from '../db/write-transaction';
import { failNotFound } from '../crud/crud.service';
import type { UserListQuery, UserRepository } from './user.repository';

export interface UserService {
  list(query: UserListQuery): Promise<Page<UserRecord>>;
  get(id: number): Promise<UserRecord>;
  create(input: UserInput, actor: SessionUser): Promise<WriteResult<UserRecord>>;
  update(id: number, patch: UserPatch, actor: SessionUser): Promise<WriteResult<UserRecord>>;
  remove(id: number, actor: SessionUser): Promise<WriteResult<UserRecord>>;
}

/** User administration; every change is audited in the same transaction. Never leaves zero admins. */
export function createUserService(repository: UserRepository, writer: Writer): UserService {
  const keepAnAdmin = async (target: UserRecord, tx: Parameters<UserRepository['countAdmins']>[0]) => {
    if (target.role === 'admin' && (await repository.countAdmins(tx)) <= 1) {
      throw AppError.conflict('This is the last admin: make another user admin first');
    }
  };
  return {
    list: (query) => repository.list(query),
    get: async (id) => (await repository.find(id)) ?? failNotFound('User', id),
    async create({ email, password, role }, actor) {
      const password_hash = await hashPassword(password);
      return writer.write(async ({ tx }) => {
        const user = await repository.create({ email, password_hash, role }, tx);
        await repository.audit(actor.id, 'user.created', user.email, { role }, tx);
        return user;
      });
    },
    async update(id, { role, password }, actor) {
      const password_hash = password === undefined ? undefined : await hashPassword(password);
      return writer.write(async ({ tx }) => {
        const before = (await repository.find(id, tx)) ?? failNotFound('User', id);
        if (role && role !== 'admin') await keepAnAdmin(before, tx);
        const user = (await repository.update(id, { ...(role ? { role } : {}), ...(password_hash ? { password_hash } : {}) }, tx)) as UserRecord;
        await repository.audit(actor.id, 'user.updated', user.email, { role, passwordChanged: password !== undefined }, tx);
        return user;
      });
    },
    remove: (id, actor) =>
      writer.write(async ({ tx }) => {
        if (id === actor.id) throw AppError.conflict('You cannot delete your own account');
        const user = (await repository.find(id, tx)) ?? failNotFound('User', id);
        await keepAnAdmin(user, tx);
        await repository.remove(id, tx);
        await repository.audit(actor.id, 'user.deleted', user.email, {}, tx);
        return user;
      }),
  };
}
