import type { Transaction } from 'sequelize';
import type { ListQuery, Page } from '@dsm/contracts';
import type { RowModel } from '@dsm/data';
import { toFindOptions, type ListSpec } from '../db/list-options';
import { toPlain, toPlainList } from '../db/plain';

export interface Entity {
  id: number;
}

/** Plain-object access to one table; every write takes the command's transaction. */
export interface CrudRepository<T extends Entity> {
  list(query: ListQuery & Record<string, unknown>): Promise<Page<T>>;
  find(id: number, tx?: Transaction): Promise<T | undefined>;
  create(input: object, tx: Transaction): Promise<T>;
  update(id: number, patch: object, tx: Transaction): Promise<T | undefined>;
  remove(id: number, tx: Transaction): Promise<T | undefined>;
}

export function createCrudRepository<T extends Entity>(model: RowModel, spec: ListSpec): CrudRepository<T> {
  return {
    async list(query) {
      const { rows, count } = await model.findAndCountAll(toFindOptions(query, spec));
      return { items: toPlainList<T>(rows), total: count, page: query.page, size: query.size };
    },
    find: async (id, tx) => toPlain<T>(await model.findByPk(id, { transaction: tx })),
    create: async (input, tx) => toPlain<T>(await model.create({ ...input }, { transaction: tx })) as T,
    async update(id, patch, tx) {
      const [, rows] = await model.update({ ...patch }, { where: { id }, returning: true, transaction: tx });
      return toPlain<T>(rows[0] ?? null);
    },
    async remove(id, tx) {
      const row = await model.findByPk(id, { transaction: tx, lock: tx.LOCK.UPDATE });
      if (!row) return undefined;
      await row.destroy({ transaction: tx });
      return toPlain<T>(row);
    },
  };
}
