import type pg from 'pg';
import { createResilientPool } from '@dsm/pg-resilience';
import type { BulkOperation, IndexDefinition, SearchIndex, SearchQuery, StoredDocument } from '../search.port';
import { consoleSearchLogger, type SearchLogger } from '../search.logger';
import { IndexNameSchema, parseIndexDefinition, PhysicalIndexNameSchema } from '../query/index-definition.schema';
import { planSearchQuery } from '../query/search-query.plan';
import { SearchStoreUnavailableError } from '../search-store.errors';
import { dropPhysical, findAlias, findDefinition, pointAlias } from './postgres-aliases';
import { AliasMovedError, writeBulk } from './postgres-bulk';
import { asStoreUnavailable } from './postgres-errors';
import { buildDeferredIndexes, createPhysicalTable, ensureSearchSchema, inTransaction, lockIndexName, tableOf } from './postgres-registry';
import { searchTable } from './postgres-search';
import { layoutOf, type TableLayout } from './postgres-table.layout';

export interface PostgresSearchOptions {
  /** The pipeline database (schema `search` is created there on first use). */
  url: string;
  logger?: SearchLogger;
  /** Connections kept for searches and bulk writes. */
  poolSize?: number;
  /**
   * A connection is replaced after this long, even a busy one (default one hour). Each physical
   * index gets its own prepared write statement on every connection that writes to it, and a
   * connection keeps those until it closes: without an end, every reindex would leave some behind.
   */
  connectionLifetimeSeconds?: number;
}

const UNDEFINED_TABLE = '42P01';
/** Swaps one after another faster than a bulk call can follow them: give up as unavailable. */
const MAX_ALIAS_ATTEMPTS = 5;

