import type { Transaction } from 'sequelize';
import type { Order, OrderInput, OrderPatch, Page } from '@dsm/contracts';
import type { Database } from '@dsm/data';
import { toFindOptions, type ListSpec } from '../db/list-options';
import { toPlain, toPlainList } from '../db/plain';

export type OrderListQuery = { page: number; size: number; q?: string; sort?: string } & Record<string, unknown>;

const LIST_SPEC: ListSpec = { searchColumns: ['po'], filterColumns: ['organization_id', 'customer_id', 'status', 'priority'] };

export interface OrderRepository {
  list(query: OrderListQuery): Promise<Page<Order>>;
  find(id: number, tx?: Transaction): Promise<Order | undefined>;
  /** Locks the order row for the rest of the transaction; false when there is none. */
  lock(id: number, tx: Transaction): Promise<boolean>;
  create(input: OrderInput, tx: Transaction): Promise<Order>;
  update(id: number, patch: Omit<OrderPatch, 'items'>, tx: Transaction): Promise<void>;
  replaceItems(id: number, items: OrderInput['items'], tx: Transaction): Promise<void>;
  remove(id: number, tx: Transaction): Promise<void>;
}

export function createOrderRepository({ sequelize, models }: Database): OrderRepository {
  // Items are shown without timestamps: the contract's OrderItem is exactly id, order, product, quantity.
  const withItems = { model: models.OrderItem, as: 'items', attributes: ['id', 'order_id', 'product_id', 'quantity'], separate: true, order: [['id', 'ASC']] as [string, string][] };
  const find = async (id: number, tx?: Transaction) =>
    toPlain<Order>(await models.Order.findByPk(id, { include: [withItems], transaction: tx }));
  const replaceItems = async (id: number, items: OrderInput['items'], tx: Transaction) => {
    await models.OrderItem.destroy({ where: { order_id: id }, transaction: tx });
    await models.OrderItem.bulkCreate(items.map((item) => ({ ...item, order_id: id })), { transaction: tx });
  };
  return {
    async list(query) {
      const { rows, count } = await models.Order.findAndCountAll({ ...toFindOptions(query, LIST_SPEC), include: [withItems], distinct: true });
      return { items: toPlainList<Order>(rows), total: count, page: query.page, size: query.size };
    },
    find,
    lock: async (id, tx) => (await models.Order.findByPk(id, { transaction: tx, lock: tx.LOCK.UPDATE, attributes: ['id'] })) !== null,
    async create({ items, ...order }, tx) {
      // The calendar date is the database's: one clock for every writer.
      const row = await models.Order.create({ ...order, order_date: order.order_date ?? sequelize.literal('current_date') }, { transaction: tx });
      const id = row.get('id') as number;
      await replaceItems(id, items, tx);
      return (await find(id, tx)) as Order;
    },
    async update(id, patch, tx) {
      if (Object.keys(patch).length > 0) await models.Order.update({ ...patch }, { where: { id }, transaction: tx });
    },
    replaceItems,
    async remove(id, tx) {
      await models.Order.destroy({ where: { id }, transaction: tx });
    },
  };
}
