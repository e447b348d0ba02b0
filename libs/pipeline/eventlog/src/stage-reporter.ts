import { stageEventsTopic, StageEventSchema, type StageEvent } from '@dsm/contracts';
import type { EventLog } from './eventlog.port';
import { consoleLogger, errorMessage, type EventLogLogger } from './logger';
import { partitionForKey } from './partitioner';

export interface StageReporterOptions {
  logger?: EventLogLogger;
  /** Events are sent together at most this often. Default 50 ms. */
  flushIntervalMs?: number;
  /** A full buffer is sent at once. Default 500. */
  maxBuffered?: number;
}

/** Publishes stage events for the live pipeline view; reporting never fails a stage. */
export interface StageReporter {
  /** Queues events (invalid ones are logged and dropped). */
  report(events: StageEvent | StageEvent[]): void;
  /** Sends what is queued now. Never rejects. */
  flush(): Promise<void>;
  /** Flushes and stops the timer. */
  close(): Promise<void>;
}

const STAGE_EVENT_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * Batches StageEvents to `<prefix>.pipeline.stage-events`: each flush writes one record per
 * partition, an array of the events whose trace id hashes there (the partition their key would
 * pick), so one change's events, whichever stage reports them, stay in order in one partition.
 * A failed send is logged and dropped: stage events are telemetry, and a stage must not stall or
 * redo work because its progress report could not be written.
 */
export function createStageReporter(log: EventLog, prefix: string, options: StageReporterOptions = {}): StageReporter {
  const logger = options.logger ?? consoleLogger;
  const topic = stageEventsTopic(prefix);
  const maxBuffered = options.maxBuffered ?? 500;
  let buffer: StageEvent[] = [];
  /** Resolves to the topic's partition count once it exists. */
  let topicReady: Promise<number> | undefined;
  let sending: Promise<void> = Promise.resolve();
  const timer = setInterval(() => void flush(), options.flushIntervalMs ?? 50);
  timer.unref();

  async function send(events: StageEvent[]): Promise<void> {
    try {
      topicReady ??= log.ensureTopics([{ name: topic, retentionMs: STAGE_EVENT_RETENTION_MS }])
        .then(() => log.listTopics())
        .then((topics) => topics.find((candidate) => candidate.name === topic)?.partitions ?? 1);
      const partitions = await topicReady;
      const byPartition = new Map<number, StageEvent[]>();
      for (const event of events) {
        const partition = partitionForKey(event.traceId, partitions);
        const group = byPartition.get(partition);
        if (group) group.push(event);
        else byPartition.set(partition, [event]);
      }
      await log.produce([...byPartition].map(([partition, group]) => ({
        topic, partition, key: group[0].traceId, value: JSON.stringify(group), timestamp: group[0].at,
      })));
    } catch (error) {
      topicReady = undefined;
      logger.warn({ topic, dropped: events.length, err: errorMessage(error) }, 'stage events not published');
    }
  }

  function flush(): Promise<void> {
    if (buffer.length === 0) return sending;
    const events = buffer;
    buffer = [];
    // One send at a time keeps the events of a trace in order.
    sending = sending.then(() => send(events));
    return sending;
  }

  return {
    report(events) {
      for (const event of Array.isArray(events) ? events : [events]) {
        const parsed = StageEventSchema.safeParse(event);
        if (parsed.success) buffer.push(parsed.data);
        else logger.warn({ issues: parsed.error.issues }, 'invalid stage event dropped');
      }
      if (buffer.length >= maxBuffered) void flush();
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
