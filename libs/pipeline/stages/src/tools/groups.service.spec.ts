import { createTestDatabase, type TestDatabase } from '@dsm/data/testing';
import { createPostgresEventLog, type PostgresEventLog } from '@dsm/eventlog';
import { createCollector, silentLogger, waitFor } from '@dsm/eventlog/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeGroups } from './groups.service';

const TOPIC = 'dsm.clean.deliveries';

describe('dsm groups (real embedded event log)', () => {
  let database: TestDatabase;
  let log: PostgresEventLog;

  beforeAll(async () => {
    database = await createTestDatabase('groups');
    log = createPostgresEventLog({ url: database.url, defaultPartitions: 1, maintenanceIntervalMs: 0, pollIntervalMs: 200, logger: silentLogger });
    await log.ensureTopics([{ name: TOPIC, partitions: 1 }]);
    const tenSecondsAgo = Date.now() - 10_000;
    await log.produce(Array.from({ length: 5 }, (_, i) => ({ topic: TOPIC, key: String(i), value: '{}', timestamp: tenSecondsAgo })));
  });
  afterAll(async () => {
    await log?.close();
    await database?.drop();
  });

  async function consumeEverything(groupId: string) {
    const subscription = await log.subscribe({ groupId, topics: [TOPIC] }, createCollector().handler);
    await waitFor(async () => (await log.describeLag(groupId, [TOPIC]))[0]?.committedOffset === '5', `${groupId} caught up`);
    return subscription;
  }

  it('lists each group under a prefix with its live members, lag in records and seconds, and last commit', async () => {
    const running = await consumeEverything('dsm.etl');
    await log.resetOffsets('dsm.view', [TOPIC], 'earliest');
    await log.resetOffsets('other.view', [TOPIC], 'earliest');

    const groups = await summarizeGroups(log, 'dsm.');
    await running.stop();

    expect(groups.map(({ groupId, members, lag }) => ({ groupId, members, lag }))).toEqual([
      { groupId: 'dsm.etl', members: 1, lag: 0 },
      { groupId: 'dsm.view', members: 0, lag: 5 },
    ]);
    expect(groups[0].lagSeconds).toBe(0);
    expect(groups[1].lagSeconds).toBeGreaterThanOrEqual(10);
    for (const group of groups) expect(Date.parse(group.lastCommit ?? '')).not.toBeNaN();
    expect((await summarizeGroups(log)).map((group) => group.groupId)).toContain('other.view');
  });

  it('deletes a group only once its members have stopped', async () => {
    const running = await consumeEverything('dsm.index');

    await expect(log.deleteGroup('dsm.index')).rejects.toThrow('Group "dsm.index" has 1 live member(s): stop them before deleting it');
    expect((await summarizeGroups(log, 'dsm.index')).map((group) => group.groupId)).toEqual(['dsm.index']);
    await running.stop();
    await log.deleteGroup('dsm.index');

    expect(await summarizeGroups(log, 'dsm.index')).toEqual([]);
    await expect(log.deleteGroup('dsm.index')).rejects.toThrow('No group "dsm.index"');
  });
});
