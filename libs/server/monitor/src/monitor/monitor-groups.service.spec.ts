import { stageEventsTopic } from '@dsm/contracts';
import { createTestPool, createTestDatabase, type TestDatabase } from '@dsm/data/testing';
import { createPostgresEventLog, type PostgresEventLog } from '@dsm/eventlog';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../testing/wait-for';
import { isStaleMonitorGroup } from './monitor-groups.service';
import { createMonitorService, type MonitorService } from './monitor.service';

const HOUR = 60 * 60 * 1000;
const logger = pino({ level: 'silent' });

let db: TestDatabase;
let sql: pg.Pool;
const logs: PostgresEventLog[] = [];
const monitors: MonitorService[] = [];

beforeAll(async () => {
  db = await createTestDatabase('monitorgroups');
  sql = createTestPool(db.url, 2);
});

afterAll(async () => {
  await Promise.all(monitors.map((monitor) => monitor.stop()));
  await Promise.all(logs.map((log) => log.close()));
  await sql?.end();
  await db?.drop();
});

function openLog(): PostgresEventLog {
  const log = createPostgresEventLog({ url: db.url, defaultPartitions: 2, maintenanceIntervalMs: 0, pollIntervalMs: 200, logger });
  logs.push(log);
  return log;
}

async function startMonitor(eventLog: PostgresEventLog, prefix: string, options: { instanceId?: string; groupIdleMs?: number } = {}): Promise<MonitorService> {
  const monitor = createMonitorService({ eventLog, prefix, pollIntervalMs: HOUR, logger, ...options });
  monitors.push(monitor);
  await monitor.start();
  return monitor;
}

/** A group as a stopped server leaves it: committed offsets, last written `age` ago. */
async function leaveCommittedGroup(log: PostgresEventLog, groupId: string, topic: string, age: string): Promise<void> {
  await log.resetOffsets(groupId, [topic], 'latest');
  await sql.query(`update eventlog.group_offsets set updated_at = now() - $2::interval where group_id = $1`, [groupId, age]);
}

describe('isStaleMonitorGroup', () => {
  it.each([
    [{ members: 0, lastCommitAt: 0 }, true],
    [{ members: 0, lastCommitAt: null }, true],
    [{ members: 0, lastCommitAt: 10 * HOUR - HOUR / 2 }, false],
    [{ members: 1, lastCommitAt: 0 }, false],
  ])('with an idle limit of 1 h at 10 h, %o is stale: %s', (group, stale) => {
    expect(isStaleMonitorGroup({ groupId: 'dsm.monitor.x', ...group }, HOUR, 10 * HOUR)).toBe(stale);
  });
});

describe('monitor consumer group housekeeping (real embedded event log)', () => {
  it('deletes its own group, committed offsets and all, on a clean stop', async () => {
    const log = openLog();
    const monitor = await startMonitor(log, 'mg1');
    const topic = stageEventsTopic('mg1');
    const probe = { traceId: 'probe', lsn: null, stage: 'notify', entity: 'probe', key: null, at: Date.now(), latencyMs: null, batch: 0 };
    await waitFor(async () => {
      await log.produce([{ topic, key: 'probe', value: JSON.stringify(probe) }]);
      return monitor.aggregator.trace('probe') !== null;
    }, { intervalMs: 300 });
    await waitFor(async () => (await log.listGroups('mg1.monitor.'))[0]?.lastCommitAt !== null);
    expect(await log.listGroups('mg1.monitor.')).toEqual([expect.objectContaining({ groupId: monitor.groupId, members: 1 })]);

    await monitor.stop();

    expect(await log.listGroups('mg1.')).toEqual([]);
    expect((await log.describeLag(monitor.groupId, [topic])).every((partition) => partition.committedOffset === null)).toBe(true);
  });

  it('at start deletes stopped servers’ monitor groups idle past the limit, and nothing else', async () => {
    const topic = stageEventsTopic('mg2');
    await startMonitor(openLog(), 'mg2', { instanceId: 'live' });
    const log = openLog();
    await leaveCommittedGroup(log, 'mg2.monitor.old', topic, '2 days');
    await leaveCommittedGroup(log, 'mg2.monitor.recent', topic, '2 minutes');
    await leaveCommittedGroup(log, 'mg2.view', topic, '2 days');
    // A server killed before its monitor ever committed leaves only an expired member row.
    await sql.query(`insert into eventlog.group_members values ('mg2.monitor.crashed', 'm-1', array[$1], now() - interval '1 hour')`, [topic]);

    await startMonitor(log, 'mg2', { instanceId: 'fresh' });
    const afterDefault = (await log.listGroups('mg2.')).map((group) => group.groupId);
    await startMonitor(openLog(), 'mg2', { instanceId: 'strict', groupIdleMs: 60_000 });
    const afterStrict = (await log.listGroups('mg2.')).map((group) => group.groupId);

    expect(afterDefault).toEqual(['mg2.monitor.fresh', 'mg2.monitor.live', 'mg2.monitor.recent', 'mg2.view']);
    expect(afterStrict).toEqual(['mg2.monitor.fresh', 'mg2.monitor.live', 'mg2.monitor.strict', 'mg2.view']);
  });
});
