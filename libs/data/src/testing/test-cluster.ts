import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrate } from '../migrate';
import { startEmbeddedPostgres } from '../embedded-postgres';
import { withDatabase } from '../database';
import { freePort } from './free-port';

export const TEMPLATE_DATABASE = 'dsm_test_template';

export interface TestCluster {
  /** Server URL (database `postgres`); test databases are cloned from the migrated template. */
  serverUrl: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL for a test run: `DATABASE_URL` when given (any server with
 * wal_level=logical), otherwise a fresh embedded cluster in a temporary folder. Either way a
 * migrated template database is prepared so each test file clones its own database in
 * milliseconds.
 */
export async function startTestCluster(): Promise<TestCluster> {
  const given = process.env['DATABASE_URL'];
  if (given) {
    const serverUrl = withDatabase(given, 'postgres');
    await prepareTemplate(serverUrl);
    return { serverUrl, stop: async () => undefined };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dsm-test-pg-'));
  await chmod(dir, 0o755);
  const cluster = await startEmbeddedPostgres({ dir, port: await freePort() });
  const serverUrl = cluster.url('postgres');
  await prepareTemplate(serverUrl);
  return {
    serverUrl,
    stop: async () => {
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function prepareTemplate(serverUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${TEMPLATE_DATABASE} with (force)`);
    await client.query(`create database ${TEMPLATE_DATABASE}`);
  } finally {
    await client.end();
  }
  await migrate(withDatabase(serverUrl, TEMPLATE_DATABASE));
}
