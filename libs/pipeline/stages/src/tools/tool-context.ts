import { PipelineEnvSchema, describeEnvErrors, type PipelineEnv } from '@dsm/contracts';
import { ensureDatabase, prepareDatabases, startEmbeddedPostgres } from '@dsm/data';
import { createKafkaEventLog, createPostgresEventLog, type EventLog, type EventLogLogger } from '@dsm/eventlog';
import { createElasticsearchIndex, createPostgresSearchIndex, type SearchIndex } from '@dsm/search';
import path from 'node:path';
import { createViewRepository, type ViewRepository } from '../view/view.repository';

/** Everything an operator command needs, built from the same environment as the worker. */
export interface ToolContext {
  env: PipelineEnv;
  prefix: string;
  domainUrl: string;
  pipelineUrl: string;
  log: EventLog;
  search: SearchIndex;
  repository: ViewRepository;
  close(): Promise<void>;
}

const EMBEDDED_DATABASE = 'dsm';
const quiet: EventLogLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

export function parsePipelineEnv(source: NodeJS.ProcessEnv): PipelineEnv {
  const parsed = PipelineEnvSchema.safeParse(source);
  if (!parsed.success) throw new Error(`Invalid environment:\n${describeEnvErrors(parsed.error)}`);
  return parsed.data;
}

/**
 * Connects to the configured database (the embedded one under DATA_DIR when DATABASE_URL is
 * unset: reused if `npm start` runs it, started otherwise), the event log and the search index.
 */
export interface ToolContextOptions {
  /** Logger for the event log and search adapters (default: silent, for CLI output). */
  logger?: EventLogLogger;
  /** Client id / background maintenance: the worker runs the log's retention and compaction. */
  clientId?: string;
  maintenance?: boolean;
}

export async function openToolContext(source: NodeJS.ProcessEnv = process.env, options: ToolContextOptions = {}): Promise<ToolContext> {
  const env = parsePipelineEnv(source);
  const logger = options.logger ?? quiet;
  let domainUrl = env.DATABASE_URL;
  let stopEmbedded: () => Promise<void> = async () => undefined;
  if (!domainUrl) {
    const cluster = await startEmbeddedPostgres({ dir: path.resolve(env.DATA_DIR), port: env.EMBEDDED_PG_PORT });
    stopEmbedded = () => cluster.stop();
    await ensureDatabase(cluster.url('postgres'), EMBEDDED_DATABASE);
    domainUrl = cluster.url(EMBEDDED_DATABASE);
  }
  const { pipelineUrl } = await prepareDatabases(domainUrl, env.PIPELINE_DATABASE_URL);
  const log = env.EVENT_LOG === 'kafka' && env.KAFKA_BROKERS
    ? createKafkaEventLog({ brokers: env.KAFKA_BROKERS.split(','), clientId: options.clientId ?? 'dsm-cli', defaultPartitions: env.KAFKA_PARTITIONS, replicationFactor: env.KAFKA_REPLICATION_FACTOR, logger })
    : createPostgresEventLog({ url: pipelineUrl, defaultPartitions: env.KAFKA_PARTITIONS, logger, ...(options.maintenance ? {} : { maintenanceIntervalMs: 0 }) });
  const search = env.SEARCH === 'elasticsearch' && env.ELASTICSEARCH_URL
    ? createElasticsearchIndex({ node: env.ELASTICSEARCH_URL })
    : createPostgresSearchIndex({ url: pipelineUrl, logger });
  const repository = createViewRepository(domainUrl, { logger });
  return {
    env, prefix: env.TOPIC_PREFIX, domainUrl, pipelineUrl, log, search, repository,
    async close() {
      await repository.close();
      await search.close();
      await log.close();
      await stopEmbedded();
    },
  };
}
