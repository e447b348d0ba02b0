import { createPostgresEventLog, type EventLog } from '@dsm/eventlog';
import { createPostgresSearchIndex, type SearchIndex } from '@dsm/search';
import type pg from 'pg';
import { createResilientPool } from '@dsm/data';
import { startStack, type BenchStack } from './stack/stack';
import { spawnWorker, type WorkerEnv, type WorkerProcess } from './stack/worker.process';
import { loadState } from './workload/load.runner';
import type { WorkloadState } from './workload/transactions';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** A running stack plus the clients a scenario measures with; the worker can be replaced. */
export interface BenchContext {
  stack: BenchStack;
  prefix: string;
  slotName: string;
  pool: pg.Pool;
  referencePool: pg.Pool;
  state: WorkloadState;
  referenceState: WorkloadState;
  search: SearchIndex;
  log: EventLog;
  worker: WorkerProcess | undefined;
  /** Peak RSS (MB) of every worker process started so far. */
  workerPeakRssMb: number;
  startWorker(options?: Pick<WorkerEnv, 'stages' | 'walWarnBytes'>): Promise<WorkerProcess>;
  stopWorker(signal?: NodeJS.Signals): Promise<void>;
  /** Drops the worker's slot once its walsender has let go (the worker must be stopped). */
  dropSlot(): Promise<void>;
  close(): Promise<void>;
}

export async function openBenchContext(): Promise<BenchContext> {
  const stack = await startStack();
  // Chaos restarts PostgreSQL under the load: lost connections fail their transaction, not the harness.
  const pool = createResilientPool({ connectionString: stack.domainUrl, max: 24 }, { name: 'bench load', logger: quiet });
  const referencePool = createResilientPool({ connectionString: stack.referenceUrl, max: 24 }, { name: 'bench reference', logger: quiet });
  const context: BenchContext = {
    stack, prefix: 'dsm', slotName: `bench_${Date.now().toString(36)}`,
    pool, referencePool, state: await loadState(pool), referenceState: await loadState(referencePool),
    search: createPostgresSearchIndex({ url: stack.pipelineUrl, logger: quiet }),
    log: createPostgresEventLog({ url: stack.pipelineUrl, defaultPartitions: 3, maintenanceIntervalMs: 0, logger: quiet }),
    worker: undefined,
    workerPeakRssMb: 0,
    async startWorker(options = {}) {
      await context.stopWorker();
      context.worker = await spawnWorker({ domainUrl: stack.domainUrl, pipelineUrl: stack.pipelineUrl, slotName: context.slotName, ...options });
      return context.worker;
    },
    async stopWorker(signal = 'SIGTERM') {
      if (!context.worker) return;
      context.workerPeakRssMb = Math.max(context.workerPeakRssMb, context.worker.peakRssMb());
      await context.worker.kill(signal);
      context.worker = undefined;
    },
    async dropSlot() {
      for (let attempt = 0; ; attempt++) {
        const { rows } = await pool.query<{ active: boolean }>('select active from pg_replication_slots where slot_name = $1', [context.slotName]);
        if (!rows.length) return;
        if (!rows[0].active) return void (await pool.query('select pg_drop_replication_slot($1)', [context.slotName]));
        // The walsender outlives its client by a moment after a kill.
        if (attempt > 100) await pool.query('select pg_terminate_backend(active_pid) from pg_replication_slots where slot_name = $1', [context.slotName]);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async close() {
      await context.stopWorker();
      await context.dropSlot().catch(() => undefined);
      await Promise.allSettled([pool.end(), referencePool.end(), context.search.close(), context.log.close()]);
      await stack.stop();
    },
  };
  return context;
}
