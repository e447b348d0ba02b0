import { FULL_DELIVERY, FULL_ORDER } from '@dsm/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipelineHarness, insertDomainGraph, runWorkload, waitUntil, type PipelineHarness } from '../testing';
import { verifyAggregate, type VerifyReport } from '../tools/verify.service';

const differences = (report: VerifyReport) => report.missing.length + report.stale.length + report.extra.length;

describe('convergence under a random concurrent workload (real PostgreSQL, capture, log and index)', () => {
  let harness: PipelineHarness;
  const seed = Number(process.env['DSM_WORKLOAD_SEED'] ?? 20261122);

  beforeAll(async () => {
    harness = await createPipelineHarness('e2e_conv');
    const client = await harness.pool.connect();
    try {
      for (const tag of ['a', 'b', 'c', 'd', 'e', 'f']) await insertDomainGraph(client, `${tag}${seed}`);
      // More products than orders touch per step, so a product change is the only change some orders see.
      for (let index = 0; index < 8; index += 1) {
        await client.query('insert into products (name, sku, price) values ($1, $2, 5)', [`Extra ${index}`, `EXTRA-${seed}-${index}`]);
      }
    } finally {
      client.release();
    }
    await harness.start();
  });

  afterAll(async () => harness?.stop());

  it(`ends with exactly one up-to-date document per existing delivery and order (seed ${seed})`, async () => {
    await runWorkload(harness.pool, { seed, steps: 160, workers: 3 });

    const deps = { repository: harness.repository, search: harness.search, domainUrl: harness.domain.url };
    const reports = await waitUntil(async () => {
      const all = [await verifyAggregate(deps, FULL_DELIVERY), await verifyAggregate(deps, FULL_ORDER)];
      return all.every((report) => differences(report) === 0) && all;
    }, 'the index to converge', 120_000);

    const count = async (table: string) => Number((await harness.pool.query(`select count(*) from ${table}`)).rows[0].count);
    expect(reports.map((report) => report.checked)).toEqual([await count('deliveries'), await count('orders')]);
    expect(await harness.search.count('deliveries')).toBe(await count('deliveries'));
    expect(await harness.search.count('orders')).toBe(await count('orders'));
    await waitUntil(async () => (await harness.search.count('delivery-events')) === (await count('outbox')), 'every outbox event in the audit index');
  });
});
