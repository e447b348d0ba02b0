import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderSchema, pageOf } from '@dsm/contracts';
import { createApiHarness, rowCounts, signIn, xminOf, type ApiHarness, type SignedIn } from '../testing/api-harness';
import { createOrder, createOrderParts } from '../testing/fixtures';

describe('orders with items', () => {
  let h: ApiHarness;
  let dispatcher: SignedIn;
  beforeAll(async () => {
    h = await createApiHarness();
    dispatcher = await signIn(h.app, h.sql, 'dispatcher');
  });
  afterAll(() => h.close());

  it('creates an order, its items and one order.created outbox row in the transaction named by txId', async () => {
    const { org, customer, products } = await createOrderParts(dispatcher);
    const res = await dispatcher.post('/api/orders', {
      organization_id: org.id, customer_id: customer.id, po: 'PO-100',
      items: [{ product_id: products[0].id, quantity: 2 }, { product_id: products[1].id, quantity: 5 }],
    }).expect(201);
    const order = OrderSchema.parse(res.body.data);
    expect(order).toMatchObject({ priority: 'medium', status: 'open', po: 'PO-100' });
    expect(order.order_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(order.items.map((item) => item.quantity)).toEqual([2, 5]);
    expect(await xminOf(h.sql, 'orders', 'id = $1', [order.id])).toEqual([res.body.txId]);
    expect(await xminOf(h.sql, 'order_items', 'order_id = $1', [order.id])).toEqual([res.body.txId, res.body.txId]);
    const outbox = await h.sql.query('select type, payload from outbox where xmin::text = $1', [res.body.txId]);
    expect(outbox.rows).toEqual([{ type: 'order.created', payload: order }]);
  });

  it('replaces the items when a patch names them, and keeps them otherwise', async () => {
    const { order, products } = await createOrder(dispatcher);
    const priority = await dispatcher.patch(`/api/orders/${order.id}`, { priority: 'low' }).expect(200);
    expect(priority.body.data.items).toHaveLength(1);
    const items = await dispatcher.patch(`/api/orders/${order.id}`, { items: [{ product_id: products[1].id, quantity: 7 }] }).expect(200);
    expect(items.body.data.items.map((item: { product_id: number; quantity: number }) => [item.product_id, item.quantity])).toEqual([[products[1].id, 7]]);
    expect((await h.sql.query('select type from outbox where xmin::text = $1', [items.body.txId])).rows).toEqual([{ type: 'order.updated' }]);
  });

  it('lists orders filtered by customer, status and priority', async () => {
    const { order } = await createOrder(dispatcher, { priority: 'low' });
    const { customer_id } = (await dispatcher.get(`/api/orders/${order.id}`).expect(200)).body;
    const res = await dispatcher.get(`/api/orders?customer_id=${customer_id}&priority=low&status=open`).expect(200);
    const page = pageOf(OrderSchema).parse(res.body);
    expect(page.items.map((item) => item.id)).toEqual([order.id]);
    expect((await dispatcher.get(`/api/orders?customer_id=${customer_id}&priority=high`).expect(200)).body.total).toBe(0);
  });

  it('deletes an order with its items and deliveries', async () => {
    const { order } = await createOrder(dispatcher);
    const res = await dispatcher.delete(`/api/orders/${order.id}`).expect(200);
    expect((await h.sql.query('select count(*)::int as n from order_items where order_id = $1', [order.id])).rows[0].n).toBe(0);
    expect((await h.sql.query('select type from outbox where xmin::text = $1', [res.body.txId])).rows).toEqual([{ type: 'order.deleted' }]);
  });

  it('refuses an unknown product with 422 naming product_id, and writes no order either', async () => {
    const { org, customer } = await createOrderParts(dispatcher);
    const before = await rowCounts(h.sql);
    const res = await dispatcher.post('/api/orders', {
      organization_id: org.id, customer_id: customer.id, po: 'PO-BAD', items: [{ product_id: 987654, quantity: 1 }],
    }).expect(422);
    expect(res.body.errors).toEqual([{ path: 'product_id', message: 'No such record: 987654' }]);
    expect(await rowCounts(h.sql)).toEqual(before);
  });

  it('refuses a second order with the same PO in one organization with 409', async () => {
    const { org, customer, products } = await createOrderParts(dispatcher);
    const body = { organization_id: org.id, customer_id: customer.id, po: 'PO-DUP', items: [{ product_id: products[0].id, quantity: 1 }] };
    await dispatcher.post('/api/orders', body).expect(201);
    const before = await rowCounts(h.sql);
    const res = await dispatcher.post('/api/orders', body).expect(409);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['organization_id', 'po']);
    expect(await rowCounts(h.sql)).toEqual(before);
  });

  it.each([
    ['no items', { items: [] }, 'items'],
    ['a zero quantity', { items: [{ product_id: 1, quantity: 0 }] }, 'items.0.quantity'],
    ['an unknown priority', { priority: 'urgent' }, 'priority'],
    ['a malformed date', { order_date: '31/12/2026' }, 'order_date'],
  ])('refuses %s with 400 and writes nothing', async (_name, override, path) => {
    const { org, customer, products } = await createOrderParts(dispatcher);
    const before = await rowCounts(h.sql);
    const res = await dispatcher.post('/api/orders', {
      organization_id: org.id, customer_id: customer.id, po: 'PO-X', items: [{ product_id: products[0].id, quantity: 1 }], ...override,
    }).expect(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await rowCounts(h.sql)).toEqual(before);
  });
});
