import { createResilientPool } from '@dsm/pg-resilience';
import { z } from 'zod';
import type { EventLog, ProducedRecord, Subscription } from '../eventlog.port';
import { consoleLogger, errorMessage, type EventLogLogger } from '../logger';
import { deleteGroupRows, describeGroupLag, listGroupInfos, resetGroupOffsets } from './pg-admin';
import { createGroupRepository } from './pg-group.repository';
import { runMaintenance, type MaintenanceReport } from './pg-maintenance';
import { createNotifier } from './pg-notifier';
import { produceRecords } from './pg-produce';
import { readRecords } from './pg-read';
import { ensureEventLogSchema, RECORDS_CHANNEL } from './pg-schema';
import { subscribeMember } from './pg-subscription';
import { createTopicRegistry } from './pg-topics';

const DAY_MS = 24 * 60 * 60 * 1000;

const OptionsSchema = z.object({
  url: z.string().min(1),
  defaultPartitions: z.number().int().min(1).max(1000),
  /** A member that misses heartbeats this long loses its partitions. */
  sessionTimeoutMs: z.number().int().positive().default(10_000),
  heartbeatIntervalMs: z.number().int().positive().optional(),
  /** Fallback poll; NOTIFY normally wakes consumers at once. */
  pollIntervalMs: z.number().int().positive().default(2_000),
  /** Retention and compaction run this often in the background; 0 turns them off. */
  maintenanceIntervalMs: z.number().int().nonnegative().default(60_000),
  defaultRetentionMs: z.number().int().positive().default(7 * DAY_MS),
  tombstoneGraceMs: z.number().int().nonnegative().default(DAY_MS),
  poolSize: z.number().int().min(2).default(10),
});

export type PostgresEventLogOptions = z.input<typeof OptionsSchema> & { logger?: EventLogLogger };

/** The embedded log, plus the maintenance pass (retention, compaction) for tests and the CLI. */
export interface PostgresEventLog extends EventLog {
  runMaintenance(now?: number): Promise<MaintenanceReport>;
}

/**
 * The event log on PostgreSQL (schema `eventlog`, created on first use). Returns at once; the
 * schema is prepared before the first operation. Every instance is one "process": give each
 * consumer process its own instance and they share a group's partitions through the database.
 */
export function createPostgresEventLog(options: PostgresEventLogOptions): PostgresEventLog {
  const settings = OptionsSchema.parse(options);
  const logger = options.logger ?? consoleLogger;
  // A PostgreSQL restart fails the query in flight, which is what the caller handles; the lost
  // connections are logged, not fatal.
  const pool = createResilientPool({ connectionString: settings.url, max: settings.poolSize }, { name: 'event log', logger });
  const topics = createTopicRegistry(pool, settings.defaultPartitions);
  const groups = createGroupRepository(pool);
  const notifier = createNotifier(settings.url, logger);
  const subscriptions = new Set<Subscription>();
  const maintenance = { defaultRetentionMs: settings.defaultRetentionMs, tombstoneGraceMs: settings.tombstoneGraceMs };
  let schema: Promise<void> | undefined;
  const ready = () => (schema ??= ensureEventLogSchema(pool));
  const consumer = {
    sessionTimeoutMs: settings.sessionTimeoutMs,
    heartbeatIntervalMs: settings.heartbeatIntervalMs ?? Math.max(100, Math.floor(settings.sessionTimeoutMs / 3)),
    pollIntervalMs: settings.pollIntervalMs,
  };

  const timer = settings.maintenanceIntervalMs > 0 ? setInterval(() => void backgroundMaintenance(), settings.maintenanceIntervalMs) : undefined;
  timer?.unref();
  async function backgroundMaintenance(): Promise<void> {
    try {
      await ready();
      const report = await runMaintenance(pool, maintenance);
      if (report.ran) logger.debug({ ...report }, 'event log: maintenance');
    } catch (error) {
      logger.warn({ err: errorMessage(error) }, 'event log: maintenance failed');
    }
  }

  // NOTIFY in a transaction of its own, after the produce committed: inside the produce it would
  // hold PostgreSQL's notification lock through the commit's WAL flush, one producer at a time.
  // Consumers of this instance are told at once; other processes by one NOTIFY at a time, naming
  // every topic produced to since the previous one was sent, rather than a round trip per
  // produce. A NOTIFY lost to a crash costs a poll interval.
  let unannounced = new Set<string>();
  let notifying: Promise<void> | undefined;
  function announce(produced: ProducedRecord[]): void {
    for (const topic of new Set(produced.map((record) => record.topic))) {
      notifier.recordsArrived(topic);
      unannounced.add(topic);
    }
    notifying ??= notifyOthers();
  }
  async function notifyOthers(): Promise<void> {
    while (unannounced.size > 0) {
      const touched = [...unannounced];
      unannounced = new Set();
      await pool.query('select pg_notify($1, t) from unnest($2::text[]) t', [RECORDS_CHANNEL, touched]).catch((error: unknown) => {
        logger.warn({ err: errorMessage(error) }, 'event log: NOTIFY failed, other processes will poll');
      });
    }
    notifying = undefined;
  }

  return {
    ensureTopics: async (specs) => (await ready(), topics.ensure(specs)),
    listTopics: async () => (await ready(), topics.list()),
    async produce(records) {
      await ready();
      const produced = await produceRecords(pool, topics, records);
      if (produced.length > 0) announce(produced);
      return produced;
    },
    async subscribe(subscribeOptions, handler) {
      await ready();
      const member = await subscribeMember({ pool, topics, groups, notifier, logger, settings: consumer }, subscribeOptions, handler);
      subscriptions.add(member);
      return { ...member, stop: () => member.stop().finally(() => subscriptions.delete(member)), get paused() { return member.paused; } };
    },
    resetOffsets: async (groupId, names, to) => (await ready(), resetGroupOffsets(pool, topics, groupId, names, to)),
    describeLag: async (groupId, names) => (await ready(), describeGroupLag(pool, groupId, names)),
    listGroups: async (prefix) => (await ready(), listGroupInfos(pool, prefix)),
    deleteGroup: async (groupId) => (await ready(), deleteGroupRows(pool, groupId)),
    read: async (topic, readOptions) => (await ready(), readRecords(pool, topics, topic, readOptions)),
    runMaintenance: async (now) => (await ready(), runMaintenance(pool, maintenance, now)),
    async close() {
      if (timer) clearInterval(timer);
      await Promise.all([...subscriptions].map((s) => s.stop()));
      await notifying;
      await notifier.close();
      await pool.end();
    },
  };
}
