import { Client, errors } from '@elastic/elasticsearch';
import type { BulkOperation, IndexDefinition, SearchIndex, SearchResult, StoredDocument } from '../search.port';
import { IndexDefinitionSchema, IndexNameSchema, parseIndexDefinition, physicalIndexName, PhysicalIndexNameSchema } from '../query/index-definition.schema';
import { fuzzyFields } from '../query/index-definition.schema';
import { planSearchQuery, type QueryPlan } from '../query/search-query.plan';
import { bulkRequestOf, bulkResultsOf, type BulkResponseItem } from './elasticsearch-bulk';
import { asStoreUnavailable } from './elasticsearch-errors';
import { INDEX_SETTINGS, mappingsOf } from './elasticsearch-mapping';
import { searchBodyOf } from './elasticsearch-query.dsl';

export interface ElasticsearchSearchOptions {
  node: string;
  /** `wait_for` (default): a bulk resolves once its documents are searchable. */
  refresh?: boolean | 'wait_for';
}

type Source = { id: string; document: Record<string, unknown> };
const isStatus = (error: unknown, status: number) => error instanceof errors.ResponseError && error.statusCode === status;

/** The search index on Elasticsearch: versioned physical indices behind aliases, external versions. */
export function createElasticsearchIndex(options: ElasticsearchSearchOptions): SearchIndex {
  const client = new Client({ node: options.node });
  const definitions = new Map<string, IndexDefinition>();

  async function definitionOf(physicalIndex: string): Promise<IndexDefinition> {
    const cached = definitions.get(physicalIndex);
    if (cached) return cached;
    const mapping = await client.indices.getMapping({ index: physicalIndex });
    const definition = IndexDefinitionSchema.parse(mapping[physicalIndex]?.mappings?._meta?.['definition']);
    definitions.set(physicalIndex, definition);
    return definition;
  }

  async function resolveAlias(index: string): Promise<string | null> {
    try {
      return Object.keys(await client.indices.getAlias({ name: IndexNameSchema.parse(index) }))[0] ?? null;
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  }

  async function requireAlias(index: string): Promise<string> {
    const physical = await resolveAlias(index);
    if (!physical) throw new Error(`Search index "${index}" does not exist; ensureIndex() creates it.`);
    return physical;
  }

  // A physical index being filled by a reindex is not refreshed (nobody reads it before the swap).
  async function createIndex(definition: IndexDefinition, physical: string, alias?: string): Promise<void> {
    await client.indices.create({
      index: physical,
      settings: alias ? INDEX_SETTINGS : { ...INDEX_SETTINGS, refresh_interval: '-1' },
      mappings: mappingsOf(definition),
      aliases: alias ? { [alias]: {} } : undefined,
    });
  }

  async function write(physicalIndex: string, operations: BulkOperation[], refresh: boolean | 'wait_for') {
    try {
      const definition = await definitionOf(PhysicalIndexNameSchema.parse(physicalIndex));
      const { body, results } = bulkRequestOf(physicalIndex, definition, operations);
      if (body.length === 0) return bulkResultsOf(operations, results, []);
      const response = await client.bulk({ operations: body, refresh });
      const items = response.items.map((item) => (item.index ?? item.delete) as BulkResponseItem);
      return bulkResultsOf(operations, results, items);
    } catch (error) {
      throw asStoreUnavailable(error);
    }
  }

  async function runSearch(physical: string, definition: IndexDefinition, plan: QueryPlan, mode: 'exact' | 'fuzzy') {
    const response = await client.search<Source>({ index: physical, ...searchBodyOf(definition, plan, mode) });
    const total = response.hits.total;
    const aggregations = (response.aggregations ?? {}) as Record<string, { buckets?: { key: unknown; doc_count: number }[] }>;
    return {
      total: typeof total === 'number' ? total : (total?.value ?? 0),
      hits: response.hits.hits.map((hit) => ({
        id: hit._id as string,
        score: hit._score ?? 0,
        version: hit._version ?? 0,
        document: hit._source?.document ?? {},
      })),
      facets: Object.fromEntries(
        plan.facets.map((field, index) => [
          field.path,
          (aggregations[`f${index}`]?.buckets ?? []).map((bucket) => ({ value: String(bucket.key), count: bucket.doc_count })),
        ]),
      ),
    };
  }

  return {
    ensureIndex: async (definition) => {
      const valid = parseIndexDefinition(definition);
      if (await resolveAlias(valid.name)) return;
      // A fixed first generation: two processes racing here create the same index, not two.
      await createIndex(valid, physicalIndexName(valid.name, 1), valid.name).catch((error: unknown) => {
        if (!(error instanceof errors.ResponseError && error.body?.error?.type === 'resource_already_exists_exception')) throw error;
      });
    },
    bulk: async (index, operations) =>
      write(await requireAlias(index).catch((error: unknown) => Promise.reject(asStoreUnavailable(error))), operations, options.refresh ?? 'wait_for'),
    // Waiting for a refresh would never end on an index with refreshes off; swapAlias refreshes once.
    bulkInto: (physicalIndex, operations) => write(physicalIndex, operations, false),
    get: async (index, id) => {
      try {
        const found = await client.get<Source>({ index: IndexNameSchema.parse(index), id });
        return found._source ? { id, version: found._version ?? 0, document: found._source.document } : null;
      } catch (error) {
        if (isStatus(error, 404)) return null;
        throw error;
      }
    },
    count: async (index) => (await client.count({ index: IndexNameSchema.parse(index) })).count,
    search: async (index, query): Promise<SearchResult> => {
      const started = performance.now();
      const physical = await requireAlias(index);
      const definition = await definitionOf(physical);
      const plan = planSearchQuery(definition, query);
      let found = await runSearch(physical, definition, plan, 'exact');
      if (found.total === 0 && plan.words.length > 0 && fuzzyFields(definition).length > 0) {
        found = await runSearch(physical, definition, plan, 'fuzzy');
      }
      return { ...found, tookMs: Math.round(performance.now() - started) };
    },
    scan: (index, scanOptions) => scanAll(client, index, scanOptions?.size ?? 500),
    createPhysicalIndex: async (definition) => {
      const valid = parseIndexDefinition(definition);
      const physical = physicalIndexName(valid.name, Date.now());
      await createIndex(valid, physical);
      return physical;
    },
    swapAlias: async (index, physicalIndex) => {
      const previous = await resolveAlias(index);
      const add = { add: { index: PhysicalIndexNameSchema.parse(physicalIndex), alias: index } };
      // Refreshes back on, and one now, so the first search after the swap sees every document.
      await client.indices.putSettings({ index: physicalIndex, settings: { refresh_interval: INDEX_SETTINGS.refresh_interval } });
      await client.indices.refresh({ index: physicalIndex });
      // One _aliases call: readers see the old index or the new one, never neither.
      await client.indices.updateAliases({ actions: previous ? [{ remove: { index: previous, alias: index } }, add] : [add] });
      return { previous };
    },
    resolveAlias,
    dropPhysicalIndex: async (physicalIndex) => {
      const aliases = await client.indices.getAlias({ index: PhysicalIndexNameSchema.parse(physicalIndex) });
      const served = Object.keys(aliases[physicalIndex]?.aliases ?? {});
      if (served.length) throw new Error(`Physical index "${physicalIndex}" is still served by alias "${served[0]}"; swap it first.`);
      await client.indices.delete({ index: physicalIndex });
      definitions.delete(physicalIndex);
    },
    close: () => client.close(),
  };
}

/** Every live document in id order through a point in time, so pages are consistent. */
async function* scanAll(client: Client, index: string, size: number): AsyncIterable<StoredDocument[]> {
  const pit = await client.openPointInTime({ index: IndexNameSchema.parse(index), keep_alive: '1m' });
  try {
    let after: (string | number)[] | undefined;
    for (;;) {
      const page = await client.search<Source>({
        pit: { id: pit.id, keep_alive: '1m' },
        size,
        sort: [{ id: { order: 'asc' } }],
        search_after: after,
        version: true,
        query: { match_all: {} },
      });
      const hits = page.hits.hits;
      if (hits.length === 0) return;
      yield hits.map((hit) => ({ id: hit._id as string, version: hit._version ?? 0, document: hit._source?.document ?? {} }));
      after = hits[hits.length - 1].sort as (string | number)[];
    }
  } finally {
    await client.closePointInTime({ id: pit.id }).catch(() => undefined);
  }
}
