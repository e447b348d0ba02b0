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
/** True when no alias is named (null) or the alias still points at the table. */
const ALIAS_CURRENT = (alias: string, table: string) =>
  `select ${alias}::text is null or exists (select from search.aliases where name = ${alias} and physical_index = ${table}) as current`;

/**
 * The whole call in one statement, so one round trip and one implicit transaction: nothing is
 * written when the alias no longer points at the table (an InitPlan, checked once; the rows keep
 * their order), and the ids written come back as one array.
 */
const GUARDED_UPSERT = (table: string) => `
  with guard as (${ALIAS_CURRENT('$2', '$3')}),
  applied as (${UPSERT(table, `${ROWS} where (select current from guard)`)})
  select (select current from guard) as current, array(select id from applied) as applied`;

/**
 * The alias a live write was aimed through points at another table now (a reindex swapped it):
 * nothing was written; look the alias up again and write there.
 */
export class AliasMovedError extends Error {
  override readonly name = 'AliasMovedError';

  constructor(alias: string, physicalIndex: string) {
    super(`Search index "${alias}" no longer points at "${physicalIndex}".`);
  }
}

/**
 * One call is one transaction. Valid operations go in one statement; should it fail because of
 * the data (a document PostgreSQL rejects), nothing of it was written and each operation is
 * retried under its own savepoint so only the bad one fails. With `alias`, the call writes only
 * while that alias points at `physicalIndex` and throws AliasMovedError otherwise. A store-level
 * failure (missing table, lost connection, read-only, timeout) is thrown as it is; the adapter's
 * bulk calls turn it into SearchStoreUnavailableError.
 */
export async function writeBulk(
  client: pg.ClientBase,
  physicalIndex: string,
  definition: IndexDefinition,
  operations: BulkOperation[],
  alias: string | null = null,
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
  const moved = () => new AliasMovedError(alias ?? '', physicalIndex);
  const outcome = await upsertAll(client, table, rows, alias, physicalIndex).catch(async (error: unknown) => {
    if (!isDocumentError(error)) throw error;
    return inTransaction(client, async () => {
      const { rows: guard } = await client.query<{ current: boolean }>(ALIAS_CURRENT('$1', '$2'), [alias, physicalIndex]);
      if (!guard[0].current) throw moved();
      return writeOneByOne(client, table, rows);
    });
  });
  if (outcome === null) throw moved();
  return operations.map((operation, index) => resultOf(operation, results[index], winners, operations, outcome));
}

/** Null when the alias had moved (nothing written). */
async function upsertAll(client: pg.ClientBase, table: string, rows: Row[], alias: string | null, physicalIndex: string): Promise<Map<string, Outcome> | null> {
  const { rows: [result] } = await client.query<{ current: boolean; applied: string[] }>(
    prepared(GUARDED_UPSERT(table), [JSON.stringify(rows), alias, physicalIndex]),
  );
  if (!result.current) return null;
  const appliedIds = new Set(result.applied);
  return new Map(rows.map((row) => [row.id, appliedIds.has(row.id) ? 'applied' : 'stale'] as const));
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
