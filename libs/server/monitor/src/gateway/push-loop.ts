import { SERVER_EVENTS, type PipelineServerToClientEvents } from '@dsm/contracts';
import type { Namespace } from 'socket.io';
import type { PipelineAggregator } from '../aggregation/pipeline-aggregator';

export const traceRoom = (traceId: string): string => `trace:${traceId}`;

/**
 * Every tick: followed transactions that changed go to their rooms, and one delta goes to every
 * client. However many stage events arrive, a client gets at most one delta per tick. Deltas are
 * volatile: a client that cannot keep up skips one and the next carries the full figures again.
 */
export function startPushLoop(namespace: Namespace<Record<string, never>, PipelineServerToClientEvents>, aggregator: PipelineAggregator, intervalMs: number): () => void {
  let previous = '';
  const timer = setInterval(() => {
    const changed = aggregator.drainChangedTraceIds();
    if (namespace.sockets.size === 0) return;
    for (const traceId of changed) {
      const room = traceRoom(traceId);
      if (!namespace.adapter.rooms.get(room)?.size) continue;
      const trace = aggregator.trace(traceId);
      if (trace) namespace.to(room).emit(SERVER_EVENTS.trace, trace);
    }
    const delta = aggregator.delta(changed);
    const figures = JSON.stringify([delta.stages, delta.slot, delta.history]);
    if (changed.length === 0 && figures === previous) return;
    previous = figures;
    namespace.volatile.emit(SERVER_EVENTS.delta, delta);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
