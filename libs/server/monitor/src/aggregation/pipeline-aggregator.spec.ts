import { describe, expect, it } from 'vitest';
import type { StageEvent } from '@dsm/contracts';
import { PipelineAggregator } from './pipeline-aggregator';

const T0 = Date.UTC(2026, 10, 22, 12, 0, 0); // on a minute boundary

function event(overrides: Partial<StageEvent> = {}): StageEvent {
  return { traceId: '1001', lsn: 42, stage: 'etl', entity: 'deliveries', key: '7', at: T0, latencyMs: 10, batch: 1, ...overrides };
}

function clockAt(start: number) {
  const clock = { now: start };
  return { clock, aggregator: new PipelineAggregator({ now: () => clock.now }) };
}

const figuresOf = (aggregator: PipelineAggregator, stage: StageEvent['stage']) =>
  aggregator.figures().find((figures) => figures.stage === stage)!;

describe('PipelineAggregator latency', () => {
  it('reports exact percentiles and max for known latencies 1..100 ms', () => {
    const { aggregator } = clockAt(T0 + 30_000);
    for (let ms = 1; ms <= 100; ms++) aggregator.ingest(event({ at: T0 + 20_000, latencyMs: ms }));

    expect(figuresOf(aggregator, 'etl').latencyMs).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
  });

  it('keeps only the last minute in the live percentiles', () => {
    const { clock, aggregator } = clockAt(T0 + 1_000);
    aggregator.ingest(event({ at: T0, latencyMs: 900 }));
    clock.now = T0 + 65_000;
    aggregator.ingest(event({ at: T0 + 64_000, latencyMs: 20 }));

    expect(figuresOf(aggregator, 'etl').latencyMs).toEqual({ count: 1, p50: 20, p95: 20, p99: 20, max: 20 });
  });

  it('leaves failed events and events without latency out of the percentiles but counts them', () => {
    const { aggregator } = clockAt(T0 + 5_000);
    aggregator.ingest(event({ at: T0 + 1_000, latencyMs: 30 }));
    aggregator.ingest(event({ at: T0 + 1_000, latencyMs: 5_000, error: 'bad record' }));
    aggregator.ingest(event({ at: T0 + 1_000, latencyMs: null }));

    const figures = figuresOf(aggregator, 'etl');
    expect(figures.latencyMs.count).toBe(1);
    expect(figures.latencyMs.max).toBe(30);
    expect(figures.totalEvents).toBe(3);
    expect(figures.totalErrors).toBe(1);
    expect(figures.errorsLastMinute).toBe(1);
  });
});

describe('PipelineAggregator throughput', () => {
  it('computes events per second over the last 10 full seconds and the last minute', () => {
    const { aggregator } = clockAt(T0 + 100_500);
    for (let second = 1; second <= 10; second++) {
      for (let i = 0; i < 20; i++) aggregator.ingest(event({ at: T0 + 100_000 - second * 1000 + i }));
    }
    for (let i = 0; i < 7; i++) aggregator.ingest(event({ at: T0 + 100_100 })); // the running second

    const figures = figuresOf(aggregator, 'etl');
    expect(figures.eventsPerSecond).toBe(20);
    expect(figures.eventsPerSecond1m).toBeCloseTo(200 / 60, 10);
    expect(figures.totalEvents).toBe(207);
  });

  it('reports zero once the window has passed', () => {
    const { clock, aggregator } = clockAt(T0 + 1_000);
    aggregator.ingest(event({ at: T0 }));
    clock.now = T0 + 120_000;

    expect(figuresOf(aggregator, 'etl').eventsPerSecond1m).toBe(0);
  });

  it('counts an event stamped in the future (clock skew) in the current second', () => {
    const { clock, aggregator } = clockAt(T0);
    aggregator.ingest(event({ at: T0 + 10_000 }));
    clock.now = T0 + 1_000;

    expect(figuresOf(aggregator, 'etl').eventsPerSecond).toBe(0.1);
  });
});

describe('PipelineAggregator history', () => {
  it('keeps one point per minute with counts and percentiles, at most 15 minutes back', () => {
    const { aggregator } = clockAt(T0 + 20 * 60_000 + 30_000);
    aggregator.ingest(event({ at: T0 + 2 * 60_000, latencyMs: 5 })); // 18 minutes ago: dropped
    aggregator.ingest(event({ at: T0 + 10 * 60_000, latencyMs: 10 }));
    aggregator.ingest(event({ at: T0 + 10 * 60_000 + 5, latencyMs: 30 }));
    aggregator.ingest(event({ at: T0 + 20 * 60_000 + 1, latencyMs: 40, error: 'x' }));

    const points = aggregator.snapshot().history.find((history) => history.stage === 'etl')!.points;
    expect(points).toEqual([
      { minute: T0 + 10 * 60_000, events: 2, errors: 0, eventsPerSecond: 2 / 60, p50: 10, p99: 30, max: 30, lagSeconds: null },
      { minute: T0 + 20 * 60_000, events: 1, errors: 1, eventsPerSecond: 1 / 30, p50: 0, p99: 0, max: 0, lagSeconds: null },
    ]);
  });

  it('records the highest lag in seconds seen during the minute', () => {
    const { clock, aggregator } = clockAt(T0 + 1_000);
    aggregator.setLag('view', { records: 10, seconds: 2.5 });
    clock.now = T0 + 2_000;
    aggregator.setLag('view', { records: 3, seconds: 0.5 });

    const delta = aggregator.delta([]);
    expect(delta.history.find((entry) => entry.stage === 'view')!.point.lagSeconds).toBe(2.5);
    expect(figuresOf(aggregator, 'view').lag).toEqual({ records: 3, seconds: 0.5 });
  });
});

describe('PipelineAggregator health', () => {
  it('marks a quiet stage with waiting records as down and a reporting one as up', () => {
    const { clock, aggregator } = clockAt(T0);
    aggregator.ingest(event({ stage: 'index', at: T0 }));
    aggregator.setLag('index', { records: 40, seconds: 12 });
    aggregator.setLag('view', { records: 0, seconds: 0 });
    expect(figuresOf(aggregator, 'index').health).toBe('up');

    clock.now = T0 + 16_000;
    expect(figuresOf(aggregator, 'index').health).toBe('down');
    expect(figuresOf(aggregator, 'view').health).toBe('idle');
    expect(figuresOf(aggregator, 'notify').health).toBe('unknown');
  });

  it('marks the capture down when its replication slot has no reader', () => {
    const { aggregator } = clockAt(T0);
    aggregator.setSlot({ name: 'dsm_slot', retainedWalBytes: 1024, active: false });

    expect(figuresOf(aggregator, 'capture').health).toBe('down');
  });
});
