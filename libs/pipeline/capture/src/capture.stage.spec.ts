import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChangeEventSchema,
  TransactionEventSchema,
  UNAVAILABLE_VALUE,
  rawTopic,
  transactionTopic,
  type ChangeEvent,
  type StageEvent,
  type TransactionEvent,
} from '@dsm/contracts';
import type { ConsumedRecord } from '@dsm/eventlog';
import { createCaptureStage, type CaptureStage } from './capture.stage';
import { createCaptureHarness, quietLogger, readTopic, seedOrder, waitFor, type CaptureHarness } from './testing';
import { startWalRetentionMonitor } from './wal-retention.monitor';

describe('capture stage, end to end on PostgreSQL and the embedded log', () => {
  let harness: CaptureHarness;
  let stage: CaptureStage;
  const reported: StageEvent[] = [];

  /** Runs statements in one transaction and returns its xid. */
  const inTransaction = async (statements: [string, unknown[]?][]): Promise<number> => {
    const client = new pg.Client({ connectionString: harness.domain.url });
    await client.connect();
    try {
      await client.query('begin');
      for (const [text, params] of statements) await client.query(text, params);
      const { rows } = await client.query<{ xid: string }>('select pg_current_xact_id()::text as xid');
      await client.query('commit');
      return Number(rows[0].xid);
    } finally {
      await client.end();
    }
  };
  const transactionRecords = async () =>
    (await readTopic(harness.log, transactionTopic(harness.prefix))).map((record) => TransactionEventSchema.parse(JSON.parse(record.value ?? 'null')));
  const waitForEnd = (xid: number) =>
    waitFor(async () => (await transactionRecords()).find((event) => event.status === 'END' && event.id.startsWith(`${xid}:`)), `END of ${xid}`);
  const eventsOf = async (table: string): Promise<{ record: ConsumedRecord; event: ChangeEvent | null }[]> =>
    (await readTopic(harness.log, rawTopic(harness.prefix, table))).map((record) => ({
      record,
      event: record.value === null ? null : ChangeEventSchema.parse(JSON.parse(record.value)),
    }));

  beforeAll(async () => {
    harness = await createCaptureHarness('capture');
    await seedOrder(harness, 'Before Start');
    stage = createCaptureStage({
      domainUrl: harness.domain.url, log: harness.log, prefix: harness.prefix, slotName: harness.slotName,
      walWarnBytes: 1, heartbeatIntervalMs: 500, logger: quietLogger,
      reporter: { report: (events) => void reported.push(...events) },
    });
    await stage.start();
    await waitFor(async () => stage.status().phase === 'streaming', 'streaming');
  });

  afterAll(async () => {
    await stage?.stop();
    await harness?.cleanup();
  });

  it('snapshots the rows that existed before the first start as op "r"', async () => {
    const organizations = await eventsOf('organizations');
    const snapshot = organizations.filter(({ event }) => event?.op === 'r');
    expect(snapshot.map(({ event }) => event?.after?.['name'])).toEqual(['Before Start']);
    expect(snapshot[0].event?.before).toBeNull();
    expect(snapshot[0].event?.transaction).toBeNull();
    expect(stage.status().snapshotRows).toBe(3);
  });

  it('delivers mixed-table transactions once, in commit order, with txId, lsn, op and tombstones', async () => {
    const { orderId, customerId } = await seedOrder(harness, 'Mixed');
    const sku = `SKU-${randomBytes(3).toString('hex')}`;
    const first = await inTransaction([
      ['insert into products (name, sku, price) values ($1, $2, 12.50)', ['Crate', sku]],
      ['insert into order_items (order_id, product_id, quantity) select $1, id, 3 from products where sku = $2', [orderId, sku]],
      [`insert into deliveries (order_id, notes, dispatch_at, mileage) values ($1, 'fragile', '2024-05-01 10:30:00.12+02', 42)`, [orderId]],
    ]);
    const second = await inTransaction([
      [`update deliveries set status = 'dispatched' where order_id = $1`, [orderId]],
      ['update customers set phone = $2 where id = $1', [customerId, '+1 555']],
      ['delete from order_items where order_id = $1', [orderId]],
    ]);
    await waitForEnd(second);

    const transactions = (await transactionRecords()).filter((event) => [first, second].some((xid) => event.id.startsWith(`${xid}:`)));
    expect(transactions.map((event) => [event.status, Number(event.id.split(':')[0])])).toEqual([
      ['BEGIN', first], ['END', first], ['BEGIN', second], ['END', second],
    ]);
    const end = transactions[3] as TransactionEvent;
    expect(end.event_count).toBe(3);
    expect(end.data_collections).toEqual([
      { data_collection: 'public.deliveries', event_count: 1 },
      { data_collection: 'public.customers', event_count: 1 },
      { data_collection: 'public.order_items', event_count: 1 },
    ]);

    const items = (await eventsOf('order_items')).filter(({ record }) => JSON.parse(record.key ?? '{}').id !== undefined);
    const ops = items.filter(({ event }) => event === null || event.source.txId === first || event.source.txId === second);
    expect(ops.map(({ event }) => event?.op ?? 'tombstone')).toEqual(['c', 'd', 'tombstone']);
    expect(ops[2].record.key).toBe(ops[1].record.key);
    const created = ops[0].event!;
    expect(created.source).toMatchObject({ connector: 'postgresql', name: 'dsm', db: harness.domain.name, schema: 'public', table: 'order_items', txId: first, snapshot: 'false' });
    expect(created.transaction).toEqual({ id: transactions[0].id, total_order: 2, data_collection_order: 1 });

    const delivery = (await eventsOf('deliveries')).map(({ event }) => event!).filter((event) => event.source.txId === first || event.source.txId === second);
    expect(delivery.map((event) => event.op)).toEqual(['c', 'u']);
    expect(delivery[0].after).toMatchObject({ notes: 'fragile', dispatch_at: '2024-05-01T08:30:00.120000Z', mileage: 42, status: 'created' });
    expect(delivery[1].before?.['status']).toBe('created');
    expect(delivery[1].after?.['status']).toBe('dispatched');
    expect(delivery[1].source.lsn).toBeGreaterThan(delivery[0].source.lsn!);
    expect(delivery[1].transaction?.id).toBe(transactions[2].id);
  });

  it('fills unchanged TOASTed columns from the full old row', async () => {
    const { orderId } = await seedOrder(harness, 'Toast');
    const notes = randomBytes(12_000).toString('base64');
    await harness.sql('insert into deliveries (order_id, notes) values ($1, $2)', [orderId, notes]);
    const xid = await inTransaction([[`update deliveries set mileage = 7 where order_id = $1`, [orderId]]]);
    await waitForEnd(xid);

    const update = (await eventsOf('deliveries')).map(({ event }) => event!).find((event) => event.source.txId === xid)!;
    expect(update.after?.['mileage']).toBe(7);
    expect(update.after?.['notes']).toBe(notes);
    expect(update.before?.['notes']).toBe(notes);
  });

  it('emits Debezium\'s placeholder when a table without a full replica identity leaves a TOAST value out', async () => {
    await harness.sql('alter table delivery_details replica identity default');
    const { orderId } = await seedOrder(harness, 'Placeholder');
    const [delivery] = await harness.sql<{ id: string }>('insert into deliveries (order_id) values ($1) returning id', [orderId]);
    const instructions = randomBytes(12_000).toString('base64');
    await harness.sql(
      `insert into delivery_details (delivery_id, from_contact_name, from_address, from_city, from_country, to_contact_name, to_address, to_city, to_country, to_instructions)
       values ($1, 'A', '1 Road', 'Oslo', 'NO', 'B', '2 Street', 'Bergen', 'NO', $2)`,
      [delivery.id, instructions],
    );
    const xid = await inTransaction([[`update delivery_details set to_city = 'Trondheim' where delivery_id = $1`, [delivery.id]]]);
    await waitForEnd(xid);

    const update = (await eventsOf('delivery_details')).map(({ event }) => event!).find((event) => event.source.txId === xid)!;
    expect(update.after?.['to_city']).toBe('Trondheim');
    expect(update.after?.['to_instructions']).toBe(UNAVAILABLE_VALUE);
  });

  it('reports stage events per batch and the slot\'s retained WAL', async () => {
    const xid = await inTransaction([[`insert into organizations (name) values ('Reported')`]]);
    await waitFor(async () => reported.find((event) => event.traceId === String(xid)), 'stage event');
    const event = reported.find((candidate) => candidate.traceId === String(xid))!;
    expect(event).toMatchObject({ stage: 'capture', entity: 'organizations', batch: expect.any(Number) });
    expect(await stage.checkWalRetention()).toBeGreaterThanOrEqual(0);
  });

  it('measures the slot\'s retained WAL as soon as it starts, not only after its first interval', async () => {
    await inTransaction([[`insert into organizations (name) values ('Retained')`]]);
    const warnings: string[] = [];
    const monitor = startWalRetentionMonitor({
      domainUrl: harness.domain.url, slotName: harness.slotName, warnBytes: 1, intervalMs: 10 * 60_000,
      logger: { ...quietLogger, warn: (_obj, msg) => void warnings.push(msg ?? '') },
    });
    try {
      await waitFor(async () => monitor.retainedWalBytes !== null, 'first measurement', 5_000);
      expect(warnings).toEqual([expect.stringContaining('retains more WAL than WAL_WARN_BYTES')]);
    } finally {
      monitor.stop();
    }
  });
});
