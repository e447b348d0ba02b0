import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeEventSchema, rawTopic, type ChangeEvent } from '@dsm/contracts';
import { createPostgresEventLog, type PostgresEventLog, type Subscription } from '@dsm/eventlog';
import { silentLogger } from '@dsm/eventlog/testing';
import type { CaptureLogger } from './capture-options.schema';
import { createCaptureStage, type CaptureStage } from './capture.stage';
import { createResilientPool } from '@dsm/data';
import { startRestartableCluster, startSteadyWriter, type RestartableCluster, type SteadyWriter } from '@dsm/data/testing';
import { readTopic, waitFor, writeOrganizations } from './testing';

interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string | undefined;
  obj: object;
}

/** Remembers what the capture logged, so the test can see the reconnects it announced. */
function recordingLogger(lines: LogLine[]): CaptureLogger {
  const record = (level: LogLine['level']) => (obj: object, msg?: string) => void lines.push({ level, msg, obj });
  return { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
}

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

const idOf = (event: ChangeEvent) => Number((event.after ?? event.before)?.['id']);

describe('capture while PostgreSQL itself restarts under a steady write load', () => {
  const lines: LogLine[] = [];
  const consumed = new Set<number>();
  let cluster: RestartableCluster;
  let log: PostgresEventLog;
  let stage: CaptureStage;
  let consumer: Subscription;
  let writerPool: pg.Pool;
  let writer: SteadyWriter<number[]> | null = null;

  beforeAll(async () => {
    cluster = await startRestartableCluster('restart');
    writerPool = createResilientPool({ connectionString: cluster.domainUrl, max: 2 }, { name: 'test writer', logger: silentLogger });
    log = createPostgresEventLog({ url: cluster.logUrl, defaultPartitions: 3, maintenanceIntervalMs: 0, pollIntervalMs: 200, logger: silentLogger });
    stage = createCaptureStage({
      domainUrl: cluster.domainUrl, log, prefix: 'dsm', slotName: 'restart_slot',
      heartbeatIntervalMs: 500, reconnect: { initialMs: 100, maxMs: 1_000 }, logger: recordingLogger(lines),
    });
    await stage.start();
    await waitFor(async () => stage.status().phase === 'streaming', 'streaming');
    // A downstream consumer on the same log: its pooled connections die with the server too.
    consumer = await log.subscribe({ groupId: 'restart-check', topics: [rawTopic('dsm', 'organizations')] }, async ({ records }) => {
      for (const record of records) if (record.value) consumed.add(idOf(ChangeEventSchema.parse(JSON.parse(record.value))));
    });
  });

  afterAll(async () => {
    await writer?.stop();
    await writerPool?.end();
    await consumer?.stop();
    await stage?.stop();
    await log?.close();
    await cluster?.stop();
  });

  it('keeps running in the same process, reconnects with back-off and loses no commit', { timeout: 240_000 }, async () => {
    const committed: number[] = [];
    const topic = rawTopic('dsm', 'organizations');
    const writeThrough = async (restartMidway: boolean) => {
      const active = startSteadyWriter(writerPool, writeOrganizations);
      writer = active;
      const ids = () => active.committed.flat();
      await waitFor(async () => ids().length >= 40, 'writes', 60_000);
      if (restartMidway) await cluster.restart();
      const sofar = ids().length;
      await waitFor(async () => ids().length >= sofar + 40, 'more writes', 60_000);
      await active.stop();
      writer = null;
      committed.push(...ids());
      return active.failures;
    };

    // Under load: the restart hits open transactions, produces and the consumer mid-flight.
    const failures = await writeThrough(true);
    // Idle: a shutting-down server waits for its walsender until the capture confirms all it sent.
    await waitFor(async () => {
      const ids = new Set((await readTopic(log, topic)).filter((r) => r.value !== null).map((r) => idOf(ChangeEventSchema.parse(JSON.parse(r.value!)))));
      return committed.every((id) => ids.has(id));
    }, 'the capture to catch up before the idle restart', 60_000);
    await cluster.restart();
    await writeThrough(false);
    const [last] = await query<{ id: string }>(cluster.domainUrl, `insert into organizations (name) values ('last') returning id`);
    const expected = [...committed, Number(last.id)];

    const events = await waitFor(async () => {
      const found = (await readTopic(log, topic)).filter((r) => r.value !== null).map((r) => ChangeEventSchema.parse(JSON.parse(r.value!)));
      const ids = new Set(found.map(idOf));
      return expected.every((id) => ids.has(id)) && found;
    }, 'every committed row in the log', 120_000);
    await waitFor(async () => expected.every((id) => consumed.has(id)), 'the consumer group to read every row', 60_000);

    expect(failures).toBeGreaterThan(0);
    const reconnects = lines.filter((line) => line.msg === 'capture: replication interrupted, reconnecting');
    expect(reconnects.length).toBeGreaterThanOrEqual(2);
    expect(reconnects.every((line) => typeof (line.obj as { retryInMs?: unknown }).retryInMs === 'number')).toBe(true);
    expect(stage.status()).toMatchObject({ state: 'running', phase: 'streaming' });

    // At-least-once: a key-version (row at an LSN) may come twice, but only as the same event.
    const byVersion = new Map<string, Set<string>>();
    for (const event of events) {
      const version = `${event.source.lsn}:${idOf(event)}`;
      byVersion.set(version, (byVersion.get(version) ?? new Set()).add(JSON.stringify([event.op, event.before, event.after, event.source.txId])));
    }
    expect([...byVersion.values()].filter((copies) => copies.size > 1)).toEqual([]);

    const latest = new Map<number, unknown>();
    for (const event of events) latest.set(idOf(event), event.after?.['name']);
    const rows = await query<{ id: string; name: string }>(cluster.domainUrl, 'select id, name from organizations');
    expect(rows.filter((row) => latest.get(Number(row.id)) !== row.name)).toEqual([]);
  });
});
