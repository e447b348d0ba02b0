import { Router } from 'express';
import type { EventLog } from '@dsm/eventlog';
import { createResilientPool } from '@dsm/data';
import { computeFreshness } from '@dsm/stages';
import type pg from 'pg';

export interface FreshnessDeps {
  domainUrl: string;
  eventLog: EventLog;
  prefix: string;
}

/**
 * GET /api/pipeline/freshness: how far the search index is behind the database. `upToDate` is "no record
 * waiting in etl, view or index" — not `behindBytes === 0`, because the WAL also advances for
 * writes the pipeline ignores (sessions, other databases), so the byte figure rarely reaches 0.
 */
export function freshnessRouter(deps: FreshnessDeps): Router {
  // Clients poll this every half second while they follow a change: one connection serves them
  // all (a new one per call cost an authentication each time); it closes after ten idle seconds.
  let pool: pg.Pool | undefined;
  const domainPool = () =>
    (pool ??= createResilientPool({ connectionString: deps.domainUrl, max: 1, idleTimeoutMillis: 10_000, allowExitOnIdle: true, application_name: 'dsm-freshness' }, { name: 'freshness' }));
  return Router().get('/', async (_req, res) => {
    const freshness = await computeFreshness({ domainUrl: deps.domainUrl, domainPool: domainPool(), log: deps.eventLog, prefix: deps.prefix });
    const waiting = Object.values(freshness.lag).reduce((sum, lag) => sum + lag, 0);
    res.json({ ...freshness, waiting, upToDate: waiting === 0 });
  });
}
