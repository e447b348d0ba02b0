import pg from 'pg';
import { chooseTransaction, type WorkloadState } from './transactions';

export interface LoadOptions {
  /** Target row changes per second; unset = as fast as the connections go. */
  rate?: number;
  durationMs: number;
  connections: number;
  /** Stop early (chaos pauses the load between faults). */
  signal?: AbortSignal;
}

export interface LoadResult {
  transactions: number;
  rowChanges: number;
  failed: number;
  elapsedMs: number;
}

/**
 * Customers the workload spreads its orders over. With the dozen sample customers, a rename
 * touched a twelfth of every delivery written so far: the view's fan-out grew with the run until
 * no pipeline could keep up. Thousands keep a customer's orders at the few dozen of a real book.
 */
const WORKLOAD_CUSTOMERS = 2_000;

/** Loads the ids the workload starts from (customers, topped up to WORKLOAD_CUSTOMERS, and products). */
export async function loadState(pool: pg.Pool): Promise<WorkloadState> {
  await pool.query(
    `with orgs as (select array_agg(id order by id) as ids from organizations)
     insert into customers (organization_id, first_name, last_name, email)
     select ids[1 + g % cardinality(ids)], 'Bench', 'Customer ' || g, 'bench-customer-' || g || '@dsm.example'
     from orgs, generate_series(1, $1::int - (select count(*)::int from customers)) g
     on conflict do nothing`,
    [WORKLOAD_CUSTOMERS],
  );
  const customers = (await pool.query<{ id: string; organization_id: string }>('select id, organization_id from customers')).rows;
  const products = (await pool.query<{ id: string }>('select id from products')).rows;
  return {
    customers: customers.map((row) => ({ id: Number(row.id), organizationId: Number(row.organization_id) })),
    products: products.map((row) => Number(row.id)),
    deliveries: [], attempts: new Map(), serial: 0,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the transaction mix on `connections` concurrent connections, paced to `rate` when given.
 * The pool must be a resilient one (`createResilientPool`) when PostgreSQL may restart under it.
 */
export async function runLoad(pool: pg.Pool, state: WorkloadState, options: LoadOptions): Promise<LoadResult> {
  const started = performance.now();
  const result: LoadResult = { transactions: 0, rowChanges: 0, failed: 0, elapsedMs: 0 };
  const done = () => performance.now() - started >= options.durationMs || options.signal?.aborted;
  const worker = async () => {
    while (!done()) {
      if (options.rate) {
        // Pacing by rows already committed keeps the offered rate steady whatever the mix draws.
        const due = (result.rowChanges / options.rate) * 1000 - (performance.now() - started);
        if (due > 0) await sleep(due);
        if (done()) break;
      }
      const client = await pool.connect().catch(() => undefined);
      if (!client) {
        result.failed += 1;
        await sleep(200);
        continue;
      }
      try {
        await client.query('begin');
        const rows = await chooseTransaction()(client, state);
        await client.query('commit');
        result.transactions += 1;
        result.rowChanges += rows;
      } catch {
        // A lost connection (chaos restarts PostgreSQL) rolls the transaction back: nothing to count.
        await client.query('rollback').catch(() => undefined);
        result.failed += 1;
        await sleep(50);
      } finally {
        client.release();
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  result.elapsedMs = performance.now() - started;
  return result;
}
