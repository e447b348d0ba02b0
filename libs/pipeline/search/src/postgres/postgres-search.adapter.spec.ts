import { createTestDatabase, type TestDatabase } from '@dsm/data/testing';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkOperation, SearchIndex } from '../search.port';
import { SearchQueryError } from '../query/search-query.errors';
import { SearchStoreUnavailableError } from '../search-store.errors';
import { contractDefinition, DELIVERIES, idsOf, uniqueIndexName, upsertsOf } from '../testing';
import { createPostgresSearchIndex } from './postgres-search.adapter';
import { crowdedFilterColumns, EXACT_TOTAL_CAP } from './postgres-search';
import { tableOf } from './postgres-registry';
import { filterOf, SqlParameters } from './postgres-search.sql';
import { layoutOf } from './postgres-table.layout';
import { planSearchQuery } from '../query/search-query.plan';

let database: TestDatabase;
let index: SearchIndex;
const name = uniqueIndexName('pg');
const ids = async (text: string) => idsOf((await index.search(name, { text, size: 50 })).hits).sort();

beforeAll(async () => {
  database = await createTestDatabase('search_pg');
  index = createPostgresSearchIndex({ url: database.url });
  await index.ensureIndex(contractDefinition(name));
  await index.bulk(name, upsertsOf(DELIVERIES));
});
afterAll(async () => {
  await index?.close();
  await database?.drop();
});

describe('PostgreSQL search index: matching', () => {
  it('finds a misspelled name or address by trigram similarity when nothing matches exactly', async () => {
    expect(await ids('Hansn')).toEqual(['d1', 'd4']);
    expect(await ids('harbur road')).toEqual(['d1', 'd5', 'd8']);
  });

  it('prefers exact matches: a correctly spelled word does not pull in similar names', async () => {
    expect(await ids('Sally')).toEqual(['d1', 'd2']);
  });

  it('matches the last word as a prefix', async () => {
    expect(await ids('Hans')).toEqual(['d1', 'd4']);
    expect(await ids('harb')).toEqual(['d1', 'd3', 'd5', 'd8']);
  });

  it('property: hostile search text returns results or a SearchQueryError, never a database error', async () => {
    const hostile = fc.string({
      unit: fc.constantFrom('"', "'", '\\', ':', '&', '|', '!', '(', ')', '<', '-', '*', ';', '\u0000', '🚚', 'é', ' ', 'a', '1', 'status', 'notes'),
      maxLength: 60,
    });
    await fc.assert(
      fc.asyncProperty(hostile, async (text) => {
        const outcome = await index.search(name, { text, size: 5 }).catch((error: unknown) => error);
        if (outcome instanceof Error && !(outcome instanceof SearchQueryError)) throw outcome;
      }),
      { numRuns: 300 },
    );
  });
});

