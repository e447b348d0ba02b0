import { FULL_DELIVERY, FULL_ORDER, cleanTopic, viewTopic } from '@dsm/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashAfterBulk, crashAfterProduce, createPipelineHarness, insertDomainGraph, runWorkload, waitUntil, type PipelineHarness } from '../testing';
import { verifyAggregate } from '../tools/verify.service';

describe('a crash between apply and commit (real PostgreSQL, capture, log and index)', () => {
  let harness: PipelineHarness;

  beforeAll(async () => {
    // Every stage's first output is durable but its offsets are never committed: etl (clean
    // records), view (documents) and index (documents written to the search indices; four failed
    // bulk calls to each index outlast its three attempts) all crash.
    const crashes = [
      crashAfterProduce((topics) => topics.includes(cleanTopic('dsm', 'deliveries')), 2),
      crashAfterProduce((topics) => topics.includes(viewTopic('dsm', 'full_delivery')), 2),
    ];
    harness = await createPipelineHarness('e2e_crash', { wrapLog: (log) => crashes.reduce((wrapped, crash) => crash(wrapped), log), wrapSearch: crashAfterBulk(4) });
    const client = await harness.pool.connect();
    await insertDomainGraph(client, 'crash').finally(() => client.release());
    await harness.start();
  });

  afterAll(async () => harness?.stop());

  it('redelivers the batch and ends with exactly one document per root and per event', async () => {
    await runWorkload(harness.pool, { seed: 7, steps: 40, workers: 2 });

    const deps = { repository: harness.repository, search: harness.search, domainUrl: harness.domain.url };
    await waitUntil(async () => {
      const reports = [await verifyAggregate(deps, FULL_DELIVERY), await verifyAggregate(deps, FULL_ORDER)];
      return reports.every((report) => !report.missing.length && !report.stale.length && !report.extra.length);
    }, 'convergence after the crashes', 120_000);

    const count = async (table: string) => Number((await harness.pool.query(`select count(*) from ${table}`)).rows[0].count);
    expect(await harness.search.count('deliveries')).toBe(await count('deliveries'));
    expect(await harness.search.count('orders')).toBe(await count('orders'));
    await waitUntil(async () => (await harness.search.count('delivery-events')) === (await count('outbox')), 'one audit document per outbox event');
    const status = [harness.stages.etl, harness.stages.view, harness.stages.index].map((stage) => stage.status().lastError);
    expect(status).toEqual(Array(3).fill('simulated crash between apply and commit'));
  });
});
