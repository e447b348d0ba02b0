import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliverySchema, OutboxRowSchema, DeliveryStatusChangedSchema, pageOf } from '@dsm/contracts';
import { createApiHarness, rowCounts, signIn, xminOf, type ApiHarness, type SignedIn } from '../testing/api-harness';
import { DETAILS, createOrder } from '../testing/fixtures';

describe('deliveries', () => {
  let h: ApiHarness;
  let dispatcher: SignedIn;
  beforeAll(async () => {
    h = await createApiHarness();
    dispatcher = await signIn(h.app, h.sql, 'dispatcher');
  });
  afterAll(() => h.close());

  async function createDelivery(body: object = {}) {
    const { order } = await createOrder(dispatcher);
    const res = await dispatcher.post('/api/deliveries', { order_id: order.id, details: DETAILS, ...body }).expect(201);
    return { delivery: DeliverySchema.parse(res.body.data), txId: res.body.txId as string };
  }

  function recordState(id: number, attempt: number, state: string, reason?: string) {
    return dispatcher.post(`/api/deliveries/${id}/attempts/${attempt}/state-changes`, reason ? { state, reason } : { state });
  }

  it('creates a delivery with its details and a delivery.created outbox row in one transaction', async () => {
    const { delivery, txId } = await createDelivery({ delivery_type: 'express', mileage: 12, dispatch_at: '2027-01-05T09:00:00+01:00' });
    expect(delivery).toMatchObject({ status: 'created', delivery_type: 'express', mileage: 12, attempts: [], dispatch_at: '2027-01-05T08:00:00.000Z' });
    expect(delivery.details).toMatchObject({ from_country: 'US', to_city: 'Shelbyville', from_state: null });
    expect(await xminOf(h.sql, 'deliveries', 'id = $1', [delivery.id])).toEqual([txId]);
    expect(await xminOf(h.sql, 'delivery_details', 'delivery_id = $1', [delivery.id])).toEqual([txId]);
    const outbox = await h.sql.query('select * from outbox where xmin::text = $1', [txId]);
    expect(outbox.rows.map((row) => OutboxRowSchema.parse({ ...row, created_at: row.created_at.toISOString() }).type)).toEqual(['delivery.created']);
  });

  it('answers a create with the delivery and outbox payload exactly as a later GET reads it', async () => {
    const bodies = [{}, { delivery_type: 'freight', notes: 'Fragile', mileage: 0, dispatch_at: '2027-03-01T23:30:00-05:00' }, { notes: 'a NUL \u0000 inside' }];
    for (const body of bodies) {
      const { delivery, txId } = await createDelivery(body);
      const read = (await dispatcher.get(`/api/deliveries/${delivery.id}`).expect(200)).body;
      expect(delivery).toEqual(read);
      expect(Object.keys(delivery.details).sort()).toEqual(Object.keys(read.details).sort());
      const outbox = await h.sql.query('select payload from outbox where xmin::text = $1', [txId]);
      expect(outbox.rows.map((row) => row.payload)).toEqual([read]);
    }
  });

  it('gets one delivery and lists them filtered by status and order', async () => {
    const { delivery } = await createDelivery();
    expect(DeliverySchema.parse((await dispatcher.get(`/api/deliveries/${delivery.id}`).expect(200)).body).id).toBe(delivery.id);
    const res = await dispatcher.get(`/api/deliveries?order_id=${delivery.order_id}&status=created`).expect(200);
    expect(pageOf(DeliverySchema).parse(res.body).items.map((d) => d.id)).toEqual([delivery.id]);
    expect((await dispatcher.get(`/api/deliveries?order_id=${delivery.order_id}&status=delivered`).expect(200)).body.total).toBe(0);
  });

  it('patches fields and details together and emits delivery.updated', async () => {
    const { delivery } = await createDelivery();
    const res = await dispatcher.patch(`/api/deliveries/${delivery.id}`, { notes: 'Fragile', details: { to_city: 'Capital City' } }).expect(200);
    expect(res.body.data).toMatchObject({ notes: 'Fragile', details: { to_city: 'Capital City', to_address: '22 Elm Street' } });
    expect((await h.sql.query('select type from outbox where xmin::text = $1', [res.body.txId])).rows).toEqual([{ type: 'delivery.updated' }]);
  });

  it('refuses a status in a patch: status moves only through state changes', async () => {
    const { delivery } = await createDelivery();
    const before = await rowCounts(h.sql);
    await dispatcher.patch(`/api/deliveries/${delivery.id}`, { status: 'delivered' }).expect(400);
    expect(await rowCounts(h.sql)).toEqual(before);
  });

  it('walks the happy path: attempt, dispatched, in_transit, delivered', async () => {
    const { delivery } = await createDelivery();
    const attempt = await dispatcher.post(`/api/deliveries/${delivery.id}/attempts`).expect(201);
    expect(attempt.body.data.attempts).toMatchObject([{ number: 1, status: 'created' }]);
    expect((await h.sql.query('select type from outbox where xmin::text = $1', [attempt.body.txId])).rows).toEqual([{ type: 'delivery.attempt_started' }]);
    for (const state of ['dispatched', 'in_transit', 'delivered']) await recordState(delivery.id, 1, state).expect(201);
    const final = DeliverySchema.parse((await dispatcher.get(`/api/deliveries/${delivery.id}`).expect(200)).body);
    expect(final.status).toBe('delivered');
    expect(final.attempts[0].status).toBe('delivered');
    expect(final.attempts[0].state_changes.map((c) => [c.state, c.recorded_by])).toEqual([
      ['dispatched', dispatcher.user.email], ['in_transit', dispatcher.user.email], ['delivered', dispatcher.user.email],
    ]);
  });

  it('records a state change as 1 insert + 2 updates + 1 outbox row, all in the transaction txId names', async () => {
    const { delivery } = await createDelivery();
    await dispatcher.post(`/api/deliveries/${delivery.id}/attempts`).expect(201);
    const res = await recordState(delivery.id, 1, 'dispatched', 'Van 7').expect(201);
    const txId = res.body.txId as string;
    expect(res.body.data).toMatchObject({ status: 'dispatched', attempts: [{ status: 'dispatched' }] });
    expect(await xminOf(h.sql, 'state_changes', 'attempt_id = $1', [res.body.data.attempts[0].id])).toEqual([txId]);
    expect(await xminOf(h.sql, 'attempts', 'delivery_id = $1', [delivery.id])).toEqual([txId]);
    expect(await xminOf(h.sql, 'deliveries', 'id = $1', [delivery.id])).toEqual([txId]);
    const outbox = await h.sql.query('select type, payload from outbox where xmin::text = $1', [txId]);
    expect(outbox.rows).toHaveLength(1);
    expect(outbox.rows[0].type).toBe('delivery.status_changed');
    expect(DeliveryStatusChangedSchema.parse(outbox.rows[0].payload)).toEqual({
      delivery_id: delivery.id, order_id: delivery.order_id, attempt: 1, from: 'created', to: 'dispatched', reason: 'Van 7', recorded_by: dispatcher.user.email,
    });
  });

  it('refuses an illegal transition with 409 and writes nothing', async () => {
    const { delivery } = await createDelivery();
    await dispatcher.post(`/api/deliveries/${delivery.id}/attempts`).expect(201);
    const before = await rowCounts(h.sql);
    const res = await recordState(delivery.id, 1, 'delivered').expect(409);
    expect(res.body).toMatchObject({ code: 'illegal_transition', detail: 'Cannot go from created to delivered; allowed next: dispatched, cancelled' });
    expect(await rowCounts(h.sql)).toEqual(before);
    expect((await dispatcher.get(`/api/deliveries/${delivery.id}`)).body.status).toBe('created');
  });

  it('refuses any change after a final state', async () => {
    const { delivery } = await createDelivery();
    await dispatcher.post(`/api/deliveries/${delivery.id}/attempts`).expect(201);
    await recordState(delivery.id, 1, 'cancelled').expect(201);
    const res = await recordState(delivery.id, 1, 'dispatched').expect(409);
    expect(res.body.detail).toMatch(/cancelled is final/);
    await dispatcher.post(`/api/deliveries/${delivery.id}/attempts`).expect(409);
  });

  it('starts a second attempt only after a failed one, and only the current attempt takes states', async () => {
    const { delivery } = await createDelivery();
    await recordState(delivery.id, 1, 'dispatched').expect(409);
    await dispatcher.post(`/api/deliveries/${delivery.id}/attempts`).expect(201);
    await dispatcher.post(`/api/deliveries/${delivery.id}/attempts`).expect(409);
    await recordState(delivery.id, 1, 'dispatched').expect(201);
    await recordState(delivery.id, 1, 'failed', 'Nobody home').expect(201);
    const second = await dispatcher.post(`/api/deliveries/${delivery.id}/attempts`).expect(201);
    expect(second.body.data).toMatchObject({ status: 'created', attempts: [{ number: 1, status: 'failed' }, { number: 2, status: 'created' }] });
    const before = await rowCounts(h.sql);
    await recordState(delivery.id, 1, 'dispatched').expect(409);
    await recordState(delivery.id, 3, 'dispatched').expect(404);
    expect(await rowCounts(h.sql)).toEqual(before);
    await recordState(delivery.id, 2, 'dispatched').expect(201);
  });

  it('serialises concurrent state changes on one delivery, so the state machine cannot be skipped', async () => {
    const { delivery } = await createDelivery();
    await dispatcher.post(`/api/deliveries/${delivery.id}/attempts`).expect(201);
    await recordState(delivery.id, 1, 'dispatched').expect(201);
    // From dispatched both are legal, but neither is legal after the other.
    const results = await Promise.all([recordState(delivery.id, 1, 'cancelled'), recordState(delivery.id, 1, 'in_transit')]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const { rows } = await h.sql.query('select count(*)::int as n from state_changes s join attempts a on a.id = s.attempt_id where a.delivery_id = $1', [delivery.id]);
    expect(rows[0].n).toBe(2);
  });

  it.each([
    ['a missing order', { order_id: 987654, details: DETAILS }, 422, 'order_id'],
    ['missing details', { order_id: 1 }, 400, 'details'],
    ['a three-letter country', { order_id: 1, details: { ...DETAILS, to_country: 'USA' } }, 400, 'details.to_country'],
    ['a negative mileage', { order_id: 1, details: DETAILS, mileage: -1 }, 400, 'mileage'],
    ['an unknown type', { order_id: 1, details: DETAILS, delivery_type: 'teleport' }, 400, 'delivery_type'],
    ['an unknown detail field', { order_id: 1, details: { ...DETAILS, floor: 3 } }, 400, 'details'],
  ])('refuses %s and writes nothing', async (_name, body, status, path) => {
    const before = await rowCounts(h.sql);
    const res = await dispatcher.post('/api/deliveries', body).expect(status);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await rowCounts(h.sql)).toEqual(before);
  });

  it('refuses an unknown state with 400', async () => {
    const { delivery } = await createDelivery();
    await dispatcher.post(`/api/deliveries/${delivery.id}/attempts`).expect(201);
    const res = await recordState(delivery.id, 1, 'created').expect(400);
    expect(res.body.errors[0].path).toBe('state');
  });
});
