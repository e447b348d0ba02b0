import { createTestDatabase, type TestDatabase } from '@dsm/data/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollector, waitFor } from '../testing';
import { createPostgresEventLog } from './postgres-eventlog.adapter';

// The fallback poll and heartbeats are set to an hour: only a NOTIFY can wake the consumer before
// the test's deadline, so delivery proves the wake-up path (no timing assertion involved).
const HOUR = 60 * 60 * 1000;

describe('postgres event log: LISTEN/NOTIFY wake-ups', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('notify');
  });
  afterAll(async () => {
    await db.drop();
  });

  const openSleepyLog = () =>
    createPostgresEventLog({ url: db.url, defaultPartitions: 1, pollIntervalMs: HOUR, sessionTimeoutMs: 3 * HOUR, heartbeatIntervalMs: HOUR, maintenanceIntervalMs: 0 });

  it('wakes an idle consumer when a record is committed', async () => {
    const log = openSleepyLog();
    const collector = createCollector();
    const sub = await log.subscribe({ groupId: 'g1', topics: ['wake'] }, collector.handler);
    await log.describeLag('g1', ['wake']);

    await log.produce([{ topic: 'wake', key: 'k', value: '"hello"' }]);
    await waitFor(() => collector.records().length === 1, 'the record', 10_000);

    await sub.stop();
    await log.close();
    expect(collector.values()).toEqual(['"hello"']);
  });

  it('listens again after its LISTEN connection was killed, and catches up on what it missed', async () => {
    const log = openSleepyLog();
    const collector = createCollector();
    const sub = await log.subscribe({ groupId: 'g2', topics: ['wake2'] }, collector.handler);
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();

    await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query like 'listen %'`);
    await log.produce([{ topic: 'wake2', key: 'k', value: '"after reconnect"' }]);
    await waitFor(() => collector.records().length === 1, 'the record after reconnect', 15_000);

    await admin.end();
    await sub.stop();
    await log.close();
    expect(collector.values()).toEqual(['"after reconnect"']);
  });
});
