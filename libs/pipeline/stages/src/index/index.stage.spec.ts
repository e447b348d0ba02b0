import { readDeadLetters } from '@dsm/eventlog';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipelineHarness, insertDomainGraph, waitUntil, type PipelineHarness } from '../testing';

describe('index stage during a search store outage (real PostgreSQL, log and search index)', () => {
  let harness: PipelineHarness;
  let admin: pg.Client;
  const renameSearchSchema = (from: string, to: string) => admin.query(`alter schema ${from} rename to ${to}`);
  const insertGraphs = async (tag: string, count: number) => {
    const client = await harness.pool.connect();
    try {
      const ids: string[] = [];
      for (let index = 0; index < count; index += 1) ids.push(String((await insertDomainGraph(client, `${tag}${index}`)).deliveryId));
      return ids;
    } finally {
      client.release();
    }
  };
  const allIndexed = async (ids: string[]) => (await Promise.all(ids.map((id) => harness.search.get('deliveries', id)))).every(Boolean);

  beforeAll(async () => {
    harness = await createPipelineHarness('index_outage');
    admin = new pg.Client({ connectionString: harness.pipeline.url });
    await admin.connect();
    await harness.start();
  });

  afterAll(async () => {
    // Puts the store back should an assertion have failed in the middle of an outage.
    await renameSearchSchema('search_offline', 'search').catch(() => undefined);
    await admin?.end();
    await harness?.stop();
  });

  it('retries while the search schema is gone, dead-letters nothing, and indexes every document once it is back', async () => {
    const before = await insertGraphs('before', 3);
    await waitUntil(() => allIndexed(before), 'the documents written before the outage');

    await renameSearchSchema('search', 'search_offline');
    const during = await insertGraphs('during', 5);
    const failure = await waitUntil(async () => harness.stages.index.status().lastError, 'the index stage to hit the outage');
    await renameSearchSchema('search_offline', 'search');
    await waitUntil(() => allIndexed([...before, ...during]), 'every document after the outage');

    expect(failure).toMatch(/search store unavailable/);
    expect(await readDeadLetters(harness.log, harness.prefix, 'index')).toEqual([]);
  });

  it('treats a physical table missing under a live alias (undefined table at write time) as an outage too', async () => {
    const physical = (await harness.search.resolveAlias('deliveries')) as string;
    const lastError = harness.stages.index.status().lastError;

    await admin.query(`alter table search."${physical}" rename to offline_table`);
    const during = await insertGraphs('table', 3);
    await waitUntil(async () => harness.stages.index.status().lastError !== lastError && harness.stages.index.status().lastError, 'the write to fail');
    await admin.query(`alter table search.offline_table rename to "${physical}"`);
    await waitUntil(() => allIndexed(during), 'every document once the table is back');

    expect(harness.stages.index.status().lastError).toMatch(/search store unavailable: .*does not exist/);
    expect(await readDeadLetters(harness.log, harness.prefix, 'index')).toEqual([]);
  });
});
