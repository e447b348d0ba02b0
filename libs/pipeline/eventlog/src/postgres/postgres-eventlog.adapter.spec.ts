import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@dsm/data/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEventLogContract, silentLogger, waitFor } from '../testing';
import { createPostgresEventLog } from './postgres-eventlog.adapter';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('eventlog');
});
afterAll(async () => {
  await db.drop();
});

const DAY = 24 * 60 * 60 * 1000;

describeEventLogContract(
  'postgres',
  () => createPostgresEventLog({ url: db.url, defaultPartitions: 3, sessionTimeoutMs: 3_000, maintenanceIntervalMs: 0, tombstoneGraceMs: DAY }),
  { compact: async (log, { afterGrace }) => void (await log.runMaintenance(afterGrace ? Date.now() + 2 * DAY : Date.now())) },
);

describe('postgres event log when the server drops its connections', () => {
  it('fails the operation in hand, keeps the process alive and works again on fresh connections', async () => {
    const log = createPostgresEventLog({ url: db.url, defaultPartitions: 1, maintenanceIntervalMs: 0, logger: silentLogger });
    const admin = new pg.Client({ connectionString: db.url });
    const uncaught: unknown[] = [];
    const note = (error: unknown) => void uncaught.push(error);
    process.on('uncaughtException', note);
    await admin.connect();
    try {
      await log.produce([{ topic: 'restart.check', key: 'k', value: '"before"' }]);
      // Hold the partition row so the next produce waits inside its transaction, checked out.
      await admin.query('begin');
      await admin.query(`select * from eventlog.partitions where topic = 'restart.check' for update`);
      const blocked = log.produce([{ topic: 'restart.check', key: 'k', value: '"lost"' }]);
      blocked.catch(() => undefined);
      await waitForWaitingBackend(admin);
      // What a restart does to every backend: FATAL 57P01, then the socket closes.
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`);
      await admin.query('rollback');

      await expect(blocked).rejects.toThrow();
      // An idle pooled connection can be handed out before its FATAL is read (a NOTIFY after the
      // first produce left one): that produce fails whole, writing nothing, and the next one works.
      // Only that failure is retried; any other error fails the test.
      await waitFor(
        () => log.produce([{ topic: 'restart.check', key: 'k', value: '"after"' }]).then(() => true, (error: unknown) => {
          if (isTerminatedConnection(error)) return false;
          throw error;
        }),
        'a produce on a fresh connection',
      );
      const values = (await log.read('restart.check')).map((record) => record.value);
      expect(values).toEqual(['"before"', '"after"']);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', note);
      await admin.end();
      await log.close();
    }
  });
});

/** The backend was terminated (57P01), or pg saw its socket close before the FATAL was read. */
function isTerminatedConnection(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === '57P01' || /Connection terminated/i.test(message ?? '');
}

// Inside its transaction `admin` would see the activity snapshot of its first look; each probe clears it.
async function waitForWaitingBackend(admin: pg.Client): Promise<void> {
  await waitFor(
    async () => {
      await admin.query('select pg_stat_clear_snapshot()');
      return (await admin.query(`select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)).rows.length > 0;
    },
    'the produce to wait for the held partition row',
  );
}
