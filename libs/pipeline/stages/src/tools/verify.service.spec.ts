import { FULL_DELIVERY, FULL_ORDER, viewTopic } from '@dsm/contracts';
import { createTestPool, createTestDatabase, type TestDatabase } from '@dsm/data/testing';
import { createPostgresEventLog, type EventLog } from '@dsm/eventlog';
import { silentLogger } from '@dsm/eventlog/testing';
import { createPostgresSearchIndex, type SearchIndex } from '@dsm/search';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDEX_DEFINITIONS } from '../index/index-definitions';
import { HEADER } from '../shared/headers';
import { insertDomainGraph, waitUntil, type DomainGraph } from '../testing';
import { createViewRepository, type ViewRepository } from '../view/view.repository';
import { reindex } from './reindex.service';
import { currentWalVersion, normalizeDocument, verifyAggregate } from './verify.service';

describe('verify and reindex (real PostgreSQL and embedded search index)', () => {
  let domain: TestDatabase;
  let pipeline: TestDatabase;
  let pool: pg.Pool;
  let search: SearchIndex;
  let repository: ViewRepository;
  let graphs: DomainGraph[];
  let log: EventLog;
  const prefix = 'dsm-reindex';
  const deps = () => ({ repository, search, log, prefix });

  beforeAll(async () => {
    domain = await createTestDatabase('verify_src');
    pipeline = await createTestDatabase('verify_idx');
    pool = createTestPool(domain.url, 2);
    search = createPostgresSearchIndex({ url: pipeline.url, logger: silentLogger });
    repository = createViewRepository(domain.url);
    const client = await pool.connect();
    graphs = [await insertDomainGraph(client, 'v1'), await insertDomainGraph(client, 'v2'), await insertDomainGraph(client, 'v3')];
    client.release();
    for (const definition of INDEX_DEFINITIONS) await search.ensureIndex(definition);
    log = createPostgresEventLog({ url: pipeline.url, defaultPartitions: 2, maintenanceIntervalMs: 0, logger: silentLogger });
    await log.ensureTopics([{ name: viewTopic(prefix, FULL_DELIVERY.name), compacted: true }]);
  });

  afterAll(async () => {
    await log.close();
    await repository.close();
    await search.close();
    await pool.end();
    await domain.drop();
    await pipeline.drop();
  });

  it('reindex fills a new physical index from PostgreSQL and verify then finds nothing', async () => {
    const progress: number[] = [];
    const result = await reindex(deps(), 'deliveries', { pageSize: 2, onProgress: (done) => progress.push(done) });
    expect(result).toMatchObject({ documents: 3, caughtUp: 0, skippedInCatchUp: 0 });
    // Pages are written two at a time, so they may complete in either order.
    expect(progress).toHaveLength(2);
    expect(progress.at(-1)).toBe(3);
    expect(await search.resolveAlias('deliveries')).toBe(result.physicalIndex);
    const report = await verifyAggregate(deps(), FULL_DELIVERY);
    expect(report).toMatchObject({ checked: 3, missing: [], stale: [], extra: [] });
  });

  const physicalTables = async () => {
    const client = new pg.Client({ connectionString: pipeline.url });
    await client.connect();
    const { rows } = await client.query<{ name: string }>('select name from search.physical_indexes order by name');
    await client.end();
    return rows.map((row) => row.name);
  };

  it('a page the store cannot take fails the reindex once the other writes settle; the alias stays where it was and the new table goes', async () => {
    const serving = await search.resolveAlias('deliveries');
    let calls = 0;
    const failing: SearchIndex = {
      ...search,
      bulkInto: (physical, operations) => (++calls === 2 ? Promise.reject(new Error('store refused the page')) : search.bulkInto(physical, operations)),
    };

    const physicalBefore = await physicalTables();
    await expect(reindex({ ...deps(), search: failing }, 'deliveries', { pageSize: 1 })).rejects.toThrow('store refused the page');
    expect(await search.resolveAlias('deliveries')).toBe(serving);
    expect(await physicalTables()).toEqual(physicalBefore);
  });

  it('changes the live pipeline indexed during the build are replayed from the log after the swap; earlier records are not', async () => {
    const topic = viewTopic(prefix, FULL_DELIVERY.name);
    const [changed, removed, untouched] = graphs.map((graph) => String(graph.deliveryId));
    const viewRecord = (id: string, version: number, document: Record<string, unknown> | null) =>
      ({ topic, key: id, value: document && JSON.stringify({ ...document, version }), headers: { [HEADER.version]: String(version) } });
    // Before the build: a record the index stage has handled already (its high version would win if replayed).
    const [before] = await repository.load(FULL_DELIVERY, [untouched]);
    await log.produce([viewRecord(untouched, Number.MAX_SAFE_INTEGER - 1, { ...before.document, notes: 'indexed before the reindex' })]);
    let pagesWritten = 0;
    const live: SearchIndex = {
      ...search,
      // While the pages are being written, the pipeline indexes a change and a delete into the old index.
      bulkInto: async (physical, operations) => {
        if (pagesWritten++ === 0) {
          await pool.query("update deliveries set notes = 'changed during the build' where id = $1", [changed]);
          const [document] = await repository.load(FULL_DELIVERY, [changed]);
          const records = [viewRecord(changed, await currentWalVersion(domain.url), document.document), viewRecord(removed, await currentWalVersion(domain.url), null)];
          // A document the index stage cannot read (it dead-letters it): the replay skips and counts it.
          await log.produce([...records, { topic, key: untouched, value: '{"not":"a delivery"}', headers: { [HEADER.version]: String(Number.MAX_SAFE_INTEGER - 1) } }]);
          await search.bulk('deliveries', [
            { op: 'upsert', id: changed, version: Number(records[0].headers[HEADER.version]), document: normalizeDocument(FULL_DELIVERY, document.document, Number(records[0].headers[HEADER.version])) },
            { op: 'delete', id: removed, version: Number(records[1].headers[HEADER.version]) },
          ]);
        }
        return search.bulkInto(physical, operations);
      },
    };

    const result = await reindex({ ...deps(), search: live }, 'deliveries', { pageSize: 1, writers: 1 });

    expect(result).toMatchObject({ caughtUp: 2, skippedInCatchUp: 1 });
    expect(await search.resolveAlias('deliveries')).toBe(result.physicalIndex);
    expect((await search.get('deliveries', changed))?.document).toMatchObject({ notes: 'changed during the build' });
    expect(await search.get('deliveries', removed)).toBeNull();
    expect((await search.get('deliveries', untouched))?.document).toMatchObject({ notes: 'fragile' });
  });

  it('a settled WAL position waits for the transactions that were writing when it was asked for', async () => {
    const writer = await pool.connect();
    await writer.query('begin');
    await writer.query('update deliveries set notes = notes where id = $1', [graphs[2].deliveryId]);
    let settled = false;
    const waitingFor: number[] = [];
    const position = repository.settledWalPosition((writers) => waitingFor.push(writers)).then((lsn) => ((settled = true), lsn));
    try {
      // It says it is waiting (after a second) and has not returned while the writer is open.
      await waitUntil(async () => waitingFor.length > 0, 'the waiting report');
      expect(waitingFor).toEqual([1]);
      expect(settled).toBe(false);
    } finally {
      await writer.query('commit');
      writer.release();
    }
    expect(await position).toBeGreaterThan(0);

    // A writer in another database of the same server does not feed the documents: no wait for it.
    const elsewhere = new pg.Client({ connectionString: pipeline.url });
    await elsewhere.connect();
    try {
      await elsewhere.query('begin');
      await elsewhere.query('create temporary table holds_an_xid (x int)');
      expect(await repository.settledWalPosition()).toBeGreaterThan(0);
    } finally {
      await elsewhere.end();
    }
  });

  it('reports missing, stale and extra documents, and repair fixes all three', async () => {
    await reindex(deps(), 'orders');
    await pool.query("update customers set first_name = 'Changed' where id = $1", [graphs[0].customerId]);
    await search.bulk('orders', [{ op: 'delete', id: String(graphs[1].orderId), version: Number.MAX_SAFE_INTEGER - 1 }]);
    await search.bulk('orders', [{ op: 'upsert', id: '999999', version: 1, document: { id: 999999 } }]);

    const report = await verifyAggregate(deps(), FULL_ORDER, { repair: true });
    expect(report).toMatchObject({ stale: [String(graphs[0].orderId)], missing: [String(graphs[1].orderId)], extra: ['999999'] });

    const after = await verifyAggregate(deps(), FULL_ORDER);
    expect({ stale: after.stale, extra: after.extra }).toEqual({ stale: [], extra: [] });
    expect((await search.get('orders', String(graphs[0].orderId)))?.document).toMatchObject({ customer: { first_name: 'Changed' } });
  });

  it('a long build ends by removing the documents whose rows were deleted during it, for when the log no longer has their tombstones', async () => {
    const client = await pool.connect();
    const [kept, swept] = [await insertDomainGraph(client, 'gone1'), await insertDomainGraph(client, 'gone2')];
    client.release();
    // Deleted once its page is written (one page holds them all), and no tombstone reaches the log, as if compaction had dropped it.
    const deletingDuringBuild = (deliveryId: number): SearchIndex => {
      let written = 0;
      return {
        ...search,
        bulkInto: async (physical, operations) => {
          const result = await search.bulkInto(physical, operations);
          if (written++ === 0) await pool.query('delete from deliveries where id = $1', [deliveryId]);
          return result;
        },
      };
    };
    const short = await reindex({ ...deps(), search: deletingDuringBuild(kept.deliveryId) }, 'deliveries', { pageSize: 100 });
    expect(short.removed).toBe(0);
    expect(await search.get('deliveries', String(kept.deliveryId))).not.toBeNull();

    const long = await reindex({ ...deps(), search: deletingDuringBuild(swept.deliveryId) }, 'deliveries', { pageSize: 100, sweepAfterMs: 0 });
    expect(long.removed).toBe(1);
    expect(await search.get('deliveries', String(swept.deliveryId))).toBeNull();
    expect(await search.get('deliveries', String(kept.deliveryId))).toBeNull();
    expect((await verifyAggregate(deps(), FULL_DELIVERY)).extra).toEqual([]);
  });
});
