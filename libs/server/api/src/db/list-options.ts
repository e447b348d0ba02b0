import { Op, type FindOptions, type Order, type WhereOptions } from 'sequelize';
import type { ListQuery } from '@dsm/contracts';

export interface ListSpec {
  /** Columns `q` searches (case-insensitive substring). */
  searchColumns: readonly string[];
  /** Query parameters that filter by equality on the column of the same name. */
  filterColumns: readonly string[];
}

/** Translates a parsed list query into Sequelize options: filters, search, sort and a page. */
export function toFindOptions(query: ListQuery & Record<string, unknown>, spec: ListSpec): FindOptions {
  const where: Record<string | symbol, unknown> = {};
  for (const column of spec.filterColumns) {
    if (query[column] !== undefined) where[column] = query[column];
  }
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where[Op.or] = spec.searchColumns.map((column) => ({ [column]: { [Op.iLike]: pattern } }));
  }
  const sort = query.sort ?? 'id';
  const order: Order = [[sort.replace(/^-/, ''), sort.startsWith('-') ? 'DESC' : 'ASC']];
  if (!/^-?id$/.test(sort)) order.push(['id', 'ASC']);
  return { where: where as WhereOptions, order, limit: query.size, offset: (query.page - 1) * query.size };
}
