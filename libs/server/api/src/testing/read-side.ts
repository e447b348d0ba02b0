import pino from 'pino';
import { createTestDatabase, type TestDatabase } from '@dsm/data/testing';
import { createPostgresEventLog, type PostgresEventLog } from '@dsm/eventlog';
import { createNotificationLog, type NotificationLog } from '@dsm/notify';
import { createPostgresSearchIndex, type SearchIndex } from '@dsm/search';
import { createSearchApiRouter } from '@dsm/server-search';
import { INDEX_DEFINITIONS } from '@dsm/stages';
import type { AppDeps } from '../app';

export interface ReadSide {
  /** For createApiHarness: mounts the search, audit, freshness and notification routes. */
  extend: NonNullable<AppDeps['extend']>;
  search: SearchIndex;
  eventLog: PostgresEventLog;
  pipeline: TestDatabase;
  close(): Promise<void>;
}

/**
 * The read routes over a pipeline database of their own (as in production, where the event log
 * and the search index live next to, not in, the domain database): real log, index and ledger.
 */
export async function openReadSide(prefix = 'api'): Promise<ReadSide> {
  const pipeline = await createTestDatabase('pipeline');
  const logger = pino({ level: 'silent' });
  const eventLog = createPostgresEventLog({ url: pipeline.url, defaultPartitions: 1, maintenanceIntervalMs: 0, logger });
  const search = createPostgresSearchIndex({ url: pipeline.url, logger, poolSize: 2 });
  for (const definition of INDEX_DEFINITIONS) await search.ensureIndex(definition);
  const notifications: NotificationLog = await createNotificationLog(pipeline.url);
  return {
    search, eventLog, pipeline,
    extend: (kit) => [createSearchApiRouter({ search, eventLog, notifications, prefix, domainUrl: pipeline.url, session: kit.session, findUser: kit.findUser })],
    async close() {
      await notifications.close();
      await search.close();
      await eventLog.close();
      await pipeline.drop();
    },
  };
}
