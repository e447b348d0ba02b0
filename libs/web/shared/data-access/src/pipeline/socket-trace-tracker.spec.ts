import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { ChangeProgress } from '@dsm/web/util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakePipelineSocket } from '../testing/fake-pipeline-socket';
import { PIPELINE_SOCKET_FACTORY, PipelineSocket } from './pipeline-socket';
import { SocketTraceTracker } from './socket-trace-tracker';

const hop = (stage: string, lastAt: number) => ({ stage, firstAt: lastAt, lastAt, latencyMs: 5, events: 1, errors: 0, lastError: null });
const trace = (hops: ReturnType<typeof hop>[], searchableAt: number | null = null) => ({
  traceId: '900', lsn: 1, commitAt: 1000, searchableAt, updatedAt: 1100, keys: [], hops,
});

describe('SocketTraceTracker', () => {
  let socket: FakePipelineSocket;

  beforeEach(() => {
    vi.useFakeTimers();
    socket = new FakePipelineSocket();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: PIPELINE_SOCKET_FACTORY, useValue: () => socket.asClient() }],
    });
  });

  afterEach(() => vi.useRealTimers());

  it('joins the trace room on connect and marks each hop the server pushes', () => {
    const seen: ChangeProgress[] = [];
    TestBed.inject(SocketTraceTracker).track('900', 'saved').subscribe((progress) => seen.push(progress));

    socket.accept();
    socket.serverEmit('trace:update', trace([hop('capture', 1010), hop('etl', 1030)]));
    socket.serverEmit('trace:update', { traceId: 'other', nonsense: true });
    socket.serverEmit('trace:update', trace([hop('capture', 1010), hop('etl', 1030), hop('view', 1060), hop('index', 1090)], 1090));

    expect(socket.sent.at(0)).toEqual({ event: 'follow', payload: { traceId: '900' } });
    expect(seen[1]?.steps.map((step) => step.afterMs)).toEqual([10, 30, null, null, null]);
    expect(seen.at(-1)?.status).toBe('done');
    expect(seen.at(-1)?.steps.map((step) => step.afterMs)).toEqual([10, 30, 60, 90, 90]);
  });

  it('re-sends the follow after a reconnect, because rooms do not survive it', () => {
    TestBed.inject(SocketTraceTracker).track('900', 'saved').subscribe();

    socket.accept();
    socket.drop();
    socket.accept();

    expect(socket.sent.filter((sent) => sent.event === 'follow')).toHaveLength(2);
  });

  it('polls the REST trace when the server refuses the socket', () => {
    const seen: ChangeProgress[] = [];
    TestBed.inject(SocketTraceTracker).track('900', 'saved').subscribe((progress) => seen.push(progress));
    const http = TestBed.inject(HttpTestingController);

    socket.refuse();
    vi.advanceTimersByTime(400);
    http.expectOne('/api/pipeline/traces/900').flush(trace([hop('capture', 1010)]));

    expect(seen.at(-1)?.steps[0]?.afterMs).toBe(10);
    expect(TestBed.inject(PipelineSocket).state()).toBe('idle');
  });
});
