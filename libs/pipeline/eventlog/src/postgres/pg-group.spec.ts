import { spawn } from 'node:child_process';
import path from 'node:path';
import { createTestDatabase, createTestPool, type TestDatabase } from '@dsm/data/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventLogLogger } from '../logger';
import { createCollector, produceNumbered, waitFor } from '../testing';
import { createPostgresEventLog } from './postgres-eventlog.adapter';
import { createGroupRepository } from './pg-group.repository';
import { ensureEventLogSchema } from './pg-schema';

const HOUR = 60 * 60 * 1000;

describe('postgres event log: consumer processes in one group', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('groups');
  });
  afterAll(async () => {
    await db.drop();
  });

  // The takeover may come from the lease running out (1.5 s) or, at once, from the dead process's
  // session lock; with an hour-long lease only the second can make it in time.
  for (const [lease, sessionTimeoutMs] of [['a short', 1_500], ['an hour-long', HOUR]] as const) {
    it(`hands a SIGKILLed member’s partitions to another process, redelivering its uncommitted batch (${lease} lease)`, async () => {
      const [group, topic] = [`g-kill-${sessionTimeoutMs}`, `killed-${sessionTimeoutMs}`];
      const log = createPostgresEventLog({ url: db.url, defaultPartitions: 3, sessionTimeoutMs, maintenanceIntervalMs: 0 });
      await log.ensureTopics([{ name: topic, partitions: 3 }]);
      await produceNumbered(log, topic, 30, 9);
      const fixture = path.join(import.meta.dirname, 'fixtures/hanging-member.ts');
      const child = spawn(process.execPath, ['--import', 'tsx', fixture, db.url, group, topic, String(sessionTimeoutMs)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await waitFor(() => output.includes('\n'), 'the child to receive a batch', 30_000);
      const handledByChild = JSON.parse(output.split('\n')[0]) as string[];

      child.kill('SIGKILL');
      const survivor = createCollector();
      const sub = await log.subscribe({ groupId: group, topics: [topic] }, survivor.handler);
      await waitFor(() => survivor.distinct() >= 30, 'all 30 records after the takeover');
      await sub.stop();
      await log.close();

      const seen = new Set(survivor.records().map((r) => `${r.partition}/${r.offset}`));
      expect(handledByChild.length).toBeGreaterThan(0);
      expect(handledByChild.every((id) => seen.has(id))).toBe(true);
    });
  }

  it('refuses the commit of a member whose partitions were taken over while it was stalled', async () => {
    const warnings: string[] = [];
    const logger: EventLogLogger = { debug: () => undefined, info: () => undefined, warn: (_o, m) => warnings.push(m ?? ''), error: (_o, m) => warnings.push(m ?? '') };
    const stalled = createPostgresEventLog({ url: db.url, defaultPartitions: 1, sessionTimeoutMs: HOUR, heartbeatIntervalMs: HOUR, maintenanceIntervalMs: 0, logger });
    const healthy = createPostgresEventLog({ url: db.url, defaultPartitions: 1, sessionTimeoutMs: 3_000, maintenanceIntervalMs: 0 });
    await stalled.ensureTopics([{ name: 'fenced', partitions: 1 }]);
    await produceNumbered(stalled, 'fenced', 10);
    let release: () => void = () => undefined;
    const held = createCollector(() => new Promise<void>((resolve) => (release = resolve)));
    const subA = await stalled.subscribe({ groupId: 'g-fence', topics: ['fenced'] }, held.handler);
    await waitFor(() => held.records().length > 0, 'A holding a batch');

    // A's lease runs out (as if its process froze); B joins and takes the partition over.
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query(`update eventlog.group_members set expires_at = now() - interval '1 second' where group_id = 'g-fence'`);
    await admin.end();
    const taker = createCollector();
    const subB = await healthy.subscribe({ groupId: 'g-fence', topics: ['fenced'] }, taker.handler);
    await produceNumbered(healthy, 'fenced', 5, 1, 10);
    await waitFor(async () => (await healthy.describeLag('g-fence', ['fenced']))[0].committedOffset === '15', 'B committing all 15');
    release();
    await waitFor(() => warnings.includes('event log: partitions were reassigned, not committed'), 'A’s refused commit');

    expect((await healthy.describeLag('g-fence', ['fenced']))[0].committedOffset).toBe('15');
    expect(taker.distinct()).toBe(15);
    await subB.stop();
    await subA.stop();
    await Promise.all([stalled.close(), healthy.close()]);
  });

  it('commits offsets without waiting for a WAL flush, and other sessions see them at once', async ({ skip }) => {
    // One connection, so its own WAL fsyncs can be counted (per-backend I/O statistics, PostgreSQL 18).
    const pool = createTestPool(db.url, 1);
    const observer = new pg.Client({ connectionString: db.url });
    await observer.connect();
    try {
      const { rows: [{ counted }] } = await observer.query<{ counted: boolean }>(
        `select to_regprocedure('pg_stat_get_backend_io(integer)') is not null as counted`);
      if (!counted) skip('the server does not count I/O per backend (PostgreSQL 18 does)');
      await ensureEventLogSchema(pool);
      const groups = createGroupRepository(pool);
      const [group, member, tp] = ['g-async', 'm1', { topic: 'async-offsets', partition: 0 }];
      const { rows: [{ pid }] } = await pool.query<{ pid: number }>('select pg_backend_pid() as pid');
      const walFsyncs = async () => {
        await pool.query('select pg_stat_force_next_flush()');
        const { rows } = await observer.query<{ fsyncs: string }>(
          `select coalesce(sum(fsyncs), 0) as fsyncs from pg_stat_get_backend_io($1) where object = 'wal'`, [pid]);
        return Number(rows[0].fsyncs);
      };
      const before = await walFsyncs();
      expect(await groups.claim(group, member, tp)).toBe(true);
      // The claim commits as any transaction does: it waits for its WAL to be on disk.
      const afterClaim = await walFsyncs();
      expect(afterClaim).toBeGreaterThan(before);

      for (let offset = 1; offset <= 5; offset++) expect(await groups.commit(group, member, [{ ...tp, offset: String(offset) }])).toEqual([]);

      expect(await walFsyncs()).toBe(afterClaim);
      const { rows } = await observer.query<{ next_offset: string }>(
        'select next_offset::text from eventlog.group_offsets where group_id = $1', [group]);
      expect(rows).toEqual([{ next_offset: '5' }]);
      expect((await pool.query<{ synchronous_commit: string }>('show synchronous_commit')).rows[0]).toEqual({ synchronous_commit: 'on' });
    } finally {
      await observer.end();
      await pool.end();
    }
  });
});
