import type { AddressInfo } from 'node:net';
import http from 'node:http';
import express from 'express';
import session from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import pg from 'pg';
import pino from 'pino';
import type { Actor, Role } from '@dsm/contracts';
import { createTestPool, createTestDatabase, type TestDatabase } from '@dsm/data/testing';
import { createPostgresEventLog, type PostgresEventLog } from '@dsm/eventlog';
import { createNotificationLog, type NotificationLog } from '@dsm/notify';
import { createPostgresSearchIndex, type SearchIndex } from '@dsm/search';
import { INDEX_DEFINITIONS } from '@dsm/stages';
import { createSearchApiRouter } from '../search-api.router';

export interface SearchHarness {
  url: string;
  prefix: string;
  db: TestDatabase;
  pool: pg.Pool;
  search: SearchIndex;
  eventLog: PostgresEventLog;
  /** A real user row and a real session row; returns the session cookie. */
  signIn(role: Role): Promise<string>;
  get(path: string, cookie?: string): Promise<{ status: number; type: string; body: unknown; text: string }>;
  close(): Promise<void>;
}

/**
 * The routes over real parts: own PostgreSQL database holding the domain tables, the embedded
 * event log, the PostgreSQL search index, the notification ledger and sessions. The sign-in route
 * stands in for the API's login (it stores the same session field).
 */
export async function startSearchHarness(): Promise<SearchHarness> {
  const db = await createTestDatabase('search_api');
  const pool = createTestPool(db.url);
  const prefix = 'st';
  const logger = pino({ level: 'silent' });
  const eventLog = createPostgresEventLog({ url: db.url, defaultPartitions: 1, maintenanceIntervalMs: 0, logger });
  const search = createPostgresSearchIndex({ url: db.url, logger, poolSize: 2 });
  for (const definition of INDEX_DEFINITIONS) await search.ensureIndex(definition);
  const notifications: NotificationLog = await createNotificationLog(db.url);
  const store = new (connectPgSimple(session))({ pool, tableName: 'sessions', createTableIfMissing: false });
  const sessionMiddleware = session({ name: 'dsm.sid', secret: 'search-test-secret-not-for-production', store, resave: false, saveUninitialized: false });
  const findUser = async (id: number): Promise<Actor | undefined> =>
    (await pool.query<Actor>('select id::int as id, email, role from users where id = $1', [id])).rows[0];

  const app = express();
  app.post('/test/sign-in/:role', sessionMiddleware, async (req, res) => {
    const role = req.params['role'] as Role;
    const email = `${role}-${Math.random().toString(36).slice(2)}@example.test`;
    const { rows } = await pool.query<{ id: number }>(`insert into users (email, password_hash, role) values ($1, 'unused', $2) returning id::int as id`, [email, role]);
    Object.assign(req.session, { userId: rows[0].id, role, email });
    req.session.save(() => res.status(204).end());
  });
  app.use(createSearchApiRouter({ search, eventLog, notifications, prefix, domainUrl: db.url, session: sessionMiddleware, findUser }));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url, prefix, db, pool, search, eventLog,
    async signIn(role) {
      const response = await fetch(`${url}/test/sign-in/${role}`, { method: 'POST' });
      return (response.headers.get('set-cookie') ?? '').split(';')[0];
    },
    async get(path, cookie) {
      const response = await fetch(`${url}${path}`, { headers: cookie ? { cookie } : {} });
      const text = await response.text();
      const type = response.headers.get('content-type') ?? '';
      return { status: response.status, type, text, body: type.includes('json') ? JSON.parse(text) : text };
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await notifications.close();
      await search.close();
      await eventLog.close();
      await pool.end();
      await db.drop();
    },
  };
}
