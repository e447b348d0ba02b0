import { z } from 'zod';
import { StageSchema } from './stage-event.schema';

/**
 * What the live pipeline dashboard shows, as the server aggregates it from stage events, consumer
 * group lag, dead-letter topics and the replication slot. Times are milliseconds since epoch;
 * latencies are milliseconds; lag is given in records and in seconds.
 */

/** up: reporting · idle: quiet with nothing to do · degraded: errors in the last minute ·
 * down: quiet while work waits (or the capture's slot has no reader) · unknown: no figures yet. */
export const STAGE_HEALTH = ['up', 'idle', 'degraded', 'down', 'unknown'] as const;
export const StageHealthSchema = z.enum(STAGE_HEALTH);
export type StageHealth = z.infer<typeof StageHealthSchema>;

export const LatencyFiguresSchema = z.object({
  count: z.number().int().nonnegative(),
  p50: z.number().nonnegative(),
  p95: z.number().nonnegative(),
  p99: z.number().nonnegative(),
  max: z.number().nonnegative(),
});
export type LatencyFigures = z.infer<typeof LatencyFiguresSchema>;

export const LagFiguresSchema = z.object({
  records: z.number().int().nonnegative(),
  seconds: z.number().nonnegative(),
});
export type LagFigures = z.infer<typeof LagFiguresSchema>;

export const StageFiguresSchema = z.object({
  stage: StageSchema,
  health: StageHealthSchema,
  /** Set by the last pause/resume a worker confirmed; null when no worker said. */
  paused: z.boolean().nullable(),
  lastEventAt: z.number().nullable(),
  /** Events per second over the last 10 seconds and over the last minute. */
  eventsPerSecond: z.number().nonnegative(),
  eventsPerSecond1m: z.number().nonnegative(),
  totalEvents: z.number().int().nonnegative(),
  totalErrors: z.number().int().nonnegative(),
  errorsLastMinute: z.number().int().nonnegative(),
  /** Commit-to-durable latency over the last minute. */
  latencyMs: LatencyFiguresSchema,
  /** Lag of the stage's consumer group; null for a stage without one (capture) or not yet polled. */
  lag: LagFiguresSchema.nullable(),
  deadLetters: z.number().int().nonnegative().nullable(),
});
export type StageFigures = z.infer<typeof StageFiguresSchema>;

/** One minute of one stage, for the 15-minute charts. */
export const HistoryPointSchema = z.object({
  minute: z.number(),
  events: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  eventsPerSecond: z.number().nonnegative(),
  p50: z.number().nonnegative(),
  p99: z.number().nonnegative(),
  max: z.number().nonnegative(),
  lagSeconds: z.number().nonnegative().nullable(),
});
export type HistoryPoint = z.infer<typeof HistoryPointSchema>;

export const StageHistorySchema = z.object({ stage: StageSchema, points: z.array(HistoryPointSchema) });
export type StageHistory = z.infer<typeof StageHistorySchema>;

export const SlotFiguresSchema = z.object({
  name: z.string(),
  /** Bytes of WAL the slot keeps on disk because its consumer has not confirmed them. */
  retainedWalBytes: z.number().nonnegative(),
  /** A reader (the capture stage or Debezium) is attached. */
  active: z.boolean(),
});
export type SlotFigures = z.infer<typeof SlotFiguresSchema>;

/** One stage's part in one source transaction. */
export const TraceHopSchema = z.object({
  stage: StageSchema,
  firstAt: z.number(),
  lastAt: z.number(),
  /** Highest commit-to-durable latency this stage reported for the transaction. */
  latencyMs: z.number().nonnegative().nullable(),
  events: z.number().int().positive(),
  errors: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
});
export type TraceHop = z.infer<typeof TraceHopSchema>;

/** The journey of one source transaction: commit → capture → etl → view → index (searchable). */
export const TraceSchema = z.object({
  traceId: z.string(),
  lsn: z.number().nullable(),
  /** Source commit time, derived from the reported latencies; null when no stage gave one. */
  commitAt: z.number().nullable(),
  /** When the index stage made the change durable in the search index. */
  searchableAt: z.number().nullable(),
  updatedAt: z.number(),
  /** In pipeline order (capture, etl, view, index, notify). */
  hops: z.array(TraceHopSchema),
  /** Entities and keys the transaction touched (the first few), e.g. to follow a delivery id. */
  keys: z.array(z.object({ entity: z.string(), key: z.string() })),
});
export type Trace = z.infer<typeof TraceSchema>;

/** Sent once when a client connects (and served by GET /api/pipeline/snapshot). */
export const PipelineSnapshotSchema = z.object({
  at: z.number(),
  stages: z.array(StageFiguresSchema),
  slot: SlotFiguresSchema.nullable(),
  history: z.array(StageHistorySchema),
  /** Most recently updated transactions, newest first. */
  recentTraces: z.array(TraceSchema),
});
export type PipelineSnapshot = z.infer<typeof PipelineSnapshotSchema>;

/**
 * Pushed at a bounded rate after the snapshot: the current figures, the current minute's history
 * point per stage (replace the point with the same `minute`, or append it) and the transactions
 * updated since the previous push (newest first, bounded).
 */
export const PipelineDeltaSchema = z.object({
  at: z.number(),
  stages: z.array(StageFiguresSchema),
  slot: SlotFiguresSchema.nullable(),
  history: z.array(z.object({ stage: StageSchema, point: HistoryPointSchema })),
  traces: z.array(TraceSchema),
});
export type PipelineDelta = z.infer<typeof PipelineDeltaSchema>;
