import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@dsm/data/testing';
import { resolveSessionSecret } from './session-secret';
import { startServer } from './start-server';
import { superviseWorker } from './worker';

const silent = pino({ level: 'silent' });

async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('startServer', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('server');
  });
  afterAll(() => database.drop());

  it('listens on a real port, serves the API and closes cleanly', async () => {
    const running = await startServer({ databaseUrl: database.url, port: 0, host: '127.0.0.1', logger: silent });
    try {
      const res = await fetch(`${running.url}/ready`);
      expect(await res.json()).toEqual({ status: 'ready', database: 'up' });
      expect(typeof running.kit.session).toBe('function');
    } finally {
      await running.close();
    }
    expect(running.server.listening).toBe(false);
  });

  it('mounts extra routes with the API session before its 404', async () => {
    const running = await startServer({
      databaseUrl: database.url, port: 0, host: '127.0.0.1', logger: silent,
      extend: (kit) => [kit.session, (req, res, next) => (req.path === '/api/extra' ? res.json({ signedIn: Boolean(req.session.userId) }) : next())],
    });
    try {
      expect(await (await fetch(`${running.url}/api/extra`)).json()).toEqual({ signedIn: false });
    } finally {
      await running.close();
    }
  });

  it('generates a session secret once and keeps it; SESSION_SECRET wins when given', async () => {
    const first = await resolveSessionSecret(database.url);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(await resolveSessionSecret(database.url)).toBe(first);
    expect(await resolveSessionSecret(database.url, 'given-secret-given-secret-given-secret')).toBe('given-secret-given-secret-given-secret');
  });
});

describe('superviseWorker', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'dsm-worker-'));
    await chmod(dir, 0o755);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is undefined when the worker has not been built', () => {
    expect(superviseWorker({ script: path.join(dir, 'missing.mjs'), env: {}, logger: silent })).toBeUndefined();
  });

  it('restarts a worker that dies, with the environment it was given and its bounded heap', async () => {
    const script = path.join(dir, 'crashing.mjs');
    const log = path.join(dir, 'starts.log');
    await writeFile(script, `import { appendFileSync } from 'node:fs';\nimport v8 from 'node:v8';\n` +
      `appendFileSync(${JSON.stringify(log)}, process.env.DATABASE_URL + ' ' + v8.getHeapStatistics().heap_size_limit + '\\n');\nprocess.exit(3);\n`);
    const worker = superviseWorker({ script, env: { DATABASE_URL: 'postgres://x/y' }, logger: silent, backoffMs: 10, maxBackoffMs: 20 });
    await until(async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean).length >= 3, 'three starts');
    await worker!.stop();
    const [url, heapLimit] = (await readFile(log, 'utf8')).split('\n')[0].split(' ');
    expect(url).toBe('postgres://x/y');
    // --max-old-space-size=1024 plus the young generation (Node's default here is 4 GB).
    expect(Number(heapLimit) / 2 ** 20).toBeGreaterThan(1024);
    expect(Number(heapLimit) / 2 ** 20).toBeLessThan(1200);
  });

  it('stops a running worker with SIGTERM and does not restart it', async () => {
    const script = path.join(dir, 'long.mjs');
    const log = path.join(dir, 'long.log');
    await writeFile(script, `import { appendFileSync } from 'node:fs';\nprocess.on('SIGTERM', () => { appendFileSync(${JSON.stringify(log)}, 'term\\n'); process.exit(0); });\nappendFileSync(${JSON.stringify(log)}, 'start\\n');\nsetInterval(() => {}, 1000);\n`);
    const worker = superviseWorker({ script, env: {}, logger: silent, backoffMs: 10 });
    await until(async () => (await readFile(log, 'utf8').catch(() => '')).includes('start'), 'the worker to start');
    await worker!.stop();
    expect(await readFile(log, 'utf8')).toBe('start\nterm\n');
  });
});
