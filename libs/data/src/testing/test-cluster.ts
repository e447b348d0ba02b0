import pg from 'pg';
import { migrate } from '../migrate';
import { withDatabase } from '../database';
import { startTemporaryServer } from './temporary-server';

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
  const server = await startTemporaryServer('test');
  await prepareTemplate(server.serverUrl);
  return { serverUrl: server.serverUrl, stop: server.stop };
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
