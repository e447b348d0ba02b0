import { createCaptureStage } from '@dsm/capture';
import { createTestPool, createTestDatabase, type TestDatabase } from '@dsm/data/testing';
import { createPostgresEventLog, type EventLog, type PipelineStage, type PostgresEventLog } from '@dsm/eventlog';
import { silentLogger } from '@dsm/eventlog/testing';
import { createPostgresSearchIndex, type SearchIndex } from '@dsm/search';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createEtlStage } from '../etl/etl.stage';
import { createIndexStage } from '../index/index.stage';
import { createViewRepository, type ViewRepository } from '../view/view.repository';
import { createViewStage } from '../view/view.stage';

/** The whole pipeline on real parts: a captured database, the embedded log and search index. */
export interface PipelineHarness {
  domain: TestDatabase;
  pipeline: TestDatabase;
  log: PostgresEventLog;
  search: SearchIndex;
  repository: ViewRepository;
  prefix: string;
  stages: Record<'capture' | 'etl' | 'view' | 'index', PipelineStage>;
  pool: pg.Pool;
  start(names?: (keyof PipelineHarness['stages'])[]): Promise<void>;
  stop(): Promise<void>;
}

export interface PipelineHarnessOptions {
  withCapture?: boolean;
  /** Wraps the log the etl, view and index stages see (fault injection around the real log). */
  wrapLog?: (log: EventLog) => EventLog;
  /** Wraps the search index the index stage writes to. */
  wrapSearch?: (search: SearchIndex) => SearchIndex;
}

export async function createPipelineHarness(label: string, options: PipelineHarnessOptions = {}): Promise<PipelineHarness> {
  const domain = await createTestDatabase(`${label}_src`);
  const pipeline = await createTestDatabase(`${label}_log`);
  const prefix = 'dsm';
  const slotName = `${label}_${randomBytes(4).toString('hex')}`;
  const log = createPostgresEventLog({ url: pipeline.url, defaultPartitions: 3, maintenanceIntervalMs: 0, pollIntervalMs: 200, logger: silentLogger });
  const search = createPostgresSearchIndex({ url: pipeline.url, logger: silentLogger });
  const repository = createViewRepository(domain.url);
  const pool = createTestPool(domain.url);
  const stageLog = options.wrapLog ? options.wrapLog(log) : log;
  const stages = {
    capture: createCaptureStage({ domainUrl: domain.url, log, prefix, slotName, heartbeatIntervalMs: 500, logger: silentLogger }),
    etl: createEtlStage({ log: stageLog, prefix }),
    view: createViewStage({ log: stageLog, prefix, repository }),
    index: createIndexStage({ log: stageLog, search: options.wrapSearch ? options.wrapSearch(search) : search, prefix, retry: { attempts: 3, baseDelayMs: 50 } }),
  };
  const started: PipelineStage[] = [];
  return {
    domain, pipeline, log, search, repository, prefix, stages, pool,
    async start(names = options.withCapture === false ? ['etl', 'view', 'index'] : ['capture', 'etl', 'view', 'index']) {
      for (const name of names) {
        await stages[name].start();
        started.push(stages[name]);
      }
    },
    async stop() {
      for (const stage of started.reverse()) await stage.stop().catch(() => undefined);
      await pool.query('select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = $1 and not active', [slotName]).catch(() => undefined);
      await pool.end();
      await repository.close();
      await search.close();
      await log.close();
      await domain.drop();
      await pipeline.drop();
    },
  };
}

/** Polls until `probe` returns a value; tests wait for outcomes and never assert on durations. */
export async function waitUntil<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The real log, except that the first `times` produce() calls matching `when` fail right AFTER
 * their records are durable: a process dying between apply and offset commit.
 */
export function crashAfterProduce(when: (topics: string[]) => boolean, times: number): (log: EventLog) => EventLog {
  return (log) => {
    let remaining = times;
    // The adapter is a plain object of closures, so its methods can be copied as they are.
    return {
      ...log,
      async produce(records) {
        const produced = await log.produce(records);
        if (remaining > 0 && when(records.map((record) => record.topic))) {
          remaining -= 1;
          throw new Error('simulated crash between apply and commit');
        }
        return produced;
      },
    };
  };
}

/**
 * The real search index, except that the first `times` bulk writes to each index fail right AFTER
 * the documents are stored: the index stage dying between its write and its offset commit.
 */
export function crashAfterBulk(times: number): (search: SearchIndex) => SearchIndex {
  return (search) => {
    const crashed = new Map<string, number>();
    return {
      ...search,
      async bulk(index, operations) {
        const results = await search.bulk(index, operations);
        if ((crashed.get(index) ?? 0) < times) {
          crashed.set(index, (crashed.get(index) ?? 0) + 1);
          throw new Error('simulated crash between apply and commit');
        }
        return results;
      },
    };
  };
}
