import { FULL_DELIVERY, FULL_ORDER, cityOrdersTopic } from '@dsm/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipelineHarness, insertDomainGraph, waitUntil, type PipelineHarness } from '../testing';
import { computeFreshness } from '../tools/freshness';
import { verifyAggregate } from '../tools/verify.service';

describe('pipeline end to end: capture → etl → view → index (real PostgreSQL, embedded log and index)', () => {
  let harness: PipelineHarness;

  beforeAll(async () => {
    harness = await createPipelineHarness('e2e_basic');
    await harness.start();
  });

  afterAll(async () => harness?.stop());

  it('indexes one complete document per delivery and order, and follows a customer rename', async () => {
    const client = await harness.pool.connect();
    const graph = await insertDomainGraph(client, 'basic').finally(() => client.release());

    const indexed = await waitUntil(() => harness.search.get('deliveries', String(graph.deliveryId)), 'the delivery document');
    expect(indexed.document).toMatchObject({ id: graph.deliveryId, customer: { first_name: 'Sally' }, details: { to_city: 'Springfield' } });

    await harness.pool.query("update customers set first_name = 'Sal' where id = $1", [graph.customerId]);
    await waitUntil(async () => {
      const [delivery, order] = await Promise.all([harness.search.get('deliveries', String(graph.deliveryId)), harness.search.get('orders', String(graph.orderId))]);
      return (delivery?.document['customer'] as { first_name: string })?.first_name === 'Sal' && (order?.document['customer'] as { first_name: string })?.first_name === 'Sal';
    }, 'the rename in both documents');

    const routed = await waitUntil(async () => {
      const records = await harness.log.read(cityOrdersTopic(harness.prefix, 'Springfield'), { limit: 100 }).catch(() => []);
      return records.find((record) => record.key === String(graph.orderId));
    }, 'the order on its delivery city topic');
    expect(JSON.parse(routed.value!)).toMatchObject({ id: graph.orderId, deliveries: [{ details: { to_city: 'Springfield' } }] });

    const deps = { repository: harness.repository, search: harness.search, domainUrl: harness.domain.url };
    for (const aggregate of [FULL_DELIVERY, FULL_ORDER]) {
      const report = await verifyAggregate(deps, aggregate);
      expect({ missing: report.missing, stale: report.stale, extra: report.extra }).toEqual({ missing: [], stale: [], extra: [] });
    }
  });

  it('reports freshness: the indexed version and zero lag once caught up', async () => {
    const freshness = await waitUntil(async () => {
      const measured = await computeFreshness({ domainUrl: harness.domain.url, log: harness.log, prefix: harness.prefix });
      return measured.indexedLsn !== null && Object.values(measured.lag).every((lag) => lag === 0) && measured;
    }, 'a caught-up pipeline');
    expect(freshness.behindSeconds).toBe(0);
    expect(freshness.databaseLsn).toBeGreaterThanOrEqual(freshness.indexedLsn!);
    expect(freshness.behindBytes).toBe(freshness.databaseLsn - freshness.indexedLsn!);
  });
});
