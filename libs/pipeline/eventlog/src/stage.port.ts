import type { Stage } from '@dsm/contracts';

export type PipelineStageState = 'idle' | 'starting' | 'running' | 'paused' | 'stopping' | 'stopped' | 'failed';

/** What a stage reports about itself (CLI, dashboard, health checks). */
export interface PipelineStageStatus {
  name: Stage;
  state: PipelineStageState;
  /** Batches handled since start. */
  batches: number;
  /** Records handled since start (including dead-lettered ones). */
  records: number;
  /** Records sent to the stage's dead-letter topic since start. */
  deadLetters: number;
  /** Last failure that made the stage retry (transport or store error), if any. */
  lastError?: string;
  /** Epoch ms of the last handled batch. */
  lastBatchAt?: number;
}

/**
 * A pipeline stage (capture, etl, view, index, notify): validate → map → apply → report, behind
 * an event-log consumer (or the WAL, for capture). apps/sink starts any subset of them.
 */
export interface PipelineStage {
  readonly name: Stage;
  /** Joins its consumer group (or opens its slot) and starts processing. */
  start(): Promise<void>;
  /** Finishes the batch in hand, commits it and releases its resources. */
  stop(): Promise<void>;
  /** Stops taking new batches without leaving the group. */
  pause(): void;
  resume(): void;
  status(): PipelineStageStatus;
}
