import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createTestPool, createTestDatabase, type TestDatabase } from '@dsm/data/testing';
import { createPostgresEventLog, type ConsumedRecord, type EventLog, type PostgresEventLog } from '@dsm/eventlog';
import type { CaptureLogger } from '../capture-options.schema';
import { dropSlot } from '../slot.repository';

/** A captured database, an embedded log in a database of its own, and a unique slot name. */
export interface CaptureHarness {
  domain: TestDatabase;
  logDatabase: TestDatabase;
  log: PostgresEventLog;
  prefix: string;
  slotName: string;
  /** Runs SQL on the captured database. */
  sql<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params?: unknown[]): Promise<T[]>;
  cleanup(): Promise<void>;
}

export const quietLogger: CaptureLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (obj, msg) => console.error(msg, obj),
};

/** Slots are cluster-wide: every test needs its own name. */
export function uniqueSlotName(label: string): string {
  return `${label}_${randomBytes(4).toString('hex')}`;
}

export async function createCaptureHarness(label: string): Promise<CaptureHarness> {
  const domain = await createTestDatabase(`${label}_src`);
  const logDatabase = await createTestDatabase(`${label}_log`);
  const log = createPostgresEventLog({ url: logDatabase.url, defaultPartitions: 3, maintenanceIntervalMs: 0, pollIntervalMs: 200 });
  const pool = createTestPool(domain.url);
  const slotName = uniqueSlotName(label);
  return {
    domain,
    logDatabase,
    log,
    prefix: 'dsm',
    slotName,
    sql: async (text, params) => (await pool.query(text, params)).rows,
    async cleanup() {
      const client = await pool.connect();
      try {
        await dropSlot(client, slotName);
      } finally {
        client.release();
      }
      await pool.end();
      await log.close();
      await domain.drop();
      await logDatabase.drop();
    },
  };
}

/** Every record of a topic, partition by partition, in offset order. */
export async function readTopic(log: EventLog, topic: string): Promise<ConsumedRecord[]> {
  const info = (await log.listTopics()).find((candidate) => candidate.name === topic);
  if (!info) return [];
  const all: ConsumedRecord[] = [];
  for (let partition = 0; partition < info.partitions; partition += 1) {
    let from = 0n;
    for (;;) {
      const page = await log.read(topic, { partition, fromOffset: from.toString(), limit: 1000 });
      all.push(...page);
      if (page.length < 1000) break;
      from = BigInt(page[page.length - 1].offset) + 1n;
    }
  }
  return all;
}

/** Polls until `probe` returns a value (tests wait for outcomes, never assert on durations). */
export async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** An organization, customer and order to hang deliveries on; returns their ids. */
export async function seedOrder(harness: Pick<CaptureHarness, 'sql'>, label = 'Acme'): Promise<{ organizationId: number; customerId: number; orderId: number }> {
  const [org] = await harness.sql<{ id: string }>('insert into organizations (name) values ($1) returning id', [label]);
  const [customer] = await harness.sql<{ id: string }>(
    `insert into customers (organization_id, first_name, last_name, email) values ($1, 'Ada', 'Lovelace', $2) returning id`,
    [org.id, `ada-${randomBytes(3).toString('hex')}@example.com`],
  );
  const [order] = await harness.sql<{ id: string }>(
    `insert into orders (organization_id, customer_id, po) values ($1, $2, $3) returning id`,
    [org.id, customer.id, `PO-${randomBytes(3).toString('hex')}`],
  );
  return { organizationId: Number(org.id), customerId: Number(customer.id), orderId: Number(order.id) };
}
