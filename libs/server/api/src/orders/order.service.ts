import type { Order, OrderInput, OrderPatch, Page, WriteResult } from '@dsm/contracts';
import type { Writer } from '../db/write-transaction';
import { assertNotEmpty, failNotFound } from '../crud/crud.service';
import type { OrderListQuery, OrderRepository } from './order.repository';

export interface OrderService {
  list(query: OrderListQuery): Promise<Page<Order>>;
  get(id: number): Promise<Order>;
  create(input: OrderInput): Promise<WriteResult<Order>>;
  update(id: number, patch: OrderPatch): Promise<WriteResult<Order>>;
  remove(id: number): Promise<WriteResult<Order>>;
}

/** An order and its items change together; each command emits one `order.*` outbox event. */
export function createOrderService(repository: OrderRepository, writer: Writer): OrderService {
  const event = (type: 'order.created' | 'order.updated' | 'order.deleted', order: Order) =>
    ({ aggregateType: 'order', aggregateId: order.id, type, payload: order }) as const;
  return {
    list: (query) => repository.list(query),
    get: async (id) => (await repository.find(id)) ?? failNotFound('Order', id),
    create: (input) =>
      writer.write(async ({ tx, emit }) => {
        const order = await repository.create(input, tx);
        emit(event('order.created', order));
        return order;
      }),
    update(id, { items, ...fields }) {
      assertNotEmpty({ ...fields, ...(items ? { items } : {}) });
      return writer.write(async ({ tx, emit }) => {
        if (!(await repository.lock(id, tx))) failNotFound('Order', id);
        await repository.update(id, fields, tx);
        if (items) await repository.replaceItems(id, items, tx);
        const order = (await repository.find(id, tx)) as Order;
        emit(event('order.updated', order));
        return order;
      });
    },
    remove: (id) =>
      writer.write(async ({ tx, emit }) => {
        if (!(await repository.lock(id, tx))) failNotFound('Order', id);
        const order = (await repository.find(id, tx)) as Order;
        await repository.remove(id, tx);
        emit(event('order.deleted', order));
        return order;
      }),
  };
}
