import type { HistoryPoint, PipelineDelta, PipelineSnapshot, SlotFigures, StageFigures, StageHistory, Trace } from '@dsm/contracts';

/** What the dashboard holds between pushes; `at` is null until the first snapshot arrives. */
export interface PipelineState {
  at: number | null;
  stages: StageFigures[];
  slot: SlotFigures | null;
  history: StageHistory[];
  /** Newest first. */
  traces: Trace[];
}

export const EMPTY_PIPELINE_STATE: PipelineState = { at: null, stages: [], slot: null, history: [], traces: [] };

const HISTORY_WINDOW_MS = 15 * 60_000;
export const MAX_FEED_TRACES = 50;

/** A snapshot replaces everything: after a reconnect the deltas in between are lost anyway. */
export function fromSnapshot(snapshot: PipelineSnapshot): PipelineState {
  return {
    at: snapshot.at,
    stages: snapshot.stages,
    slot: snapshot.slot,
    history: snapshot.history,
    traces: snapshot.recentTraces.slice(0, MAX_FEED_TRACES),
  };
}

/** Figures are replaced; the current minute's point replaces or extends each stage's history. */
export function applyDelta(state: PipelineState, delta: PipelineDelta): PipelineState {
  return {
    at: delta.at,
    stages: delta.stages,
    slot: delta.slot,
    history: mergeHistory(state.history, delta, delta.at - HISTORY_WINDOW_MS),
    traces: mergeTraces(delta.traces, state.traces),
  };
}

function mergeHistory(history: StageHistory[], delta: PipelineDelta, since: number): StageHistory[] {
  const byStage = new Map(history.map((entry) => [entry.stage, entry.points]));
  for (const { stage, point } of delta.history) byStage.set(stage, upsertPoint(byStage.get(stage) ?? [], point));
  return [...byStage].map(([stage, points]) => ({ stage, points: points.filter((point) => point.minute >= since) }));
}

function upsertPoint(points: HistoryPoint[], point: HistoryPoint): HistoryPoint[] {
  const index = points.findIndex((known) => known.minute === point.minute);
  if (index === -1) return [...points, point].sort((a, b) => a.minute - b.minute);
  return points.map((known, at) => (at === index ? point : known));
}

/** Updated transactions move to the top of the feed; the feed stays bounded. */
export function mergeTraces(updated: Trace[], known: Trace[]): Trace[] {
  const ids = new Set(updated.map((trace) => trace.traceId));
  return [...updated, ...known.filter((trace) => !ids.has(trace.traceId))].slice(0, MAX_FEED_TRACES);
}
