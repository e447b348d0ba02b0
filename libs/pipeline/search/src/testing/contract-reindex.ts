import { expect, it } from 'vitest';
import type { SearchIndex, SearchQuery, StoredDocument } from '../search.port';
import { contractDefinition, DELIVERIES, uniqueIndexName, upsertsOf, type DeliveryFixture } from './contract-fixtures';

type IndexProvider = () => SearchIndex;

/**
 * Zero-downtime reindex through createPhysicalIndex/bulkInto/swapAlias/drop, and scan.
 * `another` connects a second adapter: a reindex usually runs in another process than the writer.
 */
export function reindexContract(search: IndexProvider, another: () => Promise<SearchIndex>): void {
  it('reindex: reads keep answering from the old index until the swap, then from the new one', async () => {
    const definition = contractDefinition(uniqueIndexName('reindex'));
    await search().ensureIndex(definition);
    await search().bulk(definition.name, upsertsOf(DELIVERIES.slice(0, 4)));
    const old = await search().resolveAlias(definition.name);
    const reader = startReader(search(), definition.name);

    const fresh = await search().createPhysicalIndex(definition);
    await search().bulkInto(fresh, upsertsOf(DELIVERIES, 2));
    const countBeforeSwap = await search().count(definition.name);
    const { previous } = await search().swapAlias(definition.name, fresh);
    await search().dropPhysicalIndex(old as string);
    const totals = await reader.stop();

    expect(fresh).not.toBe(old);
    expect(countBeforeSwap).toBe(4);
    expect(previous).toBe(old);
    expect(await search().resolveAlias(definition.name)).toBe(fresh);
    expect(await search().count(definition.name)).toBe(DELIVERIES.length);
    expect(reader.errors()).toEqual([]);
    expect(totals.length).toBeGreaterThan(0);
    expect(totals.every((total) => total === 4 || total === DELIVERIES.length)).toBe(true);
  });

  it('reindex: after the swap, every query shape answers from the rebuilt index as from the original', async () => {
    const definition = contractDefinition(uniqueIndexName('reindex'));
    await search().ensureIndex(definition);
    await search().bulk(definition.name, upsertsOf(DELIVERIES));
    const queries: SearchQuery[] = [
      { text: 'harbour kettle' },
      { text: 'Sallly' },
      { text: 'customer.last_name:hansen', sort: [{ field: 'mileage', direction: 'desc' }] },
      { filters: { 'details.to_city': ['oslo'] }, ranges: { dispatch_at: { gte: '2025-03-02T00:00:00Z' } }, sort: [{ field: 'dispatch_at', direction: 'asc' }] },
    ];
    const answers = async () =>
      Promise.all(queries.map(async (query) => {
        const { total, hits, facets } = await search().search(definition.name, { size: 20, ...query });
        return { total, ids: hits.map((hit) => hit.id), facets };
      }));
    const before = await answers();

    const rebuilt = await search().createPhysicalIndex(definition);
    await search().bulkInto(rebuilt, upsertsOf(DELIVERIES, 2));
    await search().swapAlias(definition.name, rebuilt);

    expect(before.every((answer) => answer.total > 0)).toBe(true);
    expect(await answers()).toEqual(before);
  });

  it('a live writer follows swaps made by another process: each write lands in the index the alias names then', async () => {
    const definition = contractDefinition(uniqueIndexName('follow'));
    const reindexer = await another();
    try {
      await search().ensureIndex(definition);
      await search().bulk(definition.name, upsertsOf(DELIVERIES.slice(0, 2)));
      const swapTo = async (fixtures: DeliveryFixture[]) => {
        const replaced = await reindexer.resolveAlias(definition.name);
        const fresh = await reindexer.createPhysicalIndex(definition);
        await reindexer.bulkInto(fresh, upsertsOf(fixtures));
        await reindexer.swapAlias(definition.name, fresh);
        return replaced as string;
      };

      const writeAndFind = async (fixture: DeliveryFixture) => {
        await search().bulk(definition.name, upsertsOf([fixture]));
        return (await reindexer.get(definition.name, fixture.id))?.id;
      };

      // The replaced index is still there: a write aimed at it must notice the swap…
      const first = await swapTo(DELIVERIES.slice(0, 2));
      expect(await writeAndFind(DELIVERIES[2])).toBe(DELIVERIES[2].id);
      // …and once it is gone.
      await reindexer.dropPhysicalIndex(first);
      await reindexer.dropPhysicalIndex(await swapTo(DELIVERIES.slice(0, 3)));
      expect(await writeAndFind(DELIVERIES[3])).toBe(DELIVERIES[3].id);
      expect(await search().count(definition.name)).toBe(4);
    } finally {
      await reindexer.close();
    }
  });

  it('refuses to drop the physical index an alias serves', async () => {
    const definition = contractDefinition(uniqueIndexName('reindex'));
    await search().ensureIndex(definition);
    const current = await search().resolveAlias(definition.name);

    await expect(search().dropPhysicalIndex(current as string)).rejects.toThrow();
    expect(await search().resolveAlias(definition.name)).toBe(current);
  });

  it('scan yields every live document once, in id order, page by page', async () => {
    const definition = contractDefinition(uniqueIndexName('scan'));
    await search().ensureIndex(definition);
    const ids = Array.from({ length: 25 }, (_, index) => `doc-${String(index).padStart(2, '0')}`);
    await search().bulk(definition.name, ids.map((id) => ({ op: 'upsert', id, version: 1, document: { notes: id } })));
    await search().bulk(definition.name, [{ op: 'delete', id: 'doc-07', version: 2 }]);

    const pages: StoredDocument[][] = [];
    for await (const page of search().scan(definition.name, { size: 10 })) pages.push(page);

    expect(pages.map((page) => page.length)).toEqual([10, 10, 4]);
    expect(pages.flat().map((document) => document.id)).toEqual(ids.filter((id) => id !== 'doc-07'));
    expect(pages[0][0]).toEqual({ id: 'doc-00', version: 1, document: { notes: 'doc-00' } });
  });
}

/** Searches in a loop until stopped; records every total and every error. */
function startReader(index: SearchIndex, name: string) {
  const totals: number[] = [];
  const failures: string[] = [];
  let running = true;
  const loop = (async () => {
    while (running || totals.length === 0) {
      await index.search(name, { text: 'harbour OR kettle OR lamp OR desk OR glass', size: 1 }).then(
        () => undefined,
        (error: unknown) => failures.push(String(error)),
      );
      await index.search(name, { size: 0 }).then(
        (result) => totals.push(result.total),
        (error: unknown) => failures.push(String(error)),
      );
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return totals;
    },
    errors: () => failures,
  };
}
