import { stageEventsTopic, StageEventSchema, type StageEvent } from '@dsm/contracts';
import type { EventLog } from './eventlog.port';
import { consoleLogger, errorMessage, type EventLogLogger } from './logger';

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
 * Batches StageEvents to `<prefix>.pipeline.stage-events`, keyed by trace id so one change's
 * events stay in order. A failed send is logged and dropped: stage events are telemetry, and a
 * stage must not stall or redo work because its progress report could not be written.
 */
export function createStageReporter(log: EventLog, prefix: string, options: StageReporterOptions = {}): StageReporter {
  const logger = options.logger ?? consoleLogger;
  const topic = stageEventsTopic(prefix);
  const maxBuffered = options.maxBuffered ?? 500;
  let buffer: StageEvent[] = [];
  let topicReady: Promise<void> | undefined;
  let sending: Promise<void> = Promise.resolve();
  const timer = setInterval(() => void flush(), options.flushIntervalMs ?? 50);
  timer.unref();

  async function send(events: StageEvent[]): Promise<void> {
    try {
      topicReady ??= log.ensureTopics([{ name: topic, retentionMs: STAGE_EVENT_RETENTION_MS }]);
      await topicReady;
      await log.produce(events.map((event) => ({ topic, key: event.traceId, value: JSON.stringify(event), timestamp: event.at })));
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
