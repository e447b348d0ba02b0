import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageEventsTopic } from '@dsm/contracts';
import { ETL_GROUP } from '@dsm/stages';
import { startSearchHarness, type SearchHarness } from './testing/search-harness';

type Items = { items: Record<string, unknown>[]; total?: number };

const event = (id: string, aggregateId: string, type: string, at: string, version: number) => ({
  op: 'upsert' as const, id, version,
  document: { id, aggregate_type: 'delivery', aggregate_id: aggregateId, type, payload: { n: version }, created_at: at, tx: String(version) },
});

describe('audit, freshness and notification routes', () => {
  let h: SearchHarness;
  let viewer: string;
  let admin: string;
  beforeAll(async () => {
    h = await startSearchHarness();
    [viewer, admin] = [await h.signIn('viewer'), await h.signIn('admin')];
  });
  afterAll(() => h.close());

  it('lists one aggregate\'s events newest first', async () => {
    await h.search.bulk('delivery-events', [
      event('e1', '41', 'DeliveryCreated', '2026-05-01T09:00:00Z', 1),
      event('e2', '41', 'StateChanged', '2026-05-01T10:00:00Z', 2),
      event('e3', '42', 'DeliveryCreated', '2026-05-01T11:00:00Z', 3),
    ]);
    const res = await h.get('/api/audit/events?aggregateId=41&aggregateType=delivery', viewer);
    expect(res.status).toBe(200);
    expect((res.body as Items).items.map((item) => item['id'])).toEqual(['e2', 'e1']);
    expect((res.body as Items).total).toBe(2);
  });

  it('needs an aggregate id of plain characters', async () => {
    expect((await h.get('/api/audit/events', viewer)).status).toBe(400);
    expect((await h.get("/api/audit/events?aggregateId=1'%20or%20'1'='1", viewer)).status).toBe(400);
  });

  it('reports freshness: caught up, then records waiting for a stage group and the indexed LSN', async () => {
    const idle = (await h.get('/api/pipeline/freshness', viewer)).body as Record<string, unknown>;
    expect(idle).toMatchObject({ upToDate: true, waiting: 0, indexedLsn: null, behindBytes: null, behindSeconds: 0 });
    expect(idle['databaseLsn']).toBeGreaterThan(0);

    const topic = `${h.prefix}.public.deliveries`;
    await h.eventLog.ensureTopics([{ name: topic }, { name: stageEventsTopic(h.prefix) }]);
    await h.eventLog.produce([1, 2, 3].map((n) => ({ topic, key: String(n), value: '{}' })));
    await h.eventLog.resetOffsets(ETL_GROUP, [topic], 'earliest');
    const indexedLsn = 1000;
    await h.eventLog.produce([{ topic: stageEventsTopic(h.prefix), key: 't1', value: JSON.stringify({ traceId: 't1', lsn: indexedLsn, stage: 'index', entity: 'deliveries', key: '1', at: Date.now(), latencyMs: 5, batch: 1 }) }]);

    const behind = (await h.get('/api/pipeline/freshness', viewer)).body as { upToDate: boolean; waiting: number; indexedLsn: number; behindBytes: number; databaseLsn: number; lag: Record<string, number> };
    expect(behind.upToDate).toBe(false);
    expect(behind.lag[ETL_GROUP]).toBe(3);
    expect(behind.waiting).toBe(3);
    expect(behind.indexedLsn).toBe(indexedLsn);
    expect(behind.behindBytes).toBe(behind.databaseLsn - indexedLsn);
  });

  it('answers freshness polls on one kept connection, not a new one per call', async () => {
    for (let poll = 0; poll < 3; poll++) expect((await h.get('/api/pipeline/freshness', viewer)).status).toBe(200);
    const { rows } = await h.pool.query<{ count: string }>(`select count(*) from pg_stat_activity where application_name = 'dsm-freshness' and datname = current_database()`);
    expect(Number(rows[0].count)).toBe(1);
  });

  it('lists the notification log of an order and refuses a non-numeric id', async () => {
    await h.pool.query(
      `insert into notify.notifications (event_id, event_type, notification, state, claim_token, recipient, recipient_name, subject, message_id,
         customer_id, order_id, invoice_id, delivery_id, source_topic, source_partition, source_offset)
       values ('ev-1', 'OrderCreated', 'order_confirmation', 'sent', gen_random_uuid(), 'sally@example.test', 'Sally Ride', 'Order PO-1', '<m1@dsm>',
         1, 77, null, null, 'st.outbox.order', 0, 1)`,
    );
    const res = await h.get('/api/notifications?orderId=77', viewer);
    expect(res.status).toBe(200);
    expect((res.body as Items).items).toEqual([expect.objectContaining({ eventId: 'ev-1', type: 'order_confirmation', status: 'sent', orderId: 77 })]);
    expect(((await h.get('/api/notifications?orderId=88', viewer)).body as Items).items).toEqual([]);
    expect((await h.get('/api/notifications?orderId=abc', viewer)).status).toBe(400);
  });

  it('previews a template for admins only, as HTML or JSON', async () => {
    const html = await h.get('/api/notifications/preview/invoice_created', admin);
    expect(html.status).toBe(200);
    expect(html.type).toContain('text/html');
    expect(html.text).toContain('<');
    const json = await h.get('/api/notifications/preview/delivery_failed?format=json', admin);
    expect(json.body).toMatchObject({ type: 'delivery_failed', subject: expect.any(String), text: expect.any(String), html: expect.any(String) });
    expect((await h.get('/api/notifications/preview/invoice_created', viewer)).status).toBe(403);
    expect((await h.get('/api/notifications/preview/nope', admin)).status).toBe(400);
  });
});
