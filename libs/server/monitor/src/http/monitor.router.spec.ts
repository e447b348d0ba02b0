import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { PipelineSnapshotSchema, TraceSchema, type StageEvent } from '@dsm/contracts';
import { sendToDeadLetters } from '@dsm/eventlog';
import { startMonitorHarness, type MonitorHarness } from '../testing/monitor-harness';
import { waitFor } from '../testing/wait-for';

let harness: MonitorHarness;

beforeAll(async () => {
  harness = await startMonitorHarness();
});

afterAll(async () => {
  await harness?.close();
});

const event = (traceId: string, stage: StageEvent['stage'], latencyMs: number, error?: string): StageEvent => ({
  traceId, lsn: 1, stage, entity: 'deliveries', key: '5', at: Date.now(), latencyMs, batch: 1, ...(error ? { error } : {}),
});

describe('monitor router', () => {
  it('serves Prometheus text with the same per-stage figures as the dashboard', async () => {
    await harness.produceStageEvents([event('r-1', 'view', 40), event('r-2', 'view', 80), event('r-3', 'view', 10, 'broken')]);
    await waitFor(() => harness.monitor.aggregator.trace('r-3') !== null);
    await harness.monitor.pollNow();

    const response = await request(harness.app).get('/metrics').expect(200);

    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.text).toContain('dsm_pipeline_stage_events_total{stage="view"} 3');
    expect(response.text).toContain('dsm_pipeline_stage_errors_total{stage="view"} 1');
    expect(response.text).toContain('dsm_pipeline_stage_latency_seconds_count{stage="view"} 2');
    expect(response.text).toContain('dsm_pipeline_latency_window_milliseconds{stage="view",quantile="1"} 80');
    expect(response.text).toMatch(/dsm_pipeline_consumer_lag_records\{stage="etl"\} \d+/);
  });

  it('refuses the snapshot without a session and serves it to a viewer', async () => {
    await request(harness.app).get('/api/pipeline/snapshot').expect(401);
    const { cookie } = await harness.signIn('viewer');

    const response = await request(harness.app).get('/api/pipeline/snapshot').set('Cookie', cookie).expect(200);

    expect(PipelineSnapshotSchema.parse(response.body).stages).toHaveLength(5);
  });

  it('serves a known transaction, finds it by entity key and answers 404 for an unknown one', async () => {
    await harness.produceStageEvents([event('r-trace', 'capture', 3)]);
    await waitFor(() => harness.monitor.aggregator.trace('r-trace') !== null);
    const { cookie } = await harness.signIn('viewer');

    const found = await request(harness.app).get('/api/pipeline/traces/r-trace').set('Cookie', cookie).expect(200);
    const byKey = await request(harness.app).get('/api/pipeline/traces?entity=deliveries&key=5').set('Cookie', cookie).expect(200);
    await request(harness.app).get('/api/pipeline/traces/never-seen').set('Cookie', cookie).expect(404);

    expect(TraceSchema.parse(found.body).hops.map((hop) => hop.stage)).toEqual(['capture']);
    expect(byKey.body.items.map((trace: { traceId: string }) => trace.traceId)).toContain('r-trace');
  });

  it('lists unhandled dead letters of a stage and counts them in the figures', async () => {
    const original = { topic: 'mt.view.full_delivery', partition: 0, offset: '4', key: '{"id":1}', value: '{}', headers: {}, timestamp: Date.now() };
    await sendToDeadLetters(harness.eventLog, harness.prefix, 'index', [{ record: original, error: new Error('mapping conflict') }]);
    const { cookie } = await harness.signIn('viewer');

    const response = await request(harness.app).get('/api/pipeline/dlq/index').set('Cookie', cookie).expect(200);
    await request(harness.app).get('/api/pipeline/dlq/nowhere').set('Cookie', cookie).expect(400);
    await harness.monitor.pollNow();

    expect(response.body.items).toMatchObject([{ id: 'mt.view.full_delivery:0:4', deadLetter: { stage: 'index', error: 'mapping conflict' } }]);
    expect(harness.monitor.aggregator.figures().find((stage) => stage.stage === 'index')!.deadLetters).toBe(1);
  });

  it('accepts controls from an operator only, as JSON, and lists them in the audit', async () => {
    const viewer = await harness.signIn('viewer');
    const operator = await harness.signIn('operator');

    await request(harness.app).post('/api/pipeline/controls').set('Cookie', viewer.cookie).send({ type: 'reindex' }).expect(403);
    await request(harness.app).post('/api/pipeline/controls').set('Cookie', operator.cookie).type('form').send('type=reindex').expect(415);
    const invalid = await request(harness.app).post('/api/pipeline/controls').set('Cookie', operator.cookie).send({ type: 'drop-everything' }).expect(400);
    const accepted = await request(harness.app).post('/api/pipeline/controls').set('Cookie', operator.cookie).send({ type: 'reindex', index: 'deliveries' }).expect(202);
    const audit = await request(harness.app).get('/api/pipeline/audit').set('Cookie', viewer.cookie).expect(200);

    expect(invalid.body).toMatchObject({ status: 400, code: 'invalid', errors: [{ path: 'type' }] });
    expect(audit.body.items[0]).toMatchObject({ id: accepted.body.id, outcome: 'accepted', actor: { id: operator.user.id } });
    expect(audit.body.items[1]).toMatchObject({ outcome: 'refused' });
  });
});
