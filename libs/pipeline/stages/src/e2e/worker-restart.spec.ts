import { FULL_DELIVERY, FULL_ORDER } from '@dsm/contracts';
import { createResilientPool } from '@dsm/data';
import { startRestartableCluster, startSteadyWriter, type RestartableCluster, type SteadyWriter, type WriteStep } from '@dsm/data/testing';
import { silentLogger } from '@dsm/eventlog/testing';
import { notifyGroup, notifyTopics } from '@dsm/notify';
import { waitForCaughtUp } from '@dsm/notify/testing';
import type pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDomainGraph, seededRandom, waitUntil, WORKLOAD_STEPS } from '../testing';
import { verifyAggregate } from '../tools/verify.service';
import { startWorker, type RunningWorker, type WorkerSettings } from '../worker';

interface LogLine {
  level: number;
  msg?: string;
  pool?: string;
}

type Step = (client: pg.ClientBase, pick: <T>(items: T[]) => T, tag: string) => Promise<void>;

/** A high-priority order with its `order.created` outbox event, as the API writes it: the notify stage e-mails it. */
const createNotifyingOrder: Step = async (client, pick, tag) => {
  const customer = pick((await client.query<{ id: string; organization_id: string }>('select id, organization_id from customers')).rows);
  const { rows } = await client.query<{ id: string }>(
    "insert into orders (organization_id, customer_id, po, priority) values ($1, $2, $3, 'high') returning id",
    [customer.organization_id, customer.id, `PO-N-${tag}`],
  );
  await client.query(
    "insert into outbox (aggregate_type, aggregate_id, type, payload) values ('order', $1, 'order.created', $2)",
    [rows[0].id, JSON.stringify({ id: Number(rows[0].id), priority: 'high' })],
  );
};

const STEPS: Step[] = [
  createNotifyingOrder, WORKLOAD_STEPS['createOrderWithDelivery'], WORKLOAD_STEPS['updateDelivery'], WORKLOAD_STEPS['recordStateChange'],
  WORKLOAD_STEPS['renameCustomer'], WORKLOAD_STEPS['changeProduct'], WORKLOAD_STEPS['addInvoice'],
];

/** Random domain transactions from STEPS, picked (and filled) by a seeded generator. */
function randomSteps(seed: number): WriteStep<void> {
  const random = seededRandom(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  return (client, n) => pick(STEPS)(client, pick, `${seed}-${n}`);
}

describe('the whole pipeline worker while PostgreSQL restarts under a steady write load', () => {
  const lines: LogLine[] = [];
  let cluster: RestartableCluster;
  let writer: pg.Pool;
  let pipeline: pg.Pool;
  let worker: RunningWorker;
  let load: SteadyWriter<void> | null = null;
  // What would end the real worker's process (an 'error' event nobody listens to); the test
  // runner would only report it, so it is collected and must stay empty.
  const uncaught: unknown[] = [];
  const collect = (error: unknown) => void uncaught.push(error);

  beforeAll(async () => {
    process.on('uncaughtException', collect);
    cluster = await startRestartableCluster('worker');
    writer = createResilientPool({ connectionString: cluster.domainUrl, max: 2 }, { name: 'test writer', logger: silentLogger });
    pipeline = createResilientPool({ connectionString: cluster.logUrl, max: 1 }, { name: 'test reader', logger: silentLogger });
    const client = await writer.connect();
    for (const tag of ['a', 'b', 'c', 'd']) await insertDomainGraph(client, `restart-${tag}`);
    client.release();
    const settings: WorkerSettings = {
      stages: ['capture', 'etl', 'view', 'index', 'notify'], SLOT_NAME: 'worker_restart_slot', WAL_WARN_BYTES: 512 * 1024 * 1024,
      CAPTURE_MAX_IN_FLIGHT_EVENTS: 10_000, CAPTURE_MAX_IN_FLIGHT_BYTES: 64 * 1024 * 1024,
      MAIL_FROM: '"Delivery System Manager" <no-reply@dsm.local>', MAILBOX_SMTP_PORT: 0, MAILBOX_HTTP_PORT: 0,
    };
    // The worker's own pino, read back: which connections it lost and how it reconnected.
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
    const env = { DATABASE_URL: cluster.domainUrl, PIPELINE_DATABASE_URL: cluster.logUrl, TOPIC_PREFIX: 'dsm' };
    worker = await startWorker(settings, { env, logger });
  });

  afterAll(async () => {
    await load?.stop();
    await worker?.stop();
    await writer?.end();
    await pipeline?.end();
    await cluster?.stop();
    process.off('uncaughtException', collect);
  });

  const differences = async () => {
    const deps = { repository: worker.ctx.repository, search: worker.ctx.search, domainUrl: cluster.domainUrl };
    const reports = [await verifyAggregate(deps, FULL_DELIVERY), await verifyAggregate(deps, FULL_ORDER)];
    return reports.reduce((sum, report) => sum + report.missing.length + report.stale.length + report.extra.length, 0);
  };
  // Every order.created event of the domain database and its entry in notify's sent-ledger.
  const notifications = async () => {
    const events = await writer.query<{ id: string }>("select id::text from outbox where type = 'order.created'");
    const ledger = await pipeline.query<{ event_id: string; state: string }>('select event_id, state from notify.notifications');
    const states = new Map(ledger.rows.map((row) => [row.event_id, row.state]));
    return events.rows.map((event) => states.get(event.id) ?? 'missing');
  };
  const count = async (table: string) => Number((await writer.query<{ count: string }>(`select count(*) from ${table}`)).rows[0].count);

  it('stays up, and every row written ends in the search index at its latest version', { timeout: 300_000 }, async () => {
    await waitUntil(async () => (await differences()) === 0 && (await worker.ctx.search.count('deliveries')) === 4, 'the first documents', 120_000);
    const active = startSteadyWriter(writer, randomSteps(20261123));
    load = active;

    for (const round of [1, 2]) {
      const before = active.committed.length;
      await waitUntil(async () => active.committed.length >= before + 30, `writes before restart ${round}`);
      await cluster.restart();
      await waitUntil(async () => active.committed.length >= before + 60, `writes after restart ${round}`);
    }
    await active.stop();
    load = null;

    await waitUntil(async () => (await differences()) === 0, 'the index to converge on the database', 180_000);
    expect(await worker.ctx.search.count('deliveries')).toBe(await count('deliveries'));
    expect(await worker.ctx.search.count('orders')).toBe(await count('orders'));
    await waitUntil(async () => (await worker.ctx.search.count('delivery-events')) === (await count('outbox')), 'every outbox event in the audit index');
    await waitForCaughtUp(worker.ctx.log, notifyGroup('dsm'), notifyTopics('dsm'), 60_000);

    // Each e-mail went out once, or (a restart inside the SMTP exchange) was marked unconfirmed: none was skipped.
    const states = await notifications();
    expect(states.filter((state) => state !== 'sent' && state !== 'unconfirmed')).toEqual([]);
    expect(states.filter((state) => state === 'sent').length).toBeGreaterThan(0);
    expect(uncaught).toEqual([]);
    expect(active.failures).toBeGreaterThan(0);
    expect(worker.stages.map((stage) => [stage.name, stage.status().state])).toEqual(
      ['capture', 'etl', 'view', 'index', 'notify'].map((name) => [name, 'running']),
    );
    const reconnects = lines.filter((line) => line.msg === 'capture: replication interrupted, reconnecting');
    expect(reconnects.length).toBeGreaterThanOrEqual(2);
  });
});
