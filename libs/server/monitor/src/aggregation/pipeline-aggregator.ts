import {
  DEFAULT_ALERT_THRESHOLDS,
  STAGES,
  type LagFigures,
  type PipelineDelta,
  type PipelineSnapshot,
  type SlotFigures,
  type Stage,
  type StageEvent,
  type StageFigures,
  type Trace,
} from '@dsm/contracts';
import { StageAggregator } from './stage-aggregator';
import { assessStageHealth } from './stage-health';
import { TraceStore } from './trace-store';

export interface AggregatorOptions {
  /** Clock, injectable so tests can place events in known windows. */
  now?: () => number;
  historyMinutes?: number;
  traceCapacity?: number;
  /** A stage quiet for longer than this while work waits for it is down. */
  staleAfterMs?: number;
  /** Transactions in a snapshot's recent list and at most per delta. */
  recentTraces?: number;
}

/**
 * Everything the dashboard shows, aggregated in memory from stage events and polled figures, so
 * thousands of events per second cost the clients nothing: they get figures, not events.
 */
export class PipelineAggregator {
  readonly now: () => number;
  private readonly stages: Map<Stage, StageAggregator>;
  private readonly traces: TraceStore;
  private readonly staleAfterMs: number;
  private readonly recentTraces: number;
  private slot: SlotFigures | null = null;

  constructor(options: AggregatorOptions = {}) {
    this.now = options.now ?? Date.now;
    const windows = { historyMinutes: options.historyMinutes ?? 15 };
    this.stages = new Map(STAGES.map((stage) => [stage, new StageAggregator(stage, windows)]));
    this.traces = new TraceStore(options.traceCapacity ?? 5000);
    this.staleAfterMs = options.staleAfterMs ?? DEFAULT_ALERT_THRESHOLDS.stageDownSeconds * 1000;
    this.recentTraces = options.recentTraces ?? 50;
  }

  ingest(event: StageEvent): void {
    this.stage(event.stage).record(event, this.now());
    this.traces.record(event);
  }

  setLag(stage: Stage, lag: LagFigures | null): void {
    this.stage(stage).setLag(lag, this.now());
  }

  setDeadLetters(stage: Stage, count: number | null): void {
    this.stage(stage).deadLetters = count;
  }

  setPaused(stage: Stage, paused: boolean): void {
    this.stage(stage).paused = paused;
  }

  setSlot(slot: SlotFigures | null): void {
    this.slot = slot;
  }

  slotFigures(): SlotFigures | null {
    return this.slot;
  }

  trace(traceId: string): Trace | null {
    return this.traces.get(traceId);
  }

  findTraces(entity: string, key: string): Trace[] {
    return this.traces.findByKey(entity, key);
  }

  /** Ids of transactions updated since the previous call (for per-trace rooms and deltas). */
  drainChangedTraceIds(): string[] {
    return this.traces.drainChangedIds();
  }

  figures(): StageFigures[] {
    const now = this.now();
    return [...this.stages.values()].map((stage) => this.stageFigures(stage, now));
  }

  snapshot(): PipelineSnapshot {
    const now = this.now();
    return {
      at: now,
      stages: this.figures(),
      slot: this.slot,
      history: [...this.stages.values()].map((stage) => ({ stage: stage.stage, points: stage.history(now) })),
      recentTraces: this.traces.recent(this.recentTraces),
    };
  }

  /** The live part of the snapshot plus the given changed transactions (bounded to the recent-list size). */
  delta(changedTraceIds: string[]): PipelineDelta {
    const now = this.now();
    return {
      at: now,
      stages: this.figures(),
      slot: this.slot,
      history: [...this.stages.values()].map((stage) => ({ stage: stage.stage, point: stage.currentPoint(now) })),
      traces: changedTraceIds.slice(0, this.recentTraces).flatMap((id) => this.traces.get(id) ?? []),
    };
  }

  private stage(stage: Stage): StageAggregator {
    const aggregator = this.stages.get(stage);
    if (!aggregator) throw new Error(`Unknown stage ${stage}`);
    return aggregator;
  }

  private stageFigures(stage: StageAggregator, now: number): StageFigures {
    const errorsLastMinute = stage.errorsSince(now, 60);
    const slotActive = stage.stage === 'capture' && this.slot ? this.slot.active : null;
    return {
      stage: stage.stage,
      health: assessStageHealth({ now, lastEventAt: stage.lastEventAt, lag: stage.lag, errorsLastMinute, slotActive, staleAfterMs: this.staleAfterMs }),
      paused: stage.paused,
      lastEventAt: stage.lastEventAt,
      eventsPerSecond: stage.rate(now, 10),
      eventsPerSecond1m: stage.rate(now, 60),
      totalEvents: stage.totalEvents,
      totalErrors: stage.totalErrors,
      errorsLastMinute,
      latencyMs: stage.latency(now),
      lag: stage.lag,
      deadLetters: stage.deadLetters,
    };
  }
}
