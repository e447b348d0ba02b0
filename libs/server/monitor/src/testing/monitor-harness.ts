import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import session from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import pg from 'pg';
import pino from 'pino';
import { io as connectClient, type Socket } from 'socket.io-client';
import { ZodError } from 'zod';
import { dlqTopic, type AlertThresholds, stageEventsTopic, type Actor, type PipelineClientToServerEvents, type PipelineServerToClientEvents, type Role, type StageEvent } from '@dsm/contracts';
import { createTestPool, createTestDatabase, type TestDatabase } from '@dsm/data/testing';
import { createPostgresEventLog, type PostgresEventLog } from '@dsm/eventlog';
import { createPipelineControlService, type PipelineControlService } from '../control/pipeline-control.service';
import { attachMonitorGateway, type MonitorGateway } from '../gateway/monitor.gateway';
import { createMonitorMetrics } from '../http/monitor.metrics';
import { createMonitorRouter } from '../http/monitor.router';
import { createMonitorService, type MonitorService } from '../monitor/monitor.service';
import { waitFor } from './wait-for';

export type PipelineClient = Socket<PipelineServerToClientEvents, PipelineClientToServerEvents>;

export interface MonitorHarness {
  url: string;
  prefix: string;
  db: TestDatabase;
  pool: pg.Pool;
  eventLog: PostgresEventLog;
  monitor: MonitorService;
  controls: PipelineControlService;
  gateway: MonitorGateway;
  app: express.Express;
  /** A real user row and a real session in the `sessions` table; returns the session cookie. */
  signIn(role: Role): Promise<{ cookie: string; user: Actor }>;
  connect(cookie?: string): PipelineClient;
  produceStageEvents(events: StageEvent[]): Promise<void>;
  close(): Promise<void>;
}

const SECRET = 'monitor-test-secret-not-for-production';

/**
 * A real stack for the monitor's tests: own PostgreSQL database, embedded event log, express
 * sessions in PostgreSQL, an http server with the gateway and router attached. The sign-in route
 * stands in for the API's login (it stores the same session fields).
 */
export async function startMonitorHarness(options: { pushIntervalMs?: number; metricsToken?: string; thresholds?: AlertThresholds } = {}): Promise<MonitorHarness> {
  const db = await createTestDatabase('monitor');
  const pool = createTestPool(db.url);
  const prefix = 'mt';
  const logger = pino({ level: 'silent' });
  const eventLog = createPostgresEventLog({ url: db.url, defaultPartitions: 2, maintenanceIntervalMs: 0, pollIntervalMs: 200, logger });
  await eventLog.ensureTopics([{ name: stageEventsTopic(prefix) }, ...['etl', 'index'].map((stage) => ({ name: dlqTopic(prefix, stage) }))]);
  const monitor = createMonitorService({ eventLog, prefix, pollIntervalMs: 60_000, logger, thresholds: options.thresholds });
  const controls = createPipelineControlService({ eventLog, prefix });
  await controls.prepare();
  await monitor.start();

  const PgStore = connectPgSimple(session);
  const store = new PgStore({ pool, tableName: 'sessions', createTableIfMissing: false });
  const sessionMiddleware = session({ name: 'dsm.sid', secret: SECRET, store, resave: false, saveUninitialized: false });
  const findUser = async (id: number): Promise<Actor | undefined> => {
    const { rows } = await pool.query<Actor>('select id::int as id, email, role from users where id = $1', [id]);
    return rows[0];
  };
  const app = express();
  app.post('/test/sign-in/:role', sessionMiddleware, async (req, res) => {
    const role = req.params['role'] as Role;
    const { rows } = await pool.query<{ id: number }>(
      `insert into users (email, password_hash, role) values ($1, 'not-used', $2) returning id::int as id`,
      [`${role}-${Math.random().toString(36).slice(2)}@example.test`, role],
    );
    Object.assign(req.session, { userId: rows[0].id, role, email: `${role}@example.test` });
    req.session.save(() => res.status(204).end());
  });
  const registry = createMonitorMetrics(monitor);
  app.use(createMonitorRouter({ monitor, controls, eventLog, prefix, registry, sessionMiddleware, findUser, metricsToken: options.metricsToken }));
  app.use(testErrorMiddleware);
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const gateway = attachMonitorGateway(server, { sessionMiddleware, monitor, controls, findUser, pushIntervalMs: options.pushIntervalMs ?? 100, logger });
  const clients: PipelineClient[] = [];

  const produceStageEvents = async (events: StageEvent[]) => {
    await eventLog.produce(events.map((event) => ({ topic: stageEventsTopic(prefix), key: event.traceId, value: JSON.stringify(event) })));
  };
  await warmUp(monitor, produceStageEvents);

  return {
    url, prefix, db, pool, eventLog, monitor, controls, gateway, app,
    async signIn(role) {
      const response = await fetch(`${url}/test/sign-in/${role}`, { method: 'POST' });
      const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
      const { rows } = await pool.query<Actor>('select id::int as id, email, role from users order by id desc limit 1');
      return { cookie, user: rows[0] };
    },
    connect(cookie) {
      const client: PipelineClient = connectClient(`${url}/pipeline`, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        extraHeaders: cookie ? { cookie } : {},
      });
      clients.push(client);
      return client;
    },
    produceStageEvents,
    async close() {
      clients.forEach((client) => client.disconnect());
      await gateway.close();
      await monitor.stop();
      await eventLog.close();
      await pool.end();
      await db.drop();
    },
  };
}

/**
 * The monitor starts at the log's end once its member owns the partitions, shortly after
 * subscribe returns; a probe on the notify stage shows when that happened. Tests use other stages.
 */
async function warmUp(monitor: MonitorService, produce: (events: StageEvent[]) => Promise<void>): Promise<void> {
  await waitFor(async () => {
    await produce([{ traceId: 'warm-up', lsn: null, stage: 'notify', entity: 'probe', key: null, at: Date.now(), latencyMs: null, batch: 0 }]);
    return monitor.aggregator.trace('warm-up') !== null;
  }, { intervalMs: 300 });
}

// Express recognises an error handler by its four parameters.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
const testErrorMiddleware: ErrorRequestHandler = (error, _req, res, _next) => {
  res.status(error instanceof ZodError ? 400 : 500).json({ error: error instanceof Error ? error.message : String(error) });
};
