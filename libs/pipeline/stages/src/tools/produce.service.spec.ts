import { createTestDatabase, type TestDatabase } from '@dsm/data/testing';
import { createPostgresEventLog, type PostgresEventLog } from '@dsm/eventlog';
import { silentLogger } from '@dsm/eventlog/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProduceInput, produceRecord } from './produce.service';

describe('parseProduceInput', () => {
  it('takes a JSON string key as the key itself and compacts JSON values and keys', () => {
    expect(parseProduceInput({ topic: 'dsm.view.full_delivery', key: '"900002"', value: '{ "id": "x" }' })).toEqual({
      topic: 'dsm.view.full_delivery', key: '900002', value: '{"id":"x"}', headers: {},
    });
    expect(parseProduceInput({ topic: 't', key: '{ "id": 1 }', value: 'null' })).toMatchObject({ key: '{"id":1}', value: null });
  });

  it('splits headers at the first "=" and keeps the raw value text when asked', () => {
    const record = parseProduceInput({ topic: 't', key: '1', value: '{not json', raw: true, headers: ['type=order.created', 'note=a=b'] });

    expect(record).toMatchObject({ key: '1', value: '{not json', headers: { type: 'order.created', note: 'a=b' } });
  });

  it.each([
    [{ topic: 't', key: 'abc', value: '{}' }, /--key is not JSON/],
    [{ topic: 't', key: '1', value: '{oops' }, /--value is not JSON/],
    [{ topic: 't', key: '1', value: '{}', headers: ['novalue'] }, /name=value/],
    [{ topic: 't', key: '1', value: '{}', headers: ['a=1', 'a=2'] }, /"a" is given twice/],
  ])('refuses %o with a clear message', (input, message) => {
    expect(() => parseProduceInput(input)).toThrow(message);
  });
});

describe('produceRecord (real embedded event log)', () => {
  let database: TestDatabase;
  let log: PostgresEventLog;

  beforeAll(async () => {
    database = await createTestDatabase('produce');
    log = createPostgresEventLog({ url: database.url, defaultPartitions: 1, maintenanceIntervalMs: 0, pollIntervalMs: 200, logger: silentLogger });
    await log.ensureTopics([{ name: 'dsm.outbox.order', partitions: 1 }]);
  });
  afterAll(async () => {
    await log?.close();
    await database?.drop();
  });

  it('puts the record on the topic with its key, value and headers', async () => {
    const produced = await produceRecord(log, { topic: 'dsm.outbox.order', key: '42', value: '{"id":42,"priority":"high"}', headers: ['type=order.created'] });

    const [stored] = await log.read('dsm.outbox.order', { partition: produced.partition, fromOffset: produced.offset, limit: 1 });
    expect(stored).toMatchObject({ key: '42', value: '{"id":42,"priority":"high"}', headers: { type: 'order.created' } });
  });

  it('refuses a topic that does not exist instead of creating it', async () => {
    await expect(produceRecord(log, { topic: 'dsm.outbox.ordr', key: '1', value: '{}' })).rejects.toThrow(/No topic "dsm.outbox.ordr". Topics: .*dsm.outbox.order/);
    expect((await log.listTopics()).map((topic) => topic.name)).not.toContain('dsm.outbox.ordr');
  });

  it('refuses a name no topic can have with the same message', async () => {
    await expect(produceRecord(log, { topic: 'bad topic', key: '1', value: '{}' })).rejects.toThrow(/No topic "bad topic". Topics: .*dsm.outbox.order/);
  });
});
