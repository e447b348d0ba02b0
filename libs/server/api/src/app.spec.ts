import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemSchema } from '@dsm/contracts';
import { errorMiddleware } from './http/error.middleware';
import { createApiHarness, type ApiHarness } from './testing/api-harness';

describe('the app shell', () => {
  let h: ApiHarness;
  let webDir: string;
  beforeAll(async () => {
    webDir = await mkdtemp(path.join(os.tmpdir(), 'dsm-web-'));
    await writeFile(path.join(webDir, 'index.html'), '<!doctype html><title>DSM</title><app-root></app-root>');
    await writeFile(path.join(webDir, 'main.js'), 'console.log("app")');
    h = await createApiHarness({ webDir });
  });
  afterAll(async () => {
    await h.close();
    await rm(webDir, { recursive: true, force: true });
  });

  it('answers liveness and readiness without a session', async () => {
    expect((await request(h.app).get('/health').expect(200)).body).toEqual({ status: 'ok' });
    expect((await request(h.app).get('/ready').expect(200)).body).toEqual({ status: 'ready', database: 'up' });
  });

  it('serves an OpenAPI 3.1 document generated from the contracts, and browsable docs', async () => {
    const res = await request(h.app).get('/api/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining([
      '/api/deliveries/{id}/attempts/{number}/state-changes', '/api/orders', '/api/users/{id}', '/api/auth/login',
    ]));
    const create = res.body.paths['/api/deliveries'].post;
    expect(create.requestBody.content['application/json'].schema.properties.details).toBeDefined();
    expect(create.responses['201'].content['application/json'].schema.properties.txId).toEqual({ type: 'string' });
    const docs = await request(h.app).get('/api/docs/').expect(200);
    expect(docs.text).toMatch(/swagger-ui/i);
  });

  it('sets security headers and echoes a request id', async () => {
    const res = await request(h.app).get('/health').set('X-Request-Id', 'trace-123').expect(200);
    expect(res.headers['x-request-id']).toBe('trace-123');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['x-powered-by']).toBeUndefined();
    const generated = await request(h.app).get('/health').set('X-Request-Id', 'bad id with spaces').expect(200);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown API route with a 404 problem, not the web app', async () => {
    const res = await request(h.app).get('/api/nothing-here').set('Accept', 'text/html').expect(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(ProblemSchema.parse(res.body)).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('serves the built web app with a fallback to index.html for deep links', async () => {
    expect((await request(h.app).get('/main.js').expect(200)).text).toContain('console.log');
    const deep = await request(h.app).get('/deliveries/42').set('Accept', 'text/html').expect(200);
    expect(deep.text).toContain('<app-root>');
  });
});

describe('error middleware', () => {
  it('turns an unexpected error into a 500 problem without the message or stack', async () => {
    const app = express()
      .get('/boom', () => {
        throw new Error('secret connection string postgres://user:pw@host');
      })
      .use(errorMiddleware);
    const res = await request(app).get('/boom').expect(500);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(res.body)).not.toMatch(/secret|stack|at /);
    expect(ProblemSchema.parse(res.body)).toMatchObject({ status: 500, code: 'internal' });
  });
});
