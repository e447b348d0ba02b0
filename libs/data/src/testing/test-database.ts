import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createResilientPool } from '@dsm/pg-resilience';
import { withDatabase } from '../database';
import { TEMPLATE_DATABASE } from './test-cluster';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** The server URL handed over by the global setup (see `vitest-global-setup.ts`). */
export function testServerUrl(): string {
  const url = process.env['DSM_TEST_SERVER_URL'];
  if (!url) throw new Error('DSM_TEST_SERVER_URL is unset: add @dsm/data/testing global setup to vitest.config.');
  return url;
}

/** A fresh, migrated database of its own for one test file (cloned from the template). */
export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const serverUrl = testServerUrl();
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name} template ${TEMPLATE_DATABASE}`);
  return {
    url: withDatabase(serverUrl, name),
    name,
    drop: () => adminQuery(serverUrl, `drop database if exists ${name} with (force)`),
  };
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A pool for a test's own queries. pg-pool's end() resolves before its connections' sockets have
 * closed, so a `drop()` right after may terminate one of them while it ends; pg reports that as an
 * 'error' on the pool, which a plain pool without a listener throws as an uncaught exception.
 */
export function createTestPool(url: string, max = 4): pg.Pool {
  return createResilientPool({ connectionString: url, max }, { name: 'test pool', logger: { warn: () => undefined } });
}
