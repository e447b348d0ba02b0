import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { BatchHandler, ConsumedRecord, SubscribeOptions, Subscription } from '../eventlog.port';
import { createHeldRecords } from '../held-records';
import { errorMessage, type EventLogLogger } from '../logger';
import type { GroupRepository } from './pg-group.repository';
import type { Notifier } from './pg-notifier';
import { createOwnership } from './pg-ownership';
import { fetchFrom, readAhead, takeOldestFirst } from './pg-read';
import type { TopicRegistry } from './pg-topics';
import { createWakeup } from './pg-wakeup';

export interface ConsumerSettings {
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  pollIntervalMs: number;
}

export interface SubscriptionDeps {
  pool: pg.Pool;
  topics: TopicRegistry;
  groups: GroupRepository;
  notifier: Notifier;
  logger: EventLogLogger;
  settings: ConsumerSettings;
}

const MAX_BACKOFF_MS = 5_000;

/**
 * One group member: heartbeat → (re)balance → fetch → handle → commit, on one loop so that
 * partitions are only ever released between batches. Wakes on NOTIFY; the poll is a fallback.
 */
export async function subscribeMember(deps: SubscriptionDeps, options: SubscribeOptions, handler: BatchHandler): Promise<Subscription> {
  const { groups, logger, settings } = deps;
  const { groupId } = options;
  const memberId = randomUUID();
  const topics = [...new Set(options.topics)];
  const maxBatchSize = options.maxBatchSize ?? 500;
  const held = createHeldRecords();
  const ownership = createOwnership(groups, deps.topics, held, { groupId, memberId, topics, fromBeginning: options.fromBeginning ?? true });
  const wakeup = createWakeup();
  let stopping = false;
  let paused = false;
  let syncDue = true;
  let rebalancing = false;

  await deps.notifier.start();
  for (const topic of topics) await deps.topics.get(topic);
  await heartbeat();
  const offRecords = deps.notifier.onRecords((topic) => (topic === '*' || topics.includes(topic)) && wakeup.signal());
  const offGroup = deps.notifier.onGroup((id) => (id === '*' || id === groupId) && requestSync(true));
  const beat = setInterval(() => void heartbeat().then(() => requestSync(false)), settings.heartbeatIntervalMs);

  function requestSync(byGroup: boolean): void {
    syncDue = true;
    rebalancing ||= byGroup;
    wakeup.signal();
  }

  async function heartbeat(): Promise<void> {
    try {
      if (await groups.heartbeat(groupId, memberId, topics, settings.sessionTimeoutMs, deps.notifier.sessionKey)) await groups.announce(groupId);
    } catch (error) {
      logger.warn({ groupId, err: errorMessage(error) }, 'event log: heartbeat failed');
    }
  }

  async function fetchBatch(): Promise<ConsumedRecord[]> {
    const positions = ownership.positions();
    const ahead = readAhead(maxBatchSize, positions.length);
    let fresh = await fetchFrom(deps.pool, positions, ahead);
    if (fresh.length > 0 && fresh.length < maxBatchSize && (options.maxWaitMs ?? 0) > 0) {
      await wakeup.sleep(options.maxWaitMs ?? 0, false);
      fresh = await fetchFrom(deps.pool, ownership.positions(), ahead);
    }
    return held.assemble(takeOldestFirst(fresh, maxBatchSize, ahead));
  }

  /** False when the handler failed (nothing committed; the batch comes again after a back-off). */
  async function handle(batch: ConsumedRecord[]): Promise<boolean> {
    let result;
    try {
      result = await handler({ records: batch, isStopping: () => stopping || rebalancing });
    } catch (error) {
      logger.warn({ groupId, records: batch.length, err: errorMessage(error) }, 'event log: batch handler failed, will redeliver');
      ownership.rewind(batch);
      return false;
    }
    const commits = held.settle(batch, result && Array.isArray(result.pending) ? result.pending : undefined);
    try {
      const lost = await groups.commit(groupId, memberId, commits);
      if (lost.length > 0) logger.warn({ groupId, lost }, 'event log: partitions were reassigned, not committed');
      ownership.advance(batch, commits, lost);
    } catch (error) {
      ownership.rewind(batch);
      throw error;
    }
    return true;
  }

  async function step(): Promise<'idle' | 'done' | 'failed'> {
    if (syncDue) {
      rebalancing = false;
      // Not everything assigned could be claimed (its owner has not let go yet, or died a moment
      // ago and PostgreSQL has not yet ended its session): look again next round.
      syncDue = !(await ownership.sync());
    }
    const batch = await fetchBatch();
    if (batch.length === 0) return 'idle';
    return (await handle(batch)) ? 'done' : 'failed';
  }

  async function run(): Promise<void> {
    let backoffMs = 100;
    while (!stopping) {
      wakeup.arm();
      if (paused) {
        await wakeup.sleep(settings.pollIntervalMs);
        continue;
      }
      const outcome = await step().catch((error: unknown) => {
        logger.error({ groupId, err: errorMessage(error) }, 'event log: consumer step failed');
        syncDue = true;
        return 'failed' as const;
      });
      if (outcome === 'idle') await wakeup.sleep(settings.pollIntervalMs);
      if (outcome === 'failed') {
        await wakeup.sleep(backoffMs, false);
        backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
      } else backoffMs = 100;
    }
  }

  const running = run();
  let stopped: Promise<void> | undefined;
  async function stop(): Promise<void> {
    stopping = true;
    wakeup.signal(true);
    await running;
    clearInterval(beat);
    offRecords();
    offGroup();
    await groups.leave(groupId, memberId).catch((error: unknown) => logger.warn({ groupId, err: errorMessage(error) }, 'event log: leave failed'));
  }
  return {
    groupId,
    get paused() {
      return paused;
    },
    pause: () => void (paused = true),
    resume() {
      paused = false;
      wakeup.signal();
    },
    stop() {
      stopped ??= stop();
      return stopped;
    },
  };
}
