import { readDeadLetters, replayDeadLetter } from '@dsm/eventlog';
import { createSlotReader } from '@dsm/server-monitor';
import type pg from 'pg';
import type { BenchContext } from '../bench.context';
import { waitForDrain } from '../scenarios/pipeline.probe';
import { withClient } from '../stack/stack';

/** What a fault did; convergence is timed from `since` (the moment the fault was over). */
export interface FaultOutcome {
  since: number;
  /** Poison documents that reached the index DLQ. */
  poisonDeadLettered?: number;
  replayed?: number;
  stageContinued?: boolean;
  alarmRaised?: boolean;
  captureWarned?: boolean;
  retainedWalBytes?: number;
  alarmThresholdBytes?: number;
  extraChanges?: number;
  /** A crash's restart replayed the WAL. */
  crashRecovery?: boolean;
}

export type Fault = (context: BenchContext) => Promise<FaultOutcome>;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const onPipelineDb = <T>(context: BenchContext, work: (client: pg.Client) => Promise<T>): Promise<T> => withClient(context.stack.pipelineUrl, work);

/** SIGKILL: no shutdown hook runs; a new worker resumes from committed offsets and the slot. */
export const killWorker: Fault = async (context) => {
  await context.stopWorker('SIGKILL');
  const since = performance.now();
  await context.startWorker();
  return { since };
};

/** PostgreSQL (domain, log and index alike) stops and starts under the running worker. */
export const restartPostgres: Fault = async (context) => {
  await context.stack.restartPostgres();
  return { since: performance.now() };
};

/**
 * PostgreSQL crashes (immediate shutdown: no checkpoint, WAL not yet flushed is lost, such as an
 * offset commit's) under the running worker and comes back through crash recovery.
 */
export const crashPostgres: Fault = async (context) => {
  const { crashRecovery } = await context.stack.crashPostgres();
  return { since: performance.now(), crashRecovery };
};

/** The search store disappears (its schema renamed away) while writes go on, then comes back. */
export function searchOutage(seconds: number): Fault {
  return async (context) => {
    await onPipelineDb(context, (client) => client.query('alter schema search rename to search_offline'));
    await sleep(seconds * 1000);
    await onPipelineDb(context, (client) => client.query('alter schema search_offline rename to search'));
    return { since: performance.now() };
  };
}

/**
 * Poison: the deliveries index rejects documents whose notes start with POISON (a check
 * constraint the "fix" drops). The rejected documents go to the index DLQ, a later change still
 * becomes searchable (the stage went on), and replaying the dead letters after the fix brings
 * them in.
 */
export function poisonRecords(count: number): Fault {
  return async (context) => {
    const before = (await readDeadLetters(context.log, context.prefix, 'index')).length;
    const table = await onPipelineDb(context, async (client) => {
      const { rows } = await client.query<{ physical_index: string }>("select physical_index from search.aliases where name = 'deliveries'");
      const name = `search."${rows[0].physical_index}"`;
      await client.query(`alter table ${name} add constraint bench_poison check (coalesce(document->>'notes', '') not like 'POISON%') not valid`);
      return name;
    });
    const targets = context.state.deliveries.slice(1, count + 1);
    for (const id of targets) await context.pool.query('update deliveries set notes = $2 where id = $1', [id, `POISON ${id}`]);
    let deadLettered = 0;
    for (const deadline = performance.now() + 60_000; deadLettered < targets.length && performance.now() < deadline; await sleep(100)) {
      deadLettered = (await readDeadLetters(context.log, context.prefix, 'index')).length - before;
    }
    const stageContinued = await waitForDrain(context.pool, context.search, context.state, 180_000).then(() => true, () => false);
    await onPipelineDb(context, (client) => client.query(`alter table ${table} drop constraint bench_poison`));
    const letters = await readDeadLetters(context.log, context.prefix, 'index');
    for (const letter of letters) await replayDeadLetter(context.log, context.prefix, 'index', letter.id);
    return { since: performance.now(), poisonDeadLettered: deadLettered, replayed: letters.length, stageContinued, extraChanges: targets.length };
  };
}

/**
 * The worker stays down while writes go on, until the slot retains `thresholdBytes` more WAL than
 * it did with the worker running (restart_lsn trails the confirmed position by design, so the
 * alarm threshold sits above that baseline). The alarm is the monitor's figure crossing it; the
 * restarted capture's own WAL_WARN_BYTES warning is checked too.
 */
export function slotRetention(thresholdBytes: number): Fault {
  return async (context) => {
    const reader = createSlotReader(context.stack.domainUrl, context.slotName);
    let retained = 0;
    let alarmAt = 0;
    try {
      alarmAt = ((await reader.read())?.retainedWalBytes ?? 0) + thresholdBytes;
      await context.stopWorker();
      for (const deadline = performance.now() + 300_000; retained <= alarmAt && performance.now() < deadline; await sleep(250)) {
        retained = (await reader.read())?.retainedWalBytes ?? 0;
      }
    } finally {
      await reader.close();
    }
    const worker = await context.startWorker({ walWarnBytes: alarmAt });
    const since = performance.now();
    // The capture measures its slot once as it starts.
    const warned = () => worker.logLines().some((line) => line.includes('retains more WAL'));
    for (const deadline = performance.now() + 10_000; !warned() && performance.now() < deadline; ) await sleep(100);
    const captureWarned = warned();
    return { since, alarmRaised: retained > alarmAt, captureWarned, retainedWalBytes: retained, alarmThresholdBytes: alarmAt };
  };
}
