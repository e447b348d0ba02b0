import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResilientClient, createResilientPool } from '@dsm/pg-resilience';
import { createTestDatabase, type TestDatabase } from './testing';

interface Line {
  object: { pool?: string };
  message: string;
}

async function waitFor(probe: () => boolean, what: string): Promise<void> {
  for (let tries = 0; !probe(); tries += 1) {
    if (tries > 200) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('createResilientPool: a pool whose connections may die under it', () => {
  let db: TestDatabase;
  let admin: pg.Client;
  const lines: Line[] = [];
  let pool: pg.Pool;

  // What a PostgreSQL restart does to every connection, one backend at a time.
  const terminate = async (client: pg.ClientBase) => {
    const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    return () => admin.query('select pg_terminate_backend($1)', [rows[0].pid]);
  };

  beforeAll(async () => {
    db = await createTestDatabase('resilient_pool');
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    pool = createResilientPool({ connectionString: db.url, max: 2 }, { name: 'test pool', logger: { warn: (object, message) => lines.push({ object, message }) } });
  });

  afterAll(async () => {
    await pool.end();
    await admin.end();
    await db.drop();
  });

  it('logs a checked-out client losing its server instead of ending the process; the next query fails and the pool recovers', async () => {
    const client = await pool.connect();
    const kill = await terminate(client);

    await kill();
    await waitFor(() => lines.length > 0, 'the checked-out client to report its error');
    await expect(client.query('select 1')).rejects.toThrow();
    client.release();

    expect(lines[0]).toMatchObject({ object: { pool: 'test pool' }, message: 'test pool: database connection lost' });
    const { rows } = await pool.query<{ ok: number }>('select 1 as ok');
    expect(rows).toEqual([{ ok: 1 }]);
  });

  it('logs an idle client losing its server, and later queries get a fresh connection', async () => {
    const client = await pool.connect();
    const kill = await terminate(client);
    client.release();
    const before = lines.length;

    await kill();
    await waitFor(() => lines.length > before, 'the idle client to report its error');

    const { rows } = await pool.query<{ ok: number }>('select 1 as ok');
    expect(rows).toEqual([{ ok: 1 }]);
  });

  it('logs a lone client losing its server instead of ending the process; its pending query rejects', async () => {
    const client = createResilientClient({ connectionString: db.url }, { name: 'test client', logger: { warn: (object, message) => lines.push({ object, message }) } });
    await client.connect();
    const kill = await terminate(client);
    const before = lines.length;

    // The rejection may arrive before kill() returns: listen for it before the kill, or it is unhandled for a moment.
    const rejected = expect(client.query('select pg_sleep(30)')).rejects.toThrow();
    await kill();

    await rejected;
    await waitFor(() => lines.length > before, 'the client to report its error');
    expect(lines.at(-1)).toMatchObject({ object: { pool: 'test client' }, message: 'test client: database connection lost' });
    await client.end().catch(() => undefined);
  });
});
