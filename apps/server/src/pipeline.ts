import http from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { AppKit } from '@dsm/server-api';
import { createKafkaEventLog, createPostgresEventLog, type EventLog } from '@dsm/eventlog';
import { createNotificationLog } from '@dsm/notify';
import { createElasticsearchIndex, createPostgresSearchIndex, type SearchIndex } from '@dsm/search';
import {
  attachMonitorGateway, createMonitorMetrics, createMonitorRouter, createMonitorService, createPipelineControlService, createSlotReader,
} from '@dsm/server-monitor';
import { createSearchApiRouter } from '@dsm/server-search';
import { INDEX_DEFINITIONS } from '@dsm/stages';
import { alertThresholdsOf, monitorGroupIdleMsOf, type ServerEnv } from './config';

export interface ServerPipeline {
  /** The monitor's and the search API's routes, for startServer's `extend`. */
  routes(kit: AppKit): RequestHandler[];
  /** socket.io on the listening server, with the API's session. */
  attachGateway(server: http.Server, kit: AppKit): void;
  /** Disconnects the browsers' sockets (before HTTP closes: an open socket would hold it). */
  closeGateway(): Promise<void>;
  /** The monitor, then the adapters' pools (after HTTP has drained). */
  close(): Promise<void>;
}

/** The event log and search index the configuration names (EVENT_LOG, SEARCH); both checked by config.ts. */
export function createAdapters(config: ServerEnv, pipelineUrl: string, logger: Logger): { eventLog: EventLog; search: SearchIndex } {
  const eventLog = config.EVENT_LOG === 'kafka' && config.KAFKA_BROKERS
    ? createKafkaEventLog({ brokers: config.KAFKA_BROKERS.split(','), clientId: 'dsm-server', defaultPartitions: config.KAFKA_PARTITIONS, replicationFactor: config.KAFKA_REPLICATION_FACTOR, logger })
    // The worker runs the log's retention and compaction; the server only reads and writes.
    : createPostgresEventLog({ url: pipelineUrl, defaultPartitions: config.KAFKA_PARTITIONS, maintenanceIntervalMs: 0, logger });
  const search = config.SEARCH === 'elasticsearch' && config.ELASTICSEARCH_URL
    ? createElasticsearchIndex({ node: config.ELASTICSEARCH_URL })
    : createPostgresSearchIndex({ url: pipelineUrl, logger, poolSize: 4 });
  return { eventLog, search };
}

/** Builds and starts everything the server reads from the pipeline: monitor, controls, search, notifications. */
export async function openServerPipeline(config: ServerEnv, urls: { domainUrl: string; pipelineUrl: string }, logger: Logger): Promise<ServerPipeline> {
  const prefix = config.TOPIC_PREFIX;
  const { eventLog, search } = createAdapters(config, urls.pipelineUrl, logger);
  // Searches before the worker's first write find empty indices instead of failing.
  for (const definition of INDEX_DEFINITIONS) await search.ensureIndex(definition);
  const notifications = await createNotificationLog(urls.pipelineUrl, logger);
  const slot = createSlotReader(urls.domainUrl, config.SLOT_NAME, logger);
  const monitor = createMonitorService({ eventLog, prefix, readSlot: slot.read, logger, thresholds: alertThresholdsOf(config), groupIdleMs: monitorGroupIdleMsOf(config) });
  const controls = createPipelineControlService({ eventLog, prefix });
  await controls.prepare();
  await monitor.start();
  let gateway: { close(): Promise<void> } | undefined;
  return {
    routes: (kit) => [
      createMonitorRouter({ monitor, controls, eventLog, prefix, registry: createMonitorMetrics(monitor), metricsToken: config.METRICS_TOKEN, sessionMiddleware: kit.session, findUser: kit.findUser, csrfProtection: kit.csrfProtection }),
      createSearchApiRouter({ search, eventLog, notifications, prefix, domainUrl: urls.domainUrl, session: kit.session, findUser: kit.findUser }),
    ],
    attachGateway(server, kit) {
      gateway = attachMonitorGateway(server, { sessionMiddleware: kit.session, monitor, controls, findUser: kit.findUser, allowedOrigins: config.ALLOWED_ORIGINS, logger });
    },
    async closeGateway() {
      await gateway?.close();
    },
    async close() {
      await monitor.stop();
      await Promise.all([slot.close(), notifications.close(), search.close()]);
      await eventLog.close();
    },
  };
}
