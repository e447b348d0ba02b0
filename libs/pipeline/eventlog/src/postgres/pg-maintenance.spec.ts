import { createTestDatabase, type TestDatabase } from '@dsm/data/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollector, waitFor } from '../testing';
import { createPostgresEventLog, type PostgresEventLog } from './postgres-eventlog.adapter';

const HOUR = 60 * 60 * 1000;

describe('postgres event log: retention and compaction', () => {
  let db: TestDatabase;
  let log: PostgresEventLog;
  beforeAll(async () => {
    db = await createTestDatabase('maint');
    log = createPostgresEventLog({ url: db.url, defaultPartitions: 1, maintenanceIntervalMs: 0, defaultRetentionMs: 24 * HOUR });
  });
  afterAll(async () => {
    await log.close();
    await db.drop();
  });

  it('deletes records past their topic retention, never reuses their offsets, and readers skip the hole', async () => {
    await log.ensureTopics([{ name: 'short', retentionMs: HOUR }]);
    const old = Date.now() - 2 * HOUR;
    await log.produce([0, 1, 2].map((i) => ({ topic: 'short', key: 'k', value: String(i), timestamp: old })));
    await log.produce([{ topic: 'short', key: 'k', value: '3' }]);

    const report = await log.runMaintenance();
    const [next] = await log.produce([{ topic: 'short', key: 'k', value: '4' }]);
    const collector = createCollector();
    const sub = await log.subscribe({ groupId: 'reader', topics: ['short'] }, collector.handler);
    await waitFor(() => collector.records().length >= 2, 'the remaining records');
    await sub.stop();

    expect(report).toMatchObject({ expired: 3, ran: true });
    expect(next.offset).toBe('4');
    expect(collector.records().map((r) => [r.offset, r.value])).toEqual([['3', '3'], ['4', '4']]);
  });

  it('uses the default retention for topics without their own, and leaves compacted topics to compaction', async () => {
    await log.ensureTopics([{ name: 'default-retention' }, { name: 'kept', compacted: true }]);
    const old = Date.now() - 48 * HOUR;
    await log.produce([{ topic: 'default-retention', key: 'a', value: '1', timestamp: old }, { topic: 'kept', key: 'a', value: '1', timestamp: old }]);

    await log.runMaintenance();

    expect(await log.read('default-retention')).toEqual([]);
    expect((await log.read('kept')).map((r) => r.value)).toEqual(['1']);
  });

  it('compacts each partition separately and keeps keyless records', async () => {
    await log.ensureTopics([{ name: 'view', partitions: 2, compacted: true }]);
    await log.produce([
      { topic: 'view', key: 'a', value: '1', partition: 0 },
      { topic: 'view', key: 'a', value: '2', partition: 1 },
      { topic: 'view', key: 'a', value: '3', partition: 0 },
      { topic: 'view', key: null, value: 'keyless', partition: 1 },
    ]);

    await log.runMaintenance();

    expect((await log.read('view')).map((r) => `${r.partition}:${r.value}`)).toEqual(['0:3', '1:2', '1:keyless']);
  });

  it('compacts incrementally: a pass looks at what was added since the last one, and removes what that supersedes', async () => {
    await log.ensureTopics([{ name: 'incremental', partitions: 1, compacted: true }]);
    await log.produce([{ topic: 'incremental', key: 'a', value: 'a1' }, { topic: 'incremental', key: 'b', value: 'b1' }]);
    const first = await log.runMaintenance();
    await log.produce([{ topic: 'incremental', key: 'a', value: 'a2' }]);

    const second = await log.runMaintenance();
    const third = await log.runMaintenance();

    expect(first.compacted).toBe(0);
    expect(second.compacted).toBe(1);
    expect(third.compacted).toBe(0);
    expect((await log.read('incremental')).map((r) => r.value)).toEqual(['b1', 'a2']);
  });

  it('runs maintenance in the background', async () => {
    const background = createPostgresEventLog({ url: db.url, defaultPartitions: 1, maintenanceIntervalMs: 100 });
    await background.ensureTopics([{ name: 'bg', compacted: true }]);
    await background.produce([{ topic: 'bg', key: 'x', value: 'old' }, { topic: 'bg', key: 'x', value: 'new' }]);

    await waitFor(async () => (await background.read('bg')).length === 1, 'background compaction');

    expect((await background.read('bg'))[0].value).toBe('new');
    await background.close();
  });
});
