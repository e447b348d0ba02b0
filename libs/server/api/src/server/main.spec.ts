import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@dsm/data/testing';

const root = path.resolve(import.meta.dirname, '../../../../..');

/** Bundles apps/server/src/main.ts as its build does and runs it against a real database. */
describe('server main', () => {
  let database: TestDatabase;
  let child: ChildProcess;
  let output = '';
  const bundle = path.join(root, 'tmp/main-spec', String(process.pid), 'server/main.mjs');
  beforeAll(async () => {
    database = await createTestDatabase('main');
    await build({
      entryPoints: [path.join(root, 'apps/server/src/main.ts')], outfile: bundle, bundle: true, platform: 'node', format: 'esm',
      packages: 'external', tsconfig: path.join(root, 'apps/server/tsconfig.json'), logLevel: 'silent',
    });
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query(`drop database if exists ${database.name}_pipeline with (force)`);
    await admin.end();
    await database.drop();
    await rm(path.dirname(path.dirname(bundle)), { recursive: true, force: true });
  });

  it('migrates, seeds the admin, serves, and stops on SIGTERM with exit code 0', async () => {
    child = spawn(process.execPath, [bundle], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: database.url, PORT: '0', HOST: '127.0.0.1', WORKER: 'off', LOG_LEVEL: 'warn', ADMIN_EMAIL: 'boss@test.local', ADMIN_PASSWORD: 'boss password 1' },
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const match = /Delivery System Manager: (http:\/\/\S+)/.exec(output);
        if (match) resolve(match[1]);
        if (child.exitCode !== null) reject(new Error(`main exited early:\n${output}`));
      }, 50);
      child.once('exit', () => clearInterval(timer));
      void new Promise((done) => setTimeout(done, 60_000)).then(() => reject(new Error(`no URL printed:\n${output}`)));
    });
    expect(output).toContain('First run: sign in as boss@test.local / boss password 1');
    expect(await (await fetch(`${url}/ready`)).json()).toEqual({ status: 'ready', database: 'up' });
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'boss@test.local', password: 'boss password 1' }),
    });
    expect(login.status).toBe(200);
    // The composition root wires the search API and the pipeline monitor over the same session.
    const cookie = login.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
    for (const route of ['/api/search/deliveries?q=nobody', '/api/pipeline/freshness', '/api/pipeline/snapshot']) {
      expect((await fetch(`${url}${route}`, { headers: { cookie } })).status, route).toBe(200);
    }
    expect((await fetch(`${url}/api/search/deliveries`)).status).toBe(401);
    const docs = (await (await fetch(`${url}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining(['/api/search/deliveries', '/api/pipeline/freshness', '/api/notifications/preview/{type}']));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
