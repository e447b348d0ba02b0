import { z } from 'zod';
import type { StageEvent } from '@dsm/contracts';
import type { EventLog } from '@dsm/eventlog';

/** The slice of a pino logger the capture writes to; pino's `Logger` satisfies it. */
export interface CaptureLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Receives stage events (stage "capture", traceId = source txId) once per produced batch. */
export interface CaptureReporter {
  report(events: StageEvent[]): Promise<void> | void;
}

export const CaptureSettingsSchema = z.object({
  /** The captured (domain) database; the slot and publication live there. */
  domainUrl: z.string().min(1),
  prefix: z.string().regex(/^[a-z][a-z0-9_-]{0,30}$/),
  slotName: z.string().regex(/^[a-z0-9_]{1,63}$/, 'A slot name is lower-case letters, digits and "_"'),
  /** Debezium's logical server name (`source.name`); defaults to the prefix, like topic.prefix. */
  serverName: z.string().min(1).optional(),
  walWarnBytes: z.number().int().positive().default(512 * 1024 * 1024),
  /** Idle heartbeat: a record on `<prefix>.heartbeat` and a keepalive ping that lets the slot advance. */
  heartbeatIntervalMs: z.number().int().positive().default(10_000),
  /** How often the slot's retained WAL is measured. */
  walCheckIntervalMs: z.number().int().positive().default(30_000),
  /**
   * Upper bound on change events per produce() call. A transaction larger than this is produced
   * in fragments of at most this size (BEGIN with the first, END with the last).
   */
  maxBatchEvents: z.number().int().positive().default(2_000),
  /** The same bound in pgoutput bytes (rows with large text or json). */
  maxBatchBytes: z.number().int().positive().default(8 * 1024 * 1024),
  /** High-water mark of received-but-not-durable change events: past it, reading pauses. */
  maxInFlightEvents: z.number().int().positive().default(10_000),
  /** High-water mark of received-but-not-durable pgoutput bytes. */
  maxInFlightBytes: z.number().int().positive().default(64 * 1024 * 1024),
  snapshotBatchSize: z.number().int().positive().default(1_000),
  reconnect: z
    .object({ initialMs: z.number().int().positive().default(200), maxMs: z.number().int().positive().default(10_000) })
    .default({ initialMs: 200, maxMs: 10_000 }),
})
  // A fragment must fit under the mark, or a large transaction would wait for room that only its
  // own (never handed over) fragment could make.
  .refine((s) => s.maxBatchEvents < s.maxInFlightEvents, { message: 'maxInFlightEvents must exceed maxBatchEvents', path: ['maxInFlightEvents'] })
  .refine((s) => s.maxBatchBytes < s.maxInFlightBytes, { message: 'maxInFlightBytes must exceed maxBatchBytes', path: ['maxInFlightBytes'] });
export type CaptureSettings = z.output<typeof CaptureSettingsSchema>;

export type CaptureStageOptions = z.input<typeof CaptureSettingsSchema> & {
  log: EventLog;
  logger: CaptureLogger;
  reporter?: CaptureReporter;
};
