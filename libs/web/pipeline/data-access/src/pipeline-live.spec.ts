import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { DEFAULT_ALERT_THRESHOLDS } from '@dsm/contracts';
import { Notifier, PIPELINE_SOCKET_FACTORY } from '@dsm/web/data-access';
import { FakePipelineSocket } from '@dsm/web/data-access/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PipelineLive } from './pipeline-live';
import { historyPoint, snapshot, stageFigures, trace } from './testing/pipeline-fixtures';

describe('PipelineLive', () => {
  let socket: FakePipelineSocket;
  let live: PipelineLive;
  let http: HttpTestingController;

  beforeEach(() => {
    socket = new FakePipelineSocket();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: PIPELINE_SOCKET_FACTORY, useValue: () => socket.asClient() }],
    });
    http = TestBed.inject(HttpTestingController);
    live = TestBed.inject(PipelineLive);
    live.start();
    socket.accept();
  });

  it('takes the snapshot, then applies deltas, and drops payloads that break the contract', () => {
    socket.serverEmit('pipeline:snapshot', snapshot({ recentTraces: [trace('1')] }));
    socket.serverEmit('pipeline:delta', { at: 5, stages: [stageFigures('etl', { health: 'down' })], slot: null, history: [{ stage: 'etl', point: historyPoint(0) }], traces: [trace('2')] });
    socket.serverEmit('pipeline:delta', { at: 'later', stages: 'broken' });

    expect(live.state().at).toBe(5);
    expect(live.state().traces.map((item) => item.traceId)).toEqual(['2', '1']);
    expect(live.alerts().map((alert) => alert.id)).toEqual(['down:etl']);
  });

  it('raises alerts at the limits the server is configured with once they are loaded', async () => {
    socket.serverEmit('pipeline:snapshot', snapshot({ stages: [stageFigures('etl', { health: 'down' })] }));
    expect(live.alerts()[0]?.message).toContain(`(limit ${DEFAULT_ALERT_THRESHOLDS.stageDownSeconds} s)`);

    http.expectOne('/api/pipeline/alert-thresholds').flush({ lagSeconds: 45, slotWalBytes: 1024, stageDownSeconds: 90 });

    await vi.waitFor(() => expect(live.alerts()[0]?.message).toContain('(limit 90 s)'));
    expect(live.thresholds()).toEqual({ lagSeconds: 45, slotWalBytes: 1024, stageDownSeconds: 90 });
  });

  it('keeps the default limits and says so when the server’s limits cannot be loaded', async () => {
    const info = vi.spyOn(TestBed.inject(Notifier), 'info');

    http.expectOne('/api/pipeline/alert-thresholds').flush(null, { status: 503, statusText: 'Service Unavailable' });

    await vi.waitFor(() => expect(info).toHaveBeenCalledWith('The alert limits could not be loaded; alerts use the default limits'));
    expect(live.thresholds()).toEqual(DEFAULT_ALERT_THRESHOLDS);
  });

  it('replaces the whole state with the snapshot sent after a reconnect', () => {
    socket.serverEmit('pipeline:snapshot', snapshot({ recentTraces: [trace('1')] }));
    socket.drop();
    expect(live.connection()).toBe('reconnecting');

    socket.accept();
    socket.serverEmit('pipeline:snapshot', snapshot({ recentTraces: [trace('9')] }));

    expect(live.connection()).toBe('connected');
    expect(live.state().traces.map((item) => item.traceId)).toEqual(['9']);
  });

  it('follows a transaction and re-joins its room after a reconnect', async () => {
    socket.onClientEmit((event) => (event === 'follow' ? { ok: true, trace: trace('42', { searchableAt: null }) } : { ok: true, trace: null }));

    await live.follow('42');
    socket.serverEmit('trace:update', trace('42'));
    socket.drop();
    socket.accept();

    expect(live.followed()?.searchableAt).toBe(1_090);
    expect(socket.sent.filter((sent) => sent.event === 'follow').map((sent) => sent.payload)).toEqual([{ traceId: '42' }, { traceId: '42' }]);
  });

  it('sends a control command and parses the acknowledgement; keeps the latest status per command', async () => {
    socket.onClientEmit(() => ({ ok: true, id: '5b8f0c7e-3f0a-4d4e-9c53-6f6b2f1f8a10' }));

    const ack = await live.send({ type: 'reindex' });
    const status = { id: '5b8f0c7e-3f0a-4d4e-9c53-6f6b2f1f8a10', worker: 'w1', command: { type: 'reindex' }, state: 'progress', progress: { done: 5, total: 10 }, message: null, at: 1 };
    socket.serverEmit('control:status', status);
    socket.serverEmit('control:status', { ...status, state: 'done', progress: { done: 10, total: 10 } });

    expect(ack.ok).toBe(true);
    expect(socket.sent.at(-1)).toEqual({ event: 'control', payload: { type: 'reindex' } });
    expect(live.controlStatuses().map((item) => item.state)).toEqual(['done']);
  });

  it('refuses to send a command while disconnected', async () => {
    socket.drop();

    const ack = await live.send({ type: 'pause-stage', stage: 'etl' });

    expect(ack).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});
