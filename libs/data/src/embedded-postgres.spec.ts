import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedCluster } from './embedded-postgres';
import { freePort } from './testing/free-port';

let dir: string;
let port: number;
let cluster: EmbeddedCluster;

const pidFile = () => path.join(dir, 'pg', 'postmaster.pid');
const postmasterPid = async () => Number((await readFile(pidFile(), 'utf8')).split('\n')[0]);

async function selectOne(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ one: number }>('select 1 as one')).rows[0].one;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dsm-embedded-pg-'));
  // The server runs as an unprivileged user that must be able to enter the folder.
  await chmod(dir, 0o755);
  port = await freePort();
  cluster = await startEmbeddedPostgres({ dir, port });
});

afterAll(async () => {
  await cluster?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('startEmbeddedPostgres on a folder whose server already runs (real embedded PostgreSQL)', () => {
  it('waits for a server too busy to answer its probe instead of starting a second one on the live folder', async () => {
    const pid = await postmasterPid();
    let announceWaiting: () => void = () => undefined;
    const waiting = new Promise<void>((resolve) => (announceWaiting = resolve));
    // A stopped postmaster still accepts TCP connections into its backlog but answers none: a busy server, exaggerated.
    process.kill(pid, 'SIGSTOP');
    const second = startEmbeddedPostgres({ dir, port, onLog: (line) => line.includes('waiting') && announceWaiting() });
    try {
      await Promise.race([waiting, second]);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const reused = await second;
    await reused.stop();

    expect(reused.url('postgres')).toBe(cluster.url('postgres'));
    expect(await postmasterPid()).toBe(pid);
    expect(await selectOne(cluster.url('postgres'))).toBe(1);
  });

  it('names the port of a server running from the folder on another port', async () => {
    const otherPort = await freePort();

    await expect(startEmbeddedPostgres({ dir, port: otherPort })).rejects.toThrow(`already runs from ${path.join(dir, 'pg')} on port ${port}`);
    expect(await selectOne(cluster.url('postgres'))).toBe(1);
  });

  it('starts over a postmaster.pid left behind by a server that is gone', async () => {
    const lockFile = await readFile(pidFile(), 'utf8');
    await cluster.stop();
    const gonePid = spawnSync(process.execPath, ['-e', '']).pid;
    await writeFile(pidFile(), lockFile.replace(/^\d+/, String(gonePid)));

    cluster = await startEmbeddedPostgres({ dir, port });

    expect(await postmasterPid()).not.toBe(gonePid);
    expect(await selectOne(cluster.url('postgres'))).toBe(1);
  });
});

describe('a crash of the embedded server', () => {
  it('ends like a power cut: the next start replays the WAL (and says so), and every flushed commit is there', async () => {
    const client = new pg.Client({ connectionString: cluster.url('postgres') });
    await client.connect();
    await client.query('create table if not exists crash_probe (id int)');
    await client.query('insert into crash_probe values (1)');
    await client.end();
    expect(cluster.recoveredFromCrash).toBe(false);

    await cluster.crash();
    cluster = await startEmbeddedPostgres({ dir, port });

    // Immediate shutdown skips the checkpoint: the start had to replay the WAL.
    expect(cluster.recoveredFromCrash).toBe(true);
    const after = new pg.Client({ connectionString: cluster.url('postgres') });
    await after.connect();
    try {
      expect((await after.query('select id from crash_probe')).rows).toEqual([{ id: 1 }]);
    } finally {
      await after.end();
    }
  });
});

describe('a process that loads the embedded server module', () => {
  // The module's exit hook ends a process that runs out of work with process.exit(0); a test run
  // with failures exited 0 that way.
  it('still exits with the code it set itself', () => {
    const module = path.join(import.meta.dirname, 'embedded-postgres.ts');
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `await import(${JSON.stringify(module)}); process.exitCode = 3;`], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(3);
  });
});
