import { createTestDatabase, type TestDatabase } from '@dsm/data/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresEventLog, type PostgresEventLog } from './postgres-eventlog.adapter';

describe('postgres event log: produce', () => {
  let db: TestDatabase;
  let log: PostgresEventLog;
  beforeAll(async () => {
    db = await createTestDatabase('produce');
    log = createPostgresEventLog({ url: db.url, defaultPartitions: 2, maintenanceIntervalMs: 0 });
  });
  afterAll(async () => {
    await log.close();
    await db.drop();
  });

  it('makes a multi-record produce atomic: one bad record and none is written, no offset used', async () => {
    await log.ensureTopics([{ name: 'atomic', partitions: 1 }]);
    const bad = [{ topic: 'atomic', key: 'a', value: '{"ok":1}' }, { topic: 'atomic', key: 'b', value: 'nul \u0000 byte' }];

    await expect(log.produce(bad)).rejects.toThrow();
    const [next] = await log.produce([{ topic: 'atomic', key: 'c', value: '{}' }]);

    expect((await log.read('atomic')).map((r) => r.key)).toEqual(['c']);
    expect(next.offset).toBe('0');
  });

  it('keeps keys, values and headers exactly as given, whatever characters they hold', async () => {
    await log.ensureTopics([{ name: 'verbatim', partitions: 1 }]);
    // Any Unicode text but NUL, which PostgreSQL text cannot hold (the test above).
    const text = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\u0000'));
    const record = fc.record({ key: fc.option(text), value: fc.option(text), headers: fc.dictionary(text, text, { maxKeys: 3 }) });
    let produced = 0;
    await fc.assert(fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 8 }), async (records) => {
      await log.produce(records.map((r) => ({ topic: 'verbatim', ...r })));
      const read = await log.read('verbatim', { fromOffset: String(produced) });
      produced += records.length;
      expect(read.map(({ key, value, headers }) => ({ key, value, headers }))).toEqual(records);
    }), { numRuns: 60 });
  });

  it('gives concurrent producers gapless, unique offsets, each call contiguous', async () => {
    await log.ensureTopics([{ name: 'concurrent', partitions: 1 }]);
    const calls = Array.from({ length: 20 }, (_, c) =>
      log.produce(Array.from({ length: 10 }, (_, i) => ({ topic: 'concurrent', key: `k${c}`, value: String(i) }))),
    );

    const results = await Promise.all(calls);

    const all = results.flat().map((p) => Number(p.offset)).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 200 }, (_, i) => i));
    for (const call of results) {
      const offsets = call.map((p) => Number(p.offset));
      expect(offsets).toEqual(offsets.map((_, i) => offsets[0] + i));
    }
  });

  it('lets producers spanning many partitions, in any order, run concurrently without deadlock or gaps', async () => {
    const topics = ['wide-a', 'wide-b', 'wide-c'];
    await log.ensureTopics(topics.map((name) => ({ name, partitions: 4 })));
    const calls = Array.from({ length: 24 }, (_, c) => {
      const order = c % 2 === 0 ? topics : [...topics].reverse();
      return log.produce(order.flatMap((topic) => Array.from({ length: 8 }, (_, i) => ({ topic, key: `k${(c + i) % 11}`, value: `${c}` }))));
    });

    const produced = (await Promise.all(calls)).flat();

    const byPartition = new Map<string, number[]>();
    for (const p of produced) byPartition.set(`${p.topic}/${p.partition}`, [...(byPartition.get(`${p.topic}/${p.partition}`) ?? []), Number(p.offset)]);
    expect([...byPartition.values()].reduce((sum, offsets) => sum + offsets.length, 0)).toBe(24 * 24);
    for (const offsets of byPartition.values()) expect(offsets.sort((a, b) => a - b)).toEqual(offsets.map((_, i) => i));
  });

  it('creates a missing topic with the default partition count on first produce', async () => {
    const [produced] = await log.produce([{ topic: 'auto.created', key: null, value: '{}' }]);

    expect((await log.listTopics()).find((t) => t.name === 'auto.created')).toEqual({ name: 'auto.created', partitions: 2, compacted: false });
    expect(produced.topic).toBe('auto.created');
  });

  it('rejects an explicit partition the topic does not have', async () => {
    await log.ensureTopics([{ name: 'two', partitions: 2 }]);

    await expect(log.produce([{ topic: 'two', key: null, value: '{}', partition: 2 }])).rejects.toThrow(/Partition 2 does not exist/);
  });

  it('prepares its schema once when several processes start at the same moment', async () => {
    const fresh = await createTestDatabase('schema');
    const logs = Array.from({ length: 4 }, () => createPostgresEventLog({ url: fresh.url, defaultPartitions: 1, maintenanceIntervalMs: 0 }));
    try {
      await Promise.all(logs.map((l, i) => l.ensureTopics([{ name: `t${i}` }])));
      expect((await logs[0].listTopics()).map((t) => t.name)).toEqual(['t0', 't1', 't2', 't3']);
    } finally {
      await Promise.all(logs.map((l) => l.close()));
      await fresh.drop();
    }
  });
});
