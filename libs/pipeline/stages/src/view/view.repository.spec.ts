import { FULL_DELIVERY, FULL_ORDER, FullDeliverySchema, FullOrderSchema } from '@dsm/contracts';
import { createTestDatabase, type TestDatabase } from '@dsm/data/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDomainGraph, type DomainGraph } from '../testing';
import { createViewRepository, type ViewRepository } from './view.repository';

describe('view repository (real PostgreSQL)', () => {
  let database: TestDatabase;
  let client: pg.Client;
  let repository: ViewRepository;
  let graph: DomainGraph;
  let other: DomainGraph;

  beforeAll(async () => {
    database = await createTestDatabase('view_repo');
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    repository = createViewRepository(database.url);
    graph = await insertDomainGraph(client, 'a');
    other = await insertDomainGraph(client, 'b');
    await client.query("insert into state_changes (attempt_id, state, reason) values ($1, 'dispatched', 'on the truck')", [graph.attemptId]);
  });

  afterAll(async () => {
    await repository.close();
    await client.end();
    await database.drop();
  });

  it('rebuilds a full delivery that parses with the FullDelivery schema', async () => {
    const rebuilt = await repository.rebuild([{ table: 'deliveries', rows: [{ id: graph.deliveryId }] }], [FULL_DELIVERY]);
    const [doc] = rebuilt.get('full_delivery')!;
    const parsed = FullDeliverySchema.parse({ ...doc.document, version: 0 });
    expect(parsed).toMatchObject({
      id: graph.deliveryId,
      details: { to_city: 'Springfield' },
      order: { id: graph.orderId, order_date: '2026-01-15', priority: 'high' },
      customer: { first_name: 'Sally' },
      items: [{ quantity: 3, product: { price: 19.9 } }],
      attempts: [{ number: 1, state_changes: [{ state: 'dispatched', reason: 'on the truck' }] }],
    });
  });

  it('rebuilds a full order that parses with the FullOrder schema', async () => {
    const docs = await repository.load(FULL_ORDER, [String(graph.orderId)]);
    const parsed = FullOrderSchema.parse({ ...docs[0].document, version: 0 });
    expect(parsed.invoices).toEqual([expect.objectContaining({ amount: 59.7, due_date: '2026-02-01' })]);
    expect(parsed.deliveries).toEqual([expect.objectContaining({ id: graph.deliveryId, details: { to_city: 'Springfield', to_country: 'US' } })]);
  });

  it('resolves a customer rename to every delivery and order of that customer only', async () => {
    const rebuilt = await repository.rebuild([{ table: 'customers', rows: [{ id: graph.customerId }] }], [FULL_DELIVERY, FULL_ORDER]);
    expect(rebuilt.get('full_delivery')!.map((doc) => doc.id)).toEqual([String(graph.deliveryId)]);
    expect(rebuilt.get('full_order')!.map((doc) => doc.id)).toEqual([String(graph.orderId)]);
  });

  it('resolves a product change and a state change through their paths', async () => {
    const rebuilt = await repository.rebuild(
      [
        { table: 'products', rows: [{ id: other.productId }] },
        { table: 'state_changes', rows: [{ id: 1, attempt_id: graph.attemptId }] },
      ],
      [FULL_DELIVERY, FULL_ORDER],
    );
    expect(rebuilt.get('full_delivery')!.map((doc) => doc.id)).toEqual([String(graph.deliveryId), String(other.deliveryId)]);
    expect(rebuilt.get('full_order')!.map((doc) => doc.id)).toEqual([String(other.orderId)]);
  });

  it('returns a tombstone for a root that no longer exists', async () => {
    await client.query('delete from deliveries where id = $1', [other.deliveryId]);
    const rebuilt = await repository.rebuild([{ table: 'deliveries', rows: [{ id: other.deliveryId, order_id: other.orderId }] }], [FULL_DELIVERY, FULL_ORDER]);
    expect(rebuilt.get('full_delivery')).toEqual([{ id: String(other.deliveryId), document: null }]);
    expect(rebuilt.get('full_order')![0].document).toMatchObject({ id: other.orderId, deliveries: [] });
  });

  it('pages through every root in id order', async () => {
    const first = await repository.page(FULL_ORDER, 0, 1);
    const second = await repository.page(FULL_ORDER, Number(first[0].id), 1);
    expect([first[0].id, second[0].id]).toEqual([String(graph.orderId), String(other.orderId)]);
  });
});
