import { parseRecordValue, stageEventsOf, stageEventsTopic } from '@dsm/contracts';
import type { EventLog } from '@dsm/eventlog';
import type pg from 'pg';
import { ETL_GROUP } from '../etl/etl.stage';
import { INDEX_GROUP } from '../index/index.stage';
import { VIEW_GROUP } from '../view/view.stage';
import { currentWalVersion } from './verify.service';

/** The consumer groups a change passes through after capture, in pipeline order. */
export const STAGE_GROUPS = [ETL_GROUP, VIEW_GROUP, INDEX_GROUP] as const;

export interface Freshness {
  /** Current WAL position of the domain database. */
  databaseLsn: number;
  /** Newest source version the index stage has written (null before its first write). */
  indexedLsn: number | null;
  /** WAL bytes between the two (includes WAL of unrelated activity on the server). */
  behindBytes: number | null;
  /** Age of the oldest change not yet through etl, view and index (0 when caught up). */
  behindSeconds: number;
  /** Records waiting per stage group. */
  lag: Record<string, number>;
  measuredAt: number;
}

/**
 * How far the search index is behind the database: in LSN bytes (database WAL position against
 * the newest version the index stage reported) and in seconds (the oldest record still waiting
 * in any stage's consumer group). The server API calls this for GET /api/pipeline/freshness.
 */
export async function computeFreshness(deps: {
  domainUrl: string;
  /** A pool on the domain database to ask instead of opening a connection per call. */
  domainPool?: pg.Pool;
  log: EventLog;
  prefix: string;
  recentRecords?: number;
}): Promise<Freshness> {
  const databaseLsn = await currentWalVersion(deps.domainPool ?? deps.domainUrl);
  const events = await deps.log.read(stageEventsTopic(deps.prefix), { last: deps.recentRecords ?? 200 });
  let indexedLsn: number | null = null;
  for (const record of events) {
    for (const event of stageEventsOf(parseRecordValue(record.value)).events) {
      if (event.stage === 'index' && event.lsn !== null) indexedLsn = Math.max(indexedLsn ?? 0, event.lsn);
    }
  }
  const lag: Record<string, number> = {};
  let behindMs = 0;
  for (const group of STAGE_GROUPS) {
    const partitions = await deps.log.describeLag(group).catch(() => []);
    lag[group] = partitions.reduce((sum, partition) => sum + partition.lag, 0);
    behindMs = Math.max(behindMs, ...partitions.map((partition) => partition.lagMs));
  }
  return {
    databaseLsn,
    indexedLsn,
    behindBytes: indexedLsn === null ? null : Math.max(0, databaseLsn - indexedLsn),
    behindSeconds: behindMs / 1000,
    lag,
    measuredAt: Date.now(),
  };
}