describe('PostgreSQL search index: writes', () => {
  it('a physical index being filled has only its primary key; the swap builds the same search indexes as ensureIndex', async () => {
    const indexesOf = async (physical: string) => {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const { rows } = await client.query<{ indexdef: string }>(`select indexdef from pg_indexes where schemaname = 'search' and tablename = $1`, [physical]);
      await client.end();
      return rows.map((row) => row.indexdef.replaceAll(physical, 'physical')).sort();
    };
    const served = (await index.resolveAlias(name)) as string;
    const rebuilt = await index.createPhysicalIndex(contractDefinition(name));
    await index.bulkInto(rebuilt, upsertsOf(DELIVERIES, 2));

    expect(await indexesOf(rebuilt)).toEqual([expect.stringContaining('physical_pkey')]);
    await index.swapAlias(name, rebuilt);

    const built = await indexesOf(rebuilt);
    expect(built.length).toBeGreaterThan(5);
    expect(built).toEqual(await indexesOf(served));
    await index.dropPhysicalIndex(served);
  });

  it('a bulk of 1,000 documents becomes visible at once: a concurrent reader sees none or all', async () => {
    const bulkName = uniqueIndexName('atomic');
    await index.ensureIndex(contractDefinition(bulkName));
    const reader = createPostgresSearchIndex({ url: database.url });
    const seen: number[] = [];
    let writing = true;
    const polling = (async () => {
      while (writing) seen.push((await reader.search(bulkName, { size: 0 })).total, await reader.count(bulkName));
    })();

    const results = await index.bulk(bulkName, manyDocuments(1000));
    writing = false;
    await polling;
    await reader.close();

    expect(results.every((result) => result.status === 'applied')).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((total) => total === 0 || total === 1000)).toBe(true);
    expect(await index.count(bulkName)).toBe(1000);
  });

  it('a document PostgreSQL itself rejects (a NUL character) fails alone within the transaction', async () => {
    const results = await index.bulk(name, [
      { op: 'upsert', id: 'n1', version: 1, document: { notes: 'fine' } },
      { op: 'upsert', id: 'n2', version: 1, document: { notes: 'bad \u0000 byte' } },
      { op: 'upsert', id: 'n3', version: 1, document: { notes: 'fine too' } },
    ]);

    expect(results.map((result) => result.status)).toEqual(['applied', 'error', 'applied']);
    expect(await index.get(name, 'n2')).toBeNull();
    expect((await index.get(name, 'n3'))?.document).toEqual({ notes: 'fine too' });
  });

  it('stores a row of a few kilobytes as it is: the document is not compressed on write nor decompressed on read', async () => {
    const remarks = Array.from({ length: 400 }, (_, word) => `remark${word}`).join(' ');
    await index.bulk(name, [{ op: 'upsert', id: 'wide', version: 1, document: { notes: 'wide', remarks } }]);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const physical = (await index.resolveAlias(name)) as string;
    const { rows } = await client.query<{ stored: number; plain: number }>(
      `select pg_column_size(document) as stored, pg_column_size(document::text::jsonb) as plain from ${tableOf(physical)} where id = 'wide'`,
    );
    await client.end();

    expect(rows[0].plain).toBeGreaterThan(3000);
    expect(rows[0].stored).toBe(rows[0].plain);
  });

  it('two processes ensuring the same index at once create one alias', async () => {
    const shared = uniqueIndexName('race');
    const other = createPostgresSearchIndex({ url: database.url });
    await Promise.all([index.ensureIndex(contractDefinition(shared)), other.ensureIndex(contractDefinition(shared))]);
    const [mine, theirs] = [await index.resolveAlias(shared), await other.resolveAlias(shared)];
    await other.close();

    expect(mine).not.toBeNull();
    expect(mine).toBe(theirs);
  });
});

describe('PostgreSQL search index: totals beyond the exact cap', () => {
  it('reports an estimate of at least cap + 1 for a broad search and exact totals for narrow ones', async () => {
    const big = uniqueIndexName('big');
    await index.ensureIndex(contractDefinition(big));
    const documents = manyDocuments(EXACT_TOTAL_CAP + 50);
    for (let start = 0; start < documents.length; start += 2500) await index.bulk(big, documents.slice(start, start + 2500));

    const broad = await index.search(big, { size: 3 });
    const narrow = await index.search(big, { filters: { status: ['pending'] }, size: 0 });

    expect(broad.total).toBeGreaterThan(EXACT_TOTAL_CAP);
    expect(broad.hits).toHaveLength(3);
    expect(broad.facets['status'].map((facet) => facet.value)).toEqual(['delivered', 'pending']);
    expect(narrow.total).toBe(Math.ceil((EXACT_TOTAL_CAP + 50) / 7));
  });

  it('counts after all when the planner estimates many matches but the first page comes up short', async () => {
    const stale = uniqueIndexName('stale');
    await index.ensureIndex(contractDefinition(stale));
    const documents = manyDocuments(EXACT_TOTAL_CAP + 50);
    for (let start = 0; start < documents.length; start += 2500) await index.bulk(stale, documents.slice(start, start + 2500));
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    // Statistics taken now still count the rows deleted next: the estimate stays above the cap.
    await admin.query(`analyze ${tableOf((await index.resolveAlias(stale)) as string)}`);
    await admin.end();
    const deletes = documents.slice(5).map(({ id }): BulkOperation => ({ op: 'delete', id, version: 2 }));
    for (let start = 0; start < deletes.length; start += 2500) await index.bulk(stale, deletes.slice(start, start + 2500));

    const result = await index.search(stale, { size: 10 });

    expect(result.total).toBe(5);
    expect(result.hits).toHaveLength(5);
    expect(result.facets['status']).toEqual([{ value: 'delivered', count: 4 }, { value: 'pending', count: 1 }]);
  });
});

