import type { HistoryPoint, PipelineSnapshot, Stage, StageFigures, Trace } from '@dsm/contracts';

/** Figures of one stage with quiet defaults; override what a test is about. */
export function stageFigures(stage: Stage, overrides: Partial<StageFigures> = {}): StageFigures {
  return {
    stage,
    health: 'up',
    paused: false,
    lastEventAt: 1_000,
    eventsPerSecond: 12.5,
    eventsPerSecond1m: 10,
    totalEvents: 100,
    totalErrors: 0,
    errorsLastMinute: 0,
    latencyMs: { count: 10, p50: 20, p95: 40, p99: 55, max: 60 },
    lag: stage === 'capture' ? null : { records: 0, seconds: 0 },
    deadLetters: 0,
    ...overrides,
  };
}

export function historyPoint(minute: number, overrides: Partial<HistoryPoint> = {}): HistoryPoint {
  return { minute, events: 60, errors: 0, eventsPerSecond: 1, p50: 20, p99: 50, max: 60, lagSeconds: 0, ...overrides };
}

export function trace(traceId: string, overrides: Partial<Trace> = {}): Trace {
  const hop = (stage: Stage, lastAt: number) => ({ stage, firstAt: lastAt, lastAt, latencyMs: lastAt - 1_000, events: 1, errors: 0, lastError: null });
  return {
    traceId,
    lsn: 1,
    commitAt: 1_000,
    searchableAt: 1_090,
    updatedAt: 1_100,
    hops: [hop('capture', 1_010), hop('etl', 1_030), hop('view', 1_060), hop('index', 1_090)],
    keys: [{ entity: 'deliveries', key: '7' }],
    ...overrides,
  };
}

export function snapshot(overrides: Partial<PipelineSnapshot> = {}): PipelineSnapshot {
  const stages = (['capture', 'etl', 'view', 'index', 'notify'] as const).map((stage) => stageFigures(stage));
  return { at: 60_000 * 20, stages, slot: { name: 'dsm_slot', retainedWalBytes: 1024, active: true }, history: [], recentTraces: [], ...overrides };
}
