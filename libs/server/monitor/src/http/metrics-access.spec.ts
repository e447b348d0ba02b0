import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMonitorHarness, type MonitorHarness } from '../testing/monitor-harness';
import { isLocalRequest } from './metrics-access';

const TOKEN = 'metrics-token-0123456789abcdef';
// supertest connects over loopback; a proxy in front would add X-Forwarded-For.
const PROXIED = { 'X-Forwarded-For': '203.0.113.7' };

describe('GET /metrics without METRICS_TOKEN', () => {
  let harness: MonitorHarness;
  beforeAll(async () => {
    harness = await startMonitorHarness({ thresholds: { lagSeconds: 12, slotWalBytes: 4096, stageDownSeconds: 40 } });
  });
  afterAll(async () => harness?.close());

  it('serves a scraper on this machine without a session', async () => {
    const response = await request(harness.app).get('/metrics').expect(200);

    expect(response.text).toContain('dsm_pipeline_stage_events_total');
  });

  it('asks a proxied request for a session, refuses a viewer and serves an operator and an admin', async () => {
    const viewer = await harness.signIn('viewer');
    const operator = await harness.signIn('operator');
    const admin = await harness.signIn('admin');

    await request(harness.app).get('/metrics').set(PROXIED).expect(401);
    await request(harness.app).get('/metrics').set(PROXIED).set('Cookie', viewer.cookie).expect(403);
    await request(harness.app).get('/metrics').set(PROXIED).set('Cookie', operator.cookie).expect(200);
    await request(harness.app).get('/metrics').set(PROXIED).set('Cookie', admin.cookie).expect(200);
  });

  it('serves the configured alert thresholds to anyone who may watch the pipeline', async () => {
    await request(harness.app).get('/api/pipeline/alert-thresholds').expect(401);
    const viewer = await harness.signIn('viewer');

    const response = await request(harness.app).get('/api/pipeline/alert-thresholds').set('Cookie', viewer.cookie).expect(200);

    expect(response.body).toEqual({ lagSeconds: 12, slotWalBytes: 4096, stageDownSeconds: 40 });
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  let harness: MonitorHarness;
  beforeAll(async () => {
    harness = await startMonitorHarness({ metricsToken: TOKEN });
  });
  afterAll(async () => harness?.close());

  it('needs the bearer token, even from loopback or with an admin session', async () => {
    const admin = await harness.signIn('admin');

    const missing = await request(harness.app).get('/metrics').expect(401);
    await request(harness.app).get('/metrics').set('Authorization', `Bearer ${TOKEN}x`).expect(401);
    await request(harness.app).get('/metrics').set('Authorization', TOKEN).expect(401);
    await request(harness.app).get('/metrics').set('Cookie', admin.cookie).expect(401);
    const served = await request(harness.app).get('/metrics').set(PROXIED).set('Authorization', `Bearer ${TOKEN}`).expect(200);

    expect(missing.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(served.text).toContain('dsm_pipeline_stage_events_total');
  });
});

describe('isLocalRequest', () => {
  const req = (remoteAddress: string, headers: Record<string, string> = {}) => ({ socket: { remoteAddress }, headers }) as never;

  it('accepts loopback addresses only when no proxy header is present', () => {
    expect(['127.0.0.1', '::1', '::ffff:127.0.0.1'].map((address) => isLocalRequest(req(address)))).toEqual([true, true, true]);
    expect(isLocalRequest(req('10.0.0.5'))).toBe(false);
    expect(isLocalRequest(req('127.0.0.1', { 'x-real-ip': '198.51.100.1' }))).toBe(false);
    expect(isLocalRequest(req('127.0.0.1', { forwarded: 'for=198.51.100.1' }))).toBe(false);
  });
});