describe('PostgreSQL search index: a broad filter beside a selective text query', () => {
  // The planner's plan for "evergreen 123" AND status = created over a million deliveries (abridged).
  const bitmaps = [
    { 'Node Type': 'Bitmap Index Scan', 'Plan Rows': 4633, 'Index Cond': "(tsv @@ '''evergreen'' & ''123'':*'::tsquery)" },
    { 'Node Type': 'Bitmap Index Scan', 'Plan Rows': 251633, 'Index Cond': "(v1_status = ANY ('{created}'::text[]))" },
    { 'Node Type': 'Bitmap Index Scan', 'Plan Rows': 12, 'Index Cond': "(v9_customer_email = ANY ('{a@b.c}'::text[]))" },
  ];
  const heapScan = (children: typeof bitmaps) => ({
    'Node Type': 'Bitmap Heap Scan', 'Plan Rows': 1166, Plans: [{ 'Node Type': 'BitmapAnd', 'Plan Rows': 1166, Plans: children }],
  });

  it('names the filters whose bitmap is ten times the smallest one beside it', () => {
    expect(crowdedFilterColumns(heapScan(bitmaps), ['v1_status', 'v9_customer_email'])).toEqual(new Set(['v1_status']));
    expect(crowdedFilterColumns(heapScan(bitmaps.slice(0, 2)), ['v1_status'])).toEqual(new Set(['v1_status']));
    expect(crowdedFilterColumns(heapScan([bitmaps[0], { ...bitmaps[1], 'Plan Rows': 9000 }]), ['v1_status'])).toEqual(new Set());
    expect(crowdedFilterColumns({ 'Node Type': 'Bitmap Heap Scan', 'Plan Rows': 10, Plans: [bitmaps[1]] }, ['v1_status'])).toEqual(new Set());
  });

  it('a filter checked on rows finds what the indexed filter finds', async () => {
    const crowded = uniqueIndexName('crowded');
    const definition = contractDefinition(crowded);
    await index.ensureIndex(definition);
    const documents = manyDocuments(3_000, (number) => (number % 40 === 0 ? 'rare' : ''));
    await index.bulk(crowded, documents);
    const layout = layoutOf(definition);
    const plan = planSearchQuery(definition, { text: 'rare', filters: { status: ['delivered'] } });
    const table = tableOf((await index.resolveAlias(crowded)) as string);
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    const matching = async (checkedOnRows: Set<string>) => {
      const params = new SqlParameters();
      const filter = filterOf(layout, plan, params, 'exact', checkedOnRows);
      const { rows } = await admin.query<{ id: string }>(`select id from ${table} where ${filter.conditions.join(' and ')} order by id`, params.values);
      return rows.map((row) => row.id);
    };
    const indexed = await matching(new Set());
    const checked = await matching(new Set(['v5_status']));
    await admin.end();

    expect(indexed).toEqual(documents.filter((_, number) => number % 40 === 0 && number % 7 !== 0).map(({ id }) => id));
    expect(checked).toEqual(indexed);
  });
});

