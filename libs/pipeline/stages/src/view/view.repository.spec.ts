import { DELIVERY_STATUSES, DELIVERY_TYPES, FULL_DELIVERY, FULL_ORDER, FullDeliverySchema, FullOrderSchema, ORDER_PRIORITIES } from '@dsm/contracts';
import fc from 'fast-check';
import { createTestDatabase, type TestDatabase } from '@dsm/data/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDomainGraph, type DomainGraph } from '../testing';
import { changedColumns, type RowChange } from './affected-roots';
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

  describe('updates of columns a document does not read', () => {
    let mine: DomainGraph;
    beforeAll(async () => {
      mine = await insertDomainGraph(client, 'updates');
    });

    /** Applies one column update and returns it as the view stage sees it (both images, changed columns). */
    const update = async (table: string, key: string, id: number, column: string, value: unknown): Promise<RowChange> => {
      const image = async () => (await client.query<{ row: Record<string, unknown> }>(`select to_jsonb(t) as row from ${table} t where ${key} = $1`, [id])).rows[0].row;
      const before = await image();
      await client.query(`update ${table} set ${column} = $2 where ${key} = $1`, [id, value]);
      const after = await image();
      return { table, rows: [after, before], changed: changedColumns(after, before) };
    };
    const rebuiltIds = async (change: RowChange) => {
      const rebuilt = await repository.rebuild([change], [FULL_DELIVERY, FULL_ORDER]);
      return { deliveries: rebuilt.get('full_delivery')?.map((doc) => doc.id), orders: rebuilt.get('full_order')?.map((doc) => doc.id) };
    };

    it("a delivery's notes rebuild its own document, not its order's; its status rebuilds both", async () => {
      expect(await rebuiltIds(await update('deliveries', 'id', mine.deliveryId, 'notes', 'leave at the back door'))).toEqual({
        deliveries: [String(mine.deliveryId)],
        orders: [],
      });
      expect(await rebuiltIds(await update('deliveries', 'id', mine.deliveryId, 'status', 'dispatched'))).toEqual({
        deliveries: [String(mine.deliveryId)],
        orders: [String(mine.orderId)],
      });
    });

    it('property: whenever an update rebuilds no document of an aggregate, none of its documents changed', async () => {
      const ids = () => ({ delivery: [String(mine.deliveryId), String(other.deliveryId)], order: [String(mine.orderId), String(other.orderId)] });
      const documents = async () => ({
        full_delivery: await repository.load(FULL_DELIVERY, ids().delivery),
        full_order: await repository.load(FULL_ORDER, ids().order),
      });
      // [table, key column, row id, column, values]
      const updates: [string, string, () => number, string, fc.Arbitrary<unknown>][] = [
        ['deliveries', 'id', () => mine.deliveryId, 'notes', fc.string({ maxLength: 12 })],
        ['deliveries', 'id', () => mine.deliveryId, 'mileage', fc.integer({ min: 0, max: 900 })],
        ['deliveries', 'id', () => mine.deliveryId, 'status', fc.constantFrom(...DELIVERY_STATUSES)],
        ['deliveries', 'id', () => mine.deliveryId, 'delivery_type', fc.constantFrom(...DELIVERY_TYPES)],
        ['deliveries', 'id', () => mine.deliveryId, 'dispatch_at', fc.constantFrom(null, '2026-03-01T10:00:00Z', '2026-03-02T08:30:00Z')],
        ['deliveries', 'id', () => mine.deliveryId, 'order_id', fc.constantFrom(mine.orderId, other.orderId)],
        ['delivery_details', 'delivery_id', () => mine.deliveryId, 'to_city', fc.constantFrom('Oslo', 'Bergen', 'Springfield')],
        ['delivery_details', 'delivery_id', () => mine.deliveryId, 'from_instructions', fc.option(fc.string({ maxLength: 12 }))],
        ['orders', 'id', () => mine.orderId, 'priority', fc.constantFrom(...ORDER_PRIORITIES)],
        ['orders', 'id', () => mine.orderId, 'customer_id', fc.constantFrom(mine.customerId, other.customerId)],
        ['customers', 'id', () => mine.customerId, 'last_name', fc.constantFrom('Fields', 'Hansen')],
        ['order_items', 'order_id', () => mine.orderId, 'quantity', fc.integer({ min: 1, max: 4 })],
        ['order_items', 'order_id', () => mine.orderId, 'product_id', fc.constantFrom(mine.productId, other.productId)],
        ['products', 'id', () => mine.productId, 'price', fc.constantFrom('19.90', '24.50')],
        ['invoices', 'order_id', () => mine.orderId, 'amount', fc.constantFrom('59.70', '61.00')],
        ['attempts', 'id', () => mine.attemptId, 'status', fc.constantFrom(...DELIVERY_STATUSES)],
      ];
      const anUpdate = fc.constantFrom(...updates).chain(([table, key, id, column, values]) => values.map((value) => ({ table, key, id, column, value })));
      await fc.assert(
        fc.asyncProperty(anUpdate, async ({ table, key, id, column, value }) => {
          const before = await documents();
          const rebuilt = await repository.rebuild([await update(table, key, id(), column, value)], [FULL_DELIVERY, FULL_ORDER]);
          const after = await documents();
          for (const aggregate of ['full_delivery', 'full_order'] as const) {
            if (rebuilt.get(aggregate)?.length) continue;
            expect(after[aggregate], `${table}.${column} = ${JSON.stringify(value)} rebuilt no ${aggregate}`).toEqual(before[aggregate]);
          }
        }),
        { numRuns: 80 },
      );
    });
  });
});
