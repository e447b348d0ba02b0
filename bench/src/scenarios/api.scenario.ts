import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, startServer } from '@dsm/server-api';
import { createNotificationLog } from '@dsm/notify';
import { createSearchApiRouter } from '@dsm/server-search';
import pino from 'pino';
import type { BenchContext } from '../bench.context';
import { round } from '../report/histogram';
import { runAutocannon, type AutocannonResult } from './autocannon.runner';

export interface EndpointFigures {
  p50: number;
  p99: number;
  max: number;
  requestsPerSecond: number;
  non2xx: number;
  errors: number;
}

export interface ApiFigures {
  connections: number;
  createDelivery: EndpointFigures;
  searchDeliveries: EndpointFigures;
  /** Reference: GET /health (no session, no database) through the same HTTP stack. */
  referenceHealth: EndpointFigures;
  serverPeakRssMb: number;
}

const figures = (result: AutocannonResult): EndpointFigures => ({
  p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max,
  requestsPerSecond: round(result.requests.average, 0), non2xx: result.non2xx, errors: result.errors,
});

async function signIn(url: string, admin: { email: string; password: string }): Promise<Record<string, string>> {
  const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
  if (!response.ok) throw new Error(`bench sign-in failed: ${response.status}`);
  const cookies = new Map(response.headers.getSetCookie().map((line) => line.split(';')[0].split(/=(.*)/s).slice(0, 2) as [string, string]));
  const session = cookies.get(SESSION_COOKIE);
  const csrf = cookies.get(CSRF_COOKIE);
  if (!session || !csrf) throw new Error('bench sign-in did not set the session and CSRF cookies');
  return { cookie: `${SESSION_COOKIE}=${session}; ${CSRF_COOKIE}=${csrf}`, [CSRF_HEADER]: decodeURIComponent(csrf) };
}

/** POST /api/deliveries and GET /api/search/deliveries at `connections` concurrent clients. */
export async function measureApi(context: BenchContext, options: { connections: number; durationSeconds: number }): Promise<ApiFigures> {
  const notifications = await createNotificationLog(context.stack.pipelineUrl);
  const server = await startServer({
    databaseUrl: context.stack.domainUrl, port: 0, host: '127.0.0.1', sessionSecret: 'bench-session-secret-not-for-production', logger: pino({ level: 'silent' }),
    extend: (kit) => [createSearchApiRouter({ search: context.search, eventLog: context.log, notifications, prefix: context.prefix, domainUrl: context.stack.domainUrl, session: kit.session, findUser: kit.findUser })],
  });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
  try {
    const auth = await signIn(server.url, context.stack.admin);
    const orderId = Number((await context.pool.query<{ id: string }>('select min(id) as id from orders')).rows[0].id);
    const body = JSON.stringify({
      order_id: orderId, delivery_type: 'express', notes: 'bench',
      details: { from_contact_name: 'Dock', from_address: '1 Main St', from_city: 'Shelbyville', from_country: 'US', to_contact_name: 'Homer', to_address: '742 Evergreen Terrace', to_city: 'Springfield', to_country: 'US' },
    });
    const common = { connections: options.connections, durationSeconds: options.durationSeconds };
    const referenceHealth = figures(await runAutocannon({ ...common, url: `${server.url}/health`, method: 'GET', headers: {} }));
    const createDelivery = figures(await runAutocannon({ ...common, url: `${server.url}/api/deliveries`, method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body }));
    const searchDeliveries = figures(await runAutocannon({ ...common, url: `${server.url}/api/search/deliveries?q=${encodeURIComponent('evergreen 123')}&status=created`, method: 'GET', headers: auth }));
    return { connections: options.connections, createDelivery, searchDeliveries, referenceHealth, serverPeakRssMb: Math.round(peakRss / 1024 / 1024) };
  } finally {
    clearInterval(sampler);
    // Responses autocannon stopped waiting for still touch their sessions: let them finish first.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await server.close();
    await notifications.close();
  }
}
