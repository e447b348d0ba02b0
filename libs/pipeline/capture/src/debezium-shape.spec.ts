import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawTopic, transactionTopic } from '@dsm/contracts';
import type { ConsumedRecord } from '@dsm/eventlog';
import { createCaptureStage, type CaptureStage } from './capture.stage';
import { createCaptureHarness, quietLogger, readTopic, waitFor, type CaptureHarness } from './testing';

const fixtures = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures/debezium-postgres-events.json'), 'utf8')) as Record<string, unknown>;

/** The structure of a JSON value: keys and value types, not the values themselves. */
function shapeOf(value: unknown): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length > 0 ? [shapeOf(value[0])] : [];
  if (typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, shapeOf((value as Record<string, unknown>)[key])]));
  }
  return typeof value;
}

/** The envelope's shape with the row images reduced to "row" (fixture rows are another table). */
function envelopeShape(event: Record<string, unknown>): unknown {
  const rowOrNull = (row: unknown) => (row === null ? 'null' : 'row');
  return shapeOf({ ...event, before: rowOrNull(event['before']), after: rowOrNull(event['after']) });
}

describe('built-in capture output against Debezium\'s documented PostgreSQL events', () => {
  let harness: CaptureHarness;
  let stage: CaptureStage;
  let records: ConsumedRecord[];
  let transactions: ConsumedRecord[];
  const valueOf = (op: string) => JSON.parse(records.find((r) => r.value !== null && JSON.parse(r.value).op === op)!.value!) as Record<string, unknown>;

  beforeAll(async () => {
    harness = await createCaptureHarness('shape');
    await harness.sql(`insert into organizations (name) values ('Existing')`);
    stage = createCaptureStage({ domainUrl: harness.domain.url, log: harness.log, prefix: 'dsm', slotName: harness.slotName, logger: quietLogger });
    await stage.start();
    await waitFor(async () => stage.status().phase === 'streaming', 'streaming');
    const [org] = await harness.sql<{ id: string }>(`insert into organizations (name, created_at) values ('Acme', '2024-05-01 10:30:00.12+02') returning id`);
    await harness.sql(`update organizations set name = 'Acme Ltd' where id = $1`, [org.id]);
    await harness.sql('delete from organizations where id = $1', [org.id]);
    records = await waitFor(async () => {
      const all = await readTopic(harness.log, rawTopic('dsm', 'organizations'));
      return all.some((r) => r.value === null) && all;
    }, 'the delete and its tombstone');
    transactions = await readTopic(harness.log, transactionTopic('dsm'));
  });

  afterAll(async () => {
    await stage?.stop();
    await harness?.cleanup();
  });

  it.each([['create', 'c'], ['update', 'u'], ['delete', 'd'], ['read', 'r']])('has the shape of Debezium\'s %s event', (fixture, op) => {
    expect(envelopeShape(valueOf(op))).toEqual(envelopeShape(fixtures[fixture] as Record<string, unknown>));
  });

  it('keys events like Debezium and follows a delete with a tombstone of the same key', () => {
    expect(shapeOf(JSON.parse(records[0].key!))).toEqual(shapeOf(fixtures['key']));
    const deleteIndex = records.findIndex((r) => r.value !== null && JSON.parse(r.value).op === 'd');
    expect(records[deleteIndex + 1]).toMatchObject({ key: records[deleteIndex].key, value: null });
  });

  it('encodes row values as the connector settings do (ZonedTimestamp, int64 ids)', () => {
    const created = valueOf('c')['after'] as Record<string, unknown>;
    expect(shapeOf(created)).toEqual(shapeOf(fixtures['organizationRow']));
    expect(created['created_at']).toBe('2024-05-01T08:30:00.120000Z');
    expect(JSON.parse(String((valueOf('c')['source'] as Record<string, unknown>)['sequence']))).toHaveLength(2);
  });

  it('writes BEGIN and END records in the shape of Debezium\'s transaction metadata', () => {
    const values = transactions.map((r) => JSON.parse(r.value!) as Record<string, unknown>);
    expect(shapeOf(values.find((v) => v['status'] === 'BEGIN'))).toEqual(shapeOf(fixtures['begin']));
    expect(shapeOf(values.find((v) => v['status'] === 'END'))).toEqual(shapeOf({ ...(fixtures['end'] as object), data_collections: [{ data_collection: 'public.organizations', event_count: 1 }] }));
    expect(shapeOf(JSON.parse(transactions[0].key!))).toEqual(shapeOf(fixtures['transactionKey']));
  });
});
