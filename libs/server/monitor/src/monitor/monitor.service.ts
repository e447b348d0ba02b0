import { randomBytes } from 'node:crypto';
import { ControlStatusSchema, DEFAULT_ALERT_THRESHOLDS, controlStatusTopic, type AlertThresholds, parseRecordValue, stageEventsOf, stageEventsTopic, type ControlStatus, type SlotFigures, type StageEvent } from '@dsm/contracts';
import { errorMessage, type ConsumedRecord, type EventLog, type Subscription } from '@dsm/eventlog';
import pino, { type Logger } from 'pino';
import { PipelineAggregator } from '../aggregation/pipeline-aggregator';
import { pollFigures } from './figures-poll.service';
import { defaultStageGroups, type StageGroups } from './stage-groups';
import { Listeners } from './listeners';
import { DEFAULT_MONITOR_GROUP_IDLE_MS, deleteStaleMonitorGroups, monitorGroupPrefix } from './monitor-groups.service';

export interface MonitorServiceOptions {
  eventLog: EventLog;
  prefix: string;
  aggregator?: PipelineAggregator;
  /** Makes this server's consumer group its own, so every instance relays every event to its clients. */
  instanceId?: string;
  stageGroups?: StageGroups;
  readSlot?: () => Promise<SlotFigures | null>;
  /** When alerts are raised; `stageDownSeconds` is also how long a stage may stay quiet before it is down. */
  thresholds?: AlertThresholds;
  /** How often lag, dead letters and the slot are read. */
  pollIntervalMs?: number;
  /** At start, stopped servers' monitor groups idle this long are deleted. Default DEFAULT_MONITOR_GROUP_IDLE_MS (24 h). */
  groupIdleMs?: number;
  logger?: Logger;
}

export interface MonitorService {
  readonly aggregator: PipelineAggregator;
  readonly groupId: string;
  readonly thresholds: AlertThresholds;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Reads lag, dead letters and the slot now (also runs every `pollIntervalMs`). */
  pollNow(): Promise<void>;
  /** Stage events as they are aggregated (e.g. for Prometheus counters). */
  onStageEvents(listener: (events: StageEvent[]) => void): () => void;
  onControlStatus(listener: (status: ControlStatus) => void): () => void;
}

/**
 * Consumes the stage events and the workers' control answers from the latest offset (a dashboard
 * shows now, not history), feeds the aggregator and polls the figures stage events do not carry.
 */
export function createMonitorService(options: MonitorServiceOptions): MonitorService {
  const { eventLog, prefix } = options;
  const logger = options.logger ?? pino({ level: 'silent' });
  const thresholds = options.thresholds ?? DEFAULT_ALERT_THRESHOLDS;
  const aggregator = options.aggregator ?? new PipelineAggregator({ staleAfterMs: thresholds.stageDownSeconds * 1000 });
  const groupId = `${monitorGroupPrefix(prefix)}${options.instanceId ?? randomBytes(6).toString('hex')}`;
  const eventsTopic = stageEventsTopic(prefix);
  const statusTopic = controlStatusTopic(prefix);
  const stageListeners = new Listeners<StageEvent[]>();
  const statusListeners = new Listeners<ControlStatus>();
  const pollDeps = {
    eventLog, prefix, aggregator, logger, readSlot: options.readSlot,
    stageGroups: options.stageGroups ?? defaultStageGroups(prefix),
  };
  let subscription: Subscription | undefined;
  let timer: NodeJS.Timeout | undefined;

  function handleRecords(records: ConsumedRecord[]): void {
    const events: StageEvent[] = [];
    for (const record of records) {
      const value = parseRecordValue(record.value);
      if (record.topic === eventsTopic) {
        const found = stageEventsOf(value);
        events.push(...found.events);
        if (found.invalid) logger.debug({ offset: record.offset, invalid: found.invalid }, 'monitor: skipped invalid stage events');
      } else if (record.topic === statusTopic) {
        const parsed = ControlStatusSchema.safeParse(value);
        if (parsed.success) applyStatus(parsed.data);
      }
    }
    for (const event of events) aggregator.ingest(event);
    if (events.length > 0) stageListeners.emit(events);
  }

  /** Housekeeping, never a reason not to start: a failure is logged and the next start tries again. */
  async function sweepStaleGroups(): Promise<void> {
    const idleMs = options.groupIdleMs ?? DEFAULT_MONITOR_GROUP_IDLE_MS;
    await deleteStaleMonitorGroups({ eventLog, prefix, ownGroupId: groupId, idleMs, logger })
      .catch((error: unknown) => logger.warn({ err: errorMessage(error) }, 'monitor: could not list monitor groups'));
  }

  function applyStatus(status: ControlStatus): void {
    const { command } = status;
    if (status.state === 'done' && (command.type === 'pause-stage' || command.type === 'resume-stage')) {
      aggregator.setPaused(command.stage, command.type === 'pause-stage');
    }
    statusListeners.emit(status);
  }

  return {
    aggregator,
    groupId,
    thresholds,
    async start() {
      await eventLog.ensureTopics([{ name: eventsTopic }, { name: statusTopic, partitions: 1 }]);
      await sweepStaleGroups();
      // Invalid records are skipped, never retried: the monitor must not stall on one bad report.
      subscription = await eventLog.subscribe({ groupId, topics: [eventsTopic, statusTopic], fromBeginning: false }, async (batch) => {
        handleRecords(batch.records);
      });
      await pollFigures(pollDeps);
      timer = setInterval(() => void pollFigures(pollDeps), options.pollIntervalMs ?? 3000);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      if (!subscription) return;
      await subscription.stop();
      subscription = undefined;
      // The group is this instance's alone; left behind it would show as a lagging group forever.
      await eventLog.deleteGroup(groupId).catch((error: unknown) => logger.warn({ groupId, err: errorMessage(error) }, 'monitor: could not delete its group'));
    },
    pollNow: () => pollFigures(pollDeps),
    onStageEvents: (listener) => stageListeners.add(listener),
    onControlStatus: (listener) => statusListeners.add(listener),
  };
}
