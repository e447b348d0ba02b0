import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { ChangeProgress } from '@dsm/web/util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FreshnessPollingTracker } from './change-tracker';
import { TracePollingTracker } from './trace-tracker';

describe('FreshnessPollingTracker', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    vi.useFakeTimers();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => vi.useRealTimers());

  it('follows a change until the index has caught up, then completes', () => {
    const seen: ChangeProgress[] = [];
    let completed = false;
    TestBed.inject(FreshnessPollingTracker)
      .track('771', 'Delivery saved')
      .subscribe({ next: (progress) => seen.push(progress), complete: () => (completed = true) });

    vi.advanceTimersByTime(500);
    http.expectOne('/api/pipeline/freshness').flush({ behindSeconds: 1, behindBytes: 100, upToDate: false });
    vi.advanceTimersByTime(500);
    http.expectOne('/api/pipeline/freshness').flush({ behindSeconds: 0, behindBytes: 0, upToDate: true });

    expect(seen.at(0)?.status).toBe('following');
    expect(seen.at(-1)?.status).toBe('done');
    expect(seen.at(-1)?.steps.every((step) => step.afterMs !== null)).toBe(true);
    expect(completed).toBe(true);
  });

  it('says progress is unavailable when the server has no freshness endpoint', () => {
    const seen: ChangeProgress[] = [];
    TestBed.inject(FreshnessPollingTracker).track('772', 'saved').subscribe((progress) => seen.push(progress));

    vi.advanceTimersByTime(500);
    http.expectOne('/api/pipeline/freshness').flush({ title: 'Not Found' }, { status: 404, statusText: 'Not Found' });

    expect(seen.at(-1)?.status).toBe('unavailable');
  });
});

describe('TracePollingTracker', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    vi.useFakeTimers();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => vi.useRealTimers());

  const hop = (stage: string, lastAt: number) => ({ stage, firstAt: lastAt, lastAt, latencyMs: 5, events: 1, errors: 0, lastError: null });

  it('marks each stage as the monitor reports it, timed from the commit', () => {
    const seen: ChangeProgress[] = [];
    TestBed.inject(TracePollingTracker).track('900', 'saved').subscribe((progress) => seen.push(progress));

    vi.advanceTimersByTime(400);
    http.expectOne('/api/pipeline/traces/900').flush({ title: 'Not Found', status: 404, detail: 'not seen yet' }, { status: 404, statusText: 'Not Found' });
    vi.advanceTimersByTime(400);
    const trace = { traceId: '900', lsn: 1, commitAt: 1000, searchableAt: null, updatedAt: 1100, keys: [], hops: [hop('capture', 1010), hop('etl', 1030)] };
    http.expectOne('/api/pipeline/traces/900').flush(trace);
    vi.advanceTimersByTime(400);
    http.expectOne('/api/pipeline/traces/900').flush({ ...trace, searchableAt: 1090, hops: [...trace.hops, hop('view', 1060), hop('index', 1090)] });

    expect(seen[1]?.status).toBe('following');
    expect(seen[2]?.steps.map((step) => step.afterMs)).toEqual([10, 30, null, null, null]);
    expect(seen.at(-1)?.steps.map((step) => step.afterMs)).toEqual([10, 30, 60, 90, 90]);
    expect(seen.at(-1)?.status).toBe('done');
  });
});
