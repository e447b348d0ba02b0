import type { Express } from 'express';
import pg from 'pg';
import pino from 'pino';
import request from 'supertest';
import { connectDatabase, hashPassword, type Database } from '@dsm/data';
import { createTestDatabase, type TestDatabase } from '@dsm/data/testing';
import type { Role } from '@dsm/contracts';
import { buildApp, type AppDeps, type AppKit } from '../app';
import { createSessionStore } from '../http/session.middleware';
import { CSRF_COOKIE } from '../http/csrf.middleware';

export interface ApiHarness {
  app: Express;
  /** The app's session and user lookup, e.g. for a socket.io gateway over the same sessions. */
  kit: AppKit;
  db: Database;
  database: TestDatabase;
  /** A plain connection for assertions straight against the tables. */
  sql: pg.Client;
  close(): Promise<void>;
}

/** The real app over a fresh, migrated PostgreSQL database of its own. */
export async function createApiHarness(overrides: Partial<AppDeps> = {}): Promise<ApiHarness> {
  const database = await createTestDatabase('api');
  const db = connectDatabase(database.url, { poolMax: 5 });
  const sessions = createSessionStore(database.url);
  const sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  const { app, kit } = buildApp({ db, sessionStore: sessions.store, sessionSecret: 'test-secret-not-used-in-production',
    // TEST_LOG=error shows the server's own log lines while debugging a test.
    logger: pino({ level: process.env['TEST_LOG'] ?? 'silent' }),
    ...overrides,
   });
  return {
    app, kit, db, database, sql,
    async close() {
      await sql.end();
      await sessions.close();
      await db.close();
      await database.drop();
    },
  };
}

let userCounter = 0;

export async function createUser(sql: pg.Client, role: Role): Promise<{ id: number; email: string; password: string }> {
  userCounter += 1;
  const email = `${role}-${userCounter}-${Date.now()}@test.local`;
  const password = `${role}-password-123`;
  const { rows } = await sql.query<{ id: number }>('insert into users (email, password_hash, role) values ($1, $2, $3) returning id', [
    email, await hashPassword(password), role,
  ]);
  return { id: Number(rows[0].id), email, password };
}

/** A supertest agent with a session; writes carry the CSRF header like Angular's HttpClient. */
export interface SignedIn {
  agent: ReturnType<typeof request.agent>;
  user: { id: number; email: string; password: string };
  csrf: string;
  get(url: string): request.Test;
  post(url: string, body?: object): request.Test;
  patch(url: string, body?: object): request.Test;
  delete(url: string): request.Test;
}

export function cookieValue(response: request.Response, name: string): string | undefined {
  const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  const cookie = cookies.find((line) => line.startsWith(`${name}=`));
  return cookie ? decodeURIComponent(cookie.slice(name.length + 1).split(';')[0]) : undefined;
}

export async function signIn(app: Express, sql: pg.Client, role: Role): Promise<SignedIn> {
  const user = await createUser(sql, role);
  const agent = request.agent(app);
  const login = await agent.post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200);
  const csrf = cookieValue(login, CSRF_COOKIE);
  if (!csrf) throw new Error('login did not set the XSRF-TOKEN cookie');
  const withToken = (test: request.Test) => test.set('X-XSRF-TOKEN', csrf);
  return {
    agent, user, csrf,
    get: (url) => agent.get(url),
    post: (url, body) => (body === undefined ? withToken(agent.post(url)) : withToken(agent.post(url)).send(body)),
    patch: (url, body) => withToken(agent.patch(url)).send(body ?? {}),
    delete: (url) => withToken(agent.delete(url)),
  };
}

const TABLES = ['organizations', 'customers', 'products', 'orders', 'order_items', 'invoices', 'deliveries', 'delivery_details', 'attempts', 'state_changes', 'outbox', 'users', 'user_audit'];

/** Row counts of every table a command could write, to prove a refused command wrote nothing. */
export async function rowCounts(sql: pg.Client): Promise<Record<string, number>> {
  const { rows } = await sql.query<Record<string, number>>(
    `select ${TABLES.map((table) => `(select count(*)::int from ${table}) as ${table}`).join(', ')}`,
  );
  return rows[0];
}

/** The transaction id that last wrote a row: what the API's `txId` must equal. */
export async function xminOf(sql: pg.Client, table: string, where: string, params: unknown[] = []): Promise<string[]> {
  const { rows } = await sql.query<{ xmin: string }>(`select xmin::text as xmin from ${table} where ${where}`, params);
  return rows.map((row) => row.xmin);
}
