import { Router } from 'express';
import type { EventLog } from '@dsm/eventlog';
import { computeFreshness } from '@dsm/stages';

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
  return Router().get('/', async (_req, res) => {
    const freshness = await computeFreshness({ domainUrl: deps.domainUrl, log: deps.eventLog, prefix: deps.prefix });
    const waiting = Object.values(freshness.lag).reduce((sum, lag) => sum + lag, 0);
    res.json({ ...freshness, waiting, upToDate: waiting === 0 });
  });
}
