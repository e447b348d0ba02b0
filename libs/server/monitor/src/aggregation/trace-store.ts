import { STAGES, type StageEvent, type Trace, type TraceHop } from '@dsm/contracts';

const MAX_KEYS_PER_TRACE = 20;

interface TraceState {
  traceId: string;
  lsn: number | null;
  commitAt: number | null;
  updatedAt: number;
  hops: Map<TraceHop['stage'], TraceHop>;
  keys: Map<string, { entity: string; key: string }>;
}

/**
 * The journey of the most recent transactions, one entry per source transaction id. Bounded: the
 * least recently updated transaction is forgotten once `capacity` is reached (a Map keeps
 * insertion order, so re-inserting on update makes it an LRU).
 */
export class TraceStore {
  private readonly traces = new Map<string, TraceState>();
  private readonly changed = new Set<string>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.traces.size;
  }

  record(event: StageEvent): void {
    const state = this.touch(event.traceId);
    state.lsn ??= event.lsn;
    state.updatedAt = Math.max(state.updatedAt, event.at);
    if (event.latencyMs !== null) {
      const commitAt = event.at - event.latencyMs;
      state.commitAt = state.commitAt === null ? commitAt : Math.min(state.commitAt, commitAt);
    }
    if (event.key !== null && state.keys.size < MAX_KEYS_PER_TRACE) {
      state.keys.set(`${event.entity}:${event.key}`, { entity: event.entity, key: event.key });
    }
    addHop(state.hops, event);
    this.changed.delete(event.traceId);
    this.changed.add(event.traceId);
  }

  get(traceId: string): Trace | null {
    const state = this.traces.get(traceId);
    return state ? toTrace(state) : null;
  }

  /** Transactions that touched `entity` `key` (e.g. a delivery id), newest first. */
  findByKey(entity: string, key: string, limit = 20): Trace[] {
    const found: Trace[] = [];
    for (const state of [...this.traces.values()].reverse()) {
      if (found.length >= limit) break;
      if (state.keys.has(`${entity}:${key}`)) found.push(toTrace(state));
    }
    return found;
  }

  /** The most recently updated transactions, newest first. */
  recent(limit: number): Trace[] {
    return [...this.traces.values()].slice(-limit).reverse().map(toTrace);
  }

  /** Ids of the transactions updated since the previous call, newest first (forgotten ones left out). */
  drainChangedIds(): string[] {
    const ids = [...this.changed].reverse();
    this.changed.clear();
    return ids;
  }

  private touch(traceId: string): TraceState {
    const existing = this.traces.get(traceId);
    if (existing) {
      this.traces.delete(traceId);
      this.traces.set(traceId, existing);
      return existing;
    }
    const state: TraceState = { traceId, lsn: null, commitAt: null, updatedAt: 0, hops: new Map(), keys: new Map() };
    this.traces.set(traceId, state);
    if (this.traces.size > this.capacity) this.evictOldest();
    return state;
  }

  private evictOldest(): void {
    const oldest = this.traces.keys().next().value;
    if (oldest === undefined) return;
    this.traces.delete(oldest);
    this.changed.delete(oldest);
  }
}

function addHop(hops: Map<TraceHop['stage'], TraceHop>, event: StageEvent): void {
  const failed = event.error !== undefined;
  const hop = hops.get(event.stage);
  if (!hop) {
    hops.set(event.stage, {
      stage: event.stage,
      firstAt: event.at,
      lastAt: event.at,
      latencyMs: event.latencyMs,
      events: 1,
      errors: failed ? 1 : 0,
      lastError: event.error ?? null,
    });
    return;
  }
  hop.firstAt = Math.min(hop.firstAt, event.at);
  hop.lastAt = Math.max(hop.lastAt, event.at);
  if (event.latencyMs !== null) hop.latencyMs = Math.max(hop.latencyMs ?? 0, event.latencyMs);
  hop.events += 1;
  if (failed) {
    hop.errors += 1;
    hop.lastError = event.error ?? null;
  }
}

function toTrace(state: TraceState): Trace {
  const hops = STAGES.flatMap((stage) => {
    const hop = state.hops.get(stage);
    return hop ? [{ ...hop }] : [];
  });
  const index = state.hops.get('index');
  return {
    traceId: state.traceId,
    lsn: state.lsn,
    commitAt: state.commitAt,
    searchableAt: index && index.errors < index.events ? index.lastAt : null,
    updatedAt: state.updatedAt,
    hops,
    keys: [...state.keys.values()],
  };
}
