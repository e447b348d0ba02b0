import { describe, expect, it } from 'vitest';
import type { StageEvent } from '@dsm/contracts';
import { TraceStore } from './trace-store';

function event(overrides: Partial<StageEvent> = {}): StageEvent {
  return { traceId: '900', lsn: 7, stage: 'capture', entity: 'deliveries', key: '1', at: 1_000, latencyMs: 5, batch: 1, ...overrides };
}

describe('TraceStore', () => {
  it('follows one transaction hop by hop from commit to searchable, in pipeline order', () => {
    const store = new TraceStore(10);
    store.record(event({ stage: 'index', at: 1_090, latencyMs: 90 }));
    store.record(event({ stage: 'capture', at: 1_005, latencyMs: 5 }));
    store.record(event({ stage: 'etl', at: 1_020, latencyMs: 20 }));
    store.record(event({ stage: 'etl', at: 1_025, latencyMs: 25, entity: 'delivery_details', key: '3' }));
    store.record(event({ stage: 'view', at: 1_050, latencyMs: 50 }));

    const trace = store.get('900')!;
    expect(trace.hops.map((hop) => hop.stage)).toEqual(['capture', 'etl', 'view', 'index']);
    expect(trace.commitAt).toBe(1_000);
    expect(trace.searchableAt).toBe(1_090);
    expect(trace.hops[1]).toEqual({ stage: 'etl', firstAt: 1_020, lastAt: 1_025, latencyMs: 25, events: 2, errors: 0, lastError: null });
    expect(trace.keys).toEqual([{ entity: 'deliveries', key: '1' }, { entity: 'delivery_details', key: '3' }]);
  });

  it('is not searchable while the index stage only failed', () => {
    const store = new TraceStore(10);
    store.record(event({ stage: 'index', at: 2_000, error: 'mapping conflict' }));

    const trace = store.get('900')!;
    expect(trace.searchableAt).toBeNull();
    expect(trace.hops[0]).toMatchObject({ errors: 1, lastError: 'mapping conflict' });
  });

  it('forgets the least recently updated transaction beyond its capacity', () => {
    const store = new TraceStore(3);
    for (const id of ['1', '2', '3']) store.record(event({ traceId: id }));
    store.record(event({ traceId: '1', stage: 'etl' })); // 1 is now the most recent
    store.record(event({ traceId: '4' }));

    expect(store.size).toBe(3);
    expect(store.get('2')).toBeNull();
    expect(store.recent(10).map((trace) => trace.traceId)).toEqual(['4', '1', '3']);
  });

  it('finds transactions by entity key, newest first', () => {
    const store = new TraceStore(10);
    store.record(event({ traceId: '1', key: '55' }));
    store.record(event({ traceId: '2', key: '56' }));
    store.record(event({ traceId: '3', key: '55' }));

    expect(store.findByKey('deliveries', '55').map((trace) => trace.traceId)).toEqual(['3', '1']);
  });

  it('hands out changed transaction ids once, most recently changed first', () => {
    const store = new TraceStore(10);
    store.record(event({ traceId: '1' }));
    store.record(event({ traceId: '2' }));
    store.record(event({ traceId: '1', stage: 'etl' }));

    expect(store.drainChangedIds()).toEqual(['1', '2']);
    expect(store.drainChangedIds()).toEqual([]);
  });
});