/** The embedded search index: one table per physical index in schema `search`, behind aliases. */
export function createPostgresSearchIndex(options: PostgresSearchOptions): SearchIndex {
  const logger = options.logger ?? consoleSearchLogger;
  // A PostgreSQL restart fails the statement in flight (the caller sees SearchStoreUnavailableError);
  // the lost connections are logged, not fatal.
  const pool = createResilientPool(
    { connectionString: options.url, max: options.poolSize ?? 8, maxLifetimeSeconds: options.connectionLifetimeSeconds ?? 3600, application_name: 'dsm-search' },
    { name: 'search index', logger },
  );
  const layouts = new Map<string, TableLayout>();
  let schema: Promise<void> | null = null;

  async function withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    schema ??= pool.connect().then((client) => ensureSearchSchema(client).finally(() => client.release()));
    await schema.catch((error: unknown) => {
      schema = null;
      throw error;
    });
    const client = await pool.connect();
    try {
      return await work(client);
    } finally {
      client.release();
    }
  }

  // Definitions of physical indexes never change, so they are cached for the process's life.
  async function layoutOfPhysical(client: pg.ClientBase, physicalIndex: string): Promise<TableLayout> {
    const cached = layouts.get(physicalIndex);
    if (cached) return cached;
    const definition = await findDefinition(client, physicalIndex);
    if (!definition) throw new Error(`Physical search index "${physicalIndex}" does not exist.`);
    const layout = layoutOf(definition);
    layouts.set(physicalIndex, layout);
    return layout;
  }

  async function requireAlias(client: pg.ClientBase, index: string): Promise<string> {
    const physical = await findAlias(client, IndexNameSchema.parse(index));
    if (!physical) throw new Error(`Search index "${index}" does not exist; ensureIndex() creates it.`);
    return physical;
  }

  /** A reindex may drop the table between alias lookup and read: look the alias up once more. */
  async function retryOnDroppedTable<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if ((error as { code?: string }).code !== UNDEFINED_TABLE) throw error;
      return work();
    }
  }

  const writeInto = (physicalIndex: string, operations: BulkOperation[], alias: string | null = null) =>
    withClient(async (client) => {
      const layout = await layoutOfPhysical(client, PhysicalIndexNameSchema.parse(physicalIndex));
      return writeBulk(client, physicalIndex, layout.definition, operations, alias);
    });

  // Where each alias pointed when last looked up. A live write checks it in its own statement, so
  // a stale entry costs one retry after a swap (or a drop), never a write into the old table.
  const aliasTargets = new Map<string, string>();
  async function writeLive(index: string, operations: BulkOperation[]) {
    const name = IndexNameSchema.parse(index);
    for (let attempt = 1; ; attempt++) {
      const cached = aliasTargets.get(name);
      const physical = cached ?? (await withClient((client) => requireAlias(client, name)));
      aliasTargets.set(name, physical);
      try {
        return await writeInto(physical, operations, name);
      } catch (error) {
        // A table missing under a fresh lookup is an outage, not a swap.
        const moved = error instanceof AliasMovedError || ((error as { code?: string }).code === UNDEFINED_TABLE && cached !== undefined);
        if (!moved) throw error;
        aliasTargets.delete(name);
        if (attempt >= MAX_ALIAS_ATTEMPTS) throw new SearchStoreUnavailableError(`search index "${name}" kept moving: ${(error as Error).message}`, 'alias-moved', { cause: error });
      }
    }
  }

  // Per-document failures are item results, so what escapes a bulk is classified here, once.
  const storeCall = <T>(work: Promise<T>): Promise<T> =>
    work.catch((error: unknown) => {
      throw asStoreUnavailable(error);
    });

  const readLive = (index: string, sql: string, values: unknown[]) =>
    retryOnDroppedTable(() =>
      withClient(async (client) => (await client.query(sql.replace('$table', tableOf(await requireAlias(client, index))), values)).rows),
    );

  return {
    ensureIndex: (definition: IndexDefinition) =>
      withClient((client) =>
        inTransaction(client, async () => {
          const valid = parseIndexDefinition(definition);
          await lockIndexName(client, valid.name);
          const current = await findAlias(client, valid.name);
          if (current) return warnOnChangedDefinition(client, current, valid, logger);
          await client.query('insert into search.aliases (name, physical_index) values ($1, $2)', [
            valid.name,
            await createPhysicalTable(client, valid),
          ]);
        }),
      ),
    bulk: (index, operations) => storeCall(writeLive(index, operations)),
    bulkInto: (physicalIndex, operations) => storeCall(writeInto(physicalIndex, operations)),
    get: async (index, id) => {
      const rows = await readLive(index, 'select id, version, document from $table where id = $1 and not deleted', [id]);
      return rows[0] ? toStored(rows[0]) : null;
    },
    count: async (index) => (await readLive(index, 'select count(*)::int as n from $table where not deleted', []))[0].n as number,
    search: (index, query: SearchQuery) =>
      retryOnDroppedTable(() =>
        withClient(async (client) => {
          const started = performance.now();
          await client.query('begin isolation level repeatable read read only');
          try {
            const physical = await requireAlias(client, index);
            const layout = await layoutOfPhysical(client, physical);
            const found = await searchTable(client, physical, layout, planSearchQuery(layout.definition, query));
            return { ...found, tookMs: Math.round(performance.now() - started) };
          } finally {
            await client.query('rollback').catch(() => undefined);
          }
        }),
      ),
    scan: (index, scanOptions) => scanLive(index, scanOptions?.size ?? 500, readLive),
    createPhysicalIndex: (definition) =>
      withClient((client) => inTransaction(client, () => createPhysicalTable(client, parseIndexDefinition(definition), { deferIndexes: true }))),
    swapAlias: (index, physicalIndex) =>
      withClient(async (client) => {
        await buildDeferredIndexes(client, PhysicalIndexNameSchema.parse(physicalIndex));
        const name = IndexNameSchema.parse(index);
        const swapped = await pointAlias(client, name, physicalIndex);
        aliasTargets.set(name, physicalIndex);
        return swapped;
      }),
    resolveAlias: (index) => withClient((client) => findAlias(client, IndexNameSchema.parse(index))),
    dropPhysicalIndex: async (physicalIndex) => {
      await withClient((client) => dropPhysical(client, PhysicalIndexNameSchema.parse(physicalIndex)));
      layouts.delete(physicalIndex);
    },
    close: () => pool.end(),
  };
}

type ReadLive = (index: string, sql: string, values: unknown[]) => Promise<Record<string, unknown>[]>;

/** Keyset pages in id order: stable while documents change, and each page is an index range scan. */
async function* scanLive(index: string, size: number, readLive: ReadLive): AsyncIterable<StoredDocument[]> {
  let after = '';
  for (;;) {
    const rows = await readLive(index, 'select id, version, document from $table where not deleted and id > $1 order by id limit $2', [
      after,
      size,
    ]);
    if (rows.length === 0) return;
    yield rows.map(toStored);
    after = rows[rows.length - 1]['id'] as string;
  }
}

function toStored(row: Record<string, unknown>): StoredDocument {
  return { id: row['id'] as string, version: Number(row['version']), document: row['document'] as Record<string, unknown> };
}

async function warnOnChangedDefinition(client: pg.ClientBase, physical: string, wanted: IndexDefinition, logger: SearchLogger) {
  const stored = await findDefinition(client, physical);
  if (JSON.stringify(stored) !== JSON.stringify(wanted)) {
    logger.warn({ index: wanted.name, physical }, 'search index definition changed: run a reindex to apply it');
  }
}
