import { prepared } from '@dsm/pg-resilience';
import type pg from 'pg';
import type { BulkItemResult, BulkOperation, IndexDefinition } from '../search.port';
import { invalidOperation } from '../query/bulk-operation.schema';
import { isDocumentError } from './postgres-errors';
import { inTransaction, tableOf } from './postgres-registry';

interface Row {
  id: string;
  version: number;
  deleted: boolean;
  document: Record<string, unknown> | null;
}

type Outcome = 'applied' | 'stale' | { error: string };

const UPSERT = (table: string, source: string) => `
  insert into ${table} as stored (id, version, deleted, document)
  select id, version, deleted, document from ${source}
  on conflict (id) do update
    set version = excluded.version, deleted = excluded.deleted, document = excluded.document, updated_at = now()
    where stored.version <= excluded.version
  returning id`;
const ROWS = `jsonb_to_recordset($1::jsonb) as x(id text, version bigint, deleted boolean, document jsonb)`;

/**
 * One call is one transaction. Valid operations go in one statement; should it fail because of
 * the data (a document PostgreSQL rejects), each one is retried under its own savepoint so only
 * the bad one fails. A store-level failure (missing table, lost connection, read-only, timeout)
 * is thrown as it is; the adapter's bulk calls turn it into SearchStoreUnavailableError.
 */
export async function writeBulk(
  client: pg.ClientBase,
  physicalIndex: string,
  definition: IndexDefinition,
  operations: BulkOperation[],
): Promise<BulkItemResult[]> {
  const results: BulkItemResult[] = operations.map((operation, index) => {
    const error = invalidOperation(definition, operation);
    return error ? { id: String(operation?.id ?? index), status: 'error', error } : { id: operation.id, status: 'applied' };
  });
  const winners = latestPerId(operations, results);
  if (winners.size === 0) return results;
  // One order for every writer: two calls locking the same ids in opposite orders deadlock.
  const rows = [...winners.values()].map((index) => toRow(operations[index])).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const table = tableOf(physicalIndex);
  const outcome = await inTransaction(client, async () => {
    await client.query('savepoint batch');
    try {
      const { rows: applied } = await client.query<{ id: string }>(prepared(UPSERT(table, ROWS), [JSON.stringify(rows)]));
      const appliedIds = new Set(applied.map((row) => row.id));
      return new Map(rows.map((row) => [row.id, appliedIds.has(row.id) ? 'applied' : 'stale'] as const));
    } catch (error) {
      if (!isDocumentError(error)) throw error;
      await client.query('rollback to savepoint batch');
      return writeOneByOne(client, table, rows);
    }
  });
  return operations.map((operation, index) => resultOf(operation, results[index], winners, operations, outcome));
}

/** Several operations for one id in one call: the highest version wins (the later one on ties). */
function latestPerId(operations: BulkOperation[], results: BulkItemResult[]): Map<string, number> {
  const winners = new Map<string, number>();
  operations.forEach((operation, index) => {
    if (results[index].status === 'error') return;
    const current = winners.get(operation.id);
    if (current === undefined || operations[current].version <= operation.version) winners.set(operation.id, index);
  });
  return winners;
}

function resultOf(
  operation: BulkOperation,
  validated: BulkItemResult,
  winners: Map<string, number>,
  operations: BulkOperation[],
  outcome: Map<string, Outcome>,
): BulkItemResult {
  if (validated.status === 'error') return validated;
  const stored = outcome.get(operation.id);
  if (typeof stored === 'object') return { id: operation.id, status: 'error', error: stored.error };
  const winner = operations[winners.get(operation.id) as number];
  return { id: operation.id, status: operation.version < winner.version ? 'stale' : (stored ?? 'stale') };
}

async function writeOneByOne(client: pg.ClientBase, table: string, rows: Row[]): Promise<Map<string, Outcome>> {
  const outcome = new Map<string, Outcome>();
  for (const row of rows) {
    await client.query('savepoint item');
    try {
      const { rowCount } = await client.query(UPSERT(table, ROWS), [JSON.stringify([row])]);
      outcome.set(row.id, rowCount ? 'applied' : 'stale');
      await client.query('release savepoint item');
    } catch (error) {
      if (!isDocumentError(error)) throw error;
      await client.query('rollback to savepoint item');
      outcome.set(row.id, { error: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcome;
}

function toRow(operation: BulkOperation): Row {
  return operation.op === 'upsert'
    ? { id: operation.id, version: operation.version, deleted: false, document: operation.document }
    : { id: operation.id, version: operation.version, deleted: true, document: null };
}