function manyDocuments(count: number, extraWords: (number: number) => string = () => ''): BulkOperation[] {
  return Array.from({ length: count }, (_, number) => ({
    op: 'upsert',
    id: `m-${String(number).padStart(6, '0')}`,
    version: 1,
    document: { notes: `bulk document ${number} ${extraWords(number)}`, status: number % 7 === 0 ? 'pending' : 'delivered', mileage: number },
  }));
}

describe('PostgreSQL search index: store outage', () => {
  it('throws SearchStoreUnavailableError, not per-document errors, while the search schema is renamed away', async () => {
    const outage = uniqueIndexName('outage');
    await index.ensureIndex(contractDefinition(outage));
    const physical = (await index.resolveAlias(outage)) as string;
    await index.bulkInto(physical, [{ op: 'upsert', id: 'o0', version: 1, document: { notes: 'warm the layout cache' } }]);
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    const operations: BulkOperation[] = [{ op: 'upsert', id: 'o1', version: 1, document: { notes: 'during the outage' } }];

    await admin.query('alter schema search rename to search_offline');
    const viaAlias = await index.bulk(outage, operations).catch((error: unknown) => error);
    const viaPhysical = await index.bulkInto(physical, operations).catch((error: unknown) => error);
    await admin.query('alter schema search_offline rename to search');
    await admin.end();

    expect(viaAlias).toBeInstanceOf(SearchStoreUnavailableError);
    expect(viaPhysical).toBeInstanceOf(SearchStoreUnavailableError);
    expect(viaPhysical).toMatchObject({ code: '42P01', retryable: true });
    expect(await index.get(outage, 'o1')).toBeNull();
    expect((await index.bulk(outage, operations)).map((result) => result.status)).toEqual(['applied']);
  });

  it('throws a missing alias as it is, not as an outage to be retried', async () => {
    const error = await index.bulk(uniqueIndexName('never-created'), [{ op: 'delete', id: 'x', version: 1 }]).catch((caught: unknown) => caught);

    expect(error).not.toBeInstanceOf(SearchStoreUnavailableError);
    expect(error).toMatchObject({ message: expect.stringMatching(/does not exist; ensureIndex\(\) creates it/) });
  });

  it('throws SearchStoreUnavailableError when the server refuses connections', async () => {
    const unreachable = createPostgresSearchIndex({ url: 'postgres://nobody@127.0.0.1:1/none', logger: { info: () => undefined, warn: () => undefined } });

    const error = await unreachable.bulk(name, [{ op: 'delete', id: 'x', version: 1 }]).catch((caught: unknown) => caught);
    await unreachable.close();

    expect(error).toBeInstanceOf(SearchStoreUnavailableError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('PostgreSQL search index: connections', () => {
  it('replaces a connection after its lifetime even while it is busy (each physical index leaves a prepared statement on it)', async () => {
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    const searchBackends = async () => (await admin.query<{ pid: number }>(
      "select pid from pg_stat_activity where datname = current_database() and application_name = 'dsm-search'")).rows.map((row) => row.pid);
    const others = new Set(await searchBackends());
    const short = createPostgresSearchIndex({ url: database.url, poolSize: 1, connectionLifetimeSeconds: 1 });
    const life = uniqueIndexName('life');
    try {
      await short.ensureIndex(contractDefinition(life));
      const write = (version: number) => short.bulk(life, [{ op: 'upsert', id: 'l1', version, document: { notes: `write ${version}` } }]);
      await write(1);
      const [first] = (await searchBackends()).filter((pid) => !others.has(pid));
      expect(first).toBeDefined();
      // A write every 100 ms: never idle long enough for the pool's idle timeout (10 s) to close it.
      let version = 1;
      for (const deadline = Date.now() + 5000; Date.now() < deadline && (await searchBackends()).includes(first); ) {
        await write(++version);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await searchBackends()).not.toContain(first);
      expect((await short.get(life, 'l1'))?.version).toBe(version);
    } finally {
      await short.close();
      await admin.end();
    }
  });
});
