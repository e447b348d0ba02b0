import pg from 'pg';

/** Small deterministic PRNG, so a failing workload can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Step = (client: pg.ClientBase, pick: <T>(items: T[]) => T, tag: string) => Promise<void>;

const ids = async (client: pg.ClientBase, table: string): Promise<number[]> =>
  (await client.query<{ id: string }>(`select id from ${table} order by id`)).rows.map((row) => Number(row.id));

const outbox = (client: pg.ClientBase, type: string, aggregateType: string, aggregateId: number, payload: object) =>
  client.query('insert into outbox (aggregate_type, aggregate_id, type, payload) values ($1, $2, $3, $4)', [aggregateType, String(aggregateId), type, JSON.stringify(payload)]);

const CITIES = ['Springfield', 'Shelbyville', 'Ogdenville', 'North Haverbrook'];

/** Each step is one transaction, as the API writes: domain rows plus an outbox row. */
export const WORKLOAD_STEPS: Record<string, Step> = {
  async createOrderWithDelivery(client, pick, tag) {
    const customers = (await client.query<{ id: string; organization_id: string }>('select id, organization_id from customers')).rows;
    const customer = pick(customers);
    const order = await client.query<{ id: string }>(
      'insert into orders (organization_id, customer_id, po, priority) values ($1, $2, $3, $4) returning id',
      [customer.organization_id, customer.id, `PO-${tag}`, pick(['low', 'medium', 'high'])],
    );
    const orderId = Number(order.rows[0].id);
    for (const productId of [pick(await ids(client, 'products')), pick(await ids(client, 'products'))]) {
      await client.query('insert into order_items (order_id, product_id, quantity) values ($1, $2, $3)', [orderId, productId, 1 + Math.floor(Math.random() * 5)]);
    }
    const delivery = await client.query<{ id: string }>("insert into deliveries (order_id, notes) values ($1, 'new') returning id", [orderId]);
    const deliveryId = Number(delivery.rows[0].id);
    await client.query(
      `insert into delivery_details (delivery_id, from_contact_name, from_address, from_city, from_country, to_contact_name, to_address, to_city, to_country)
       values ($1, 'Dock', '1 Main St', 'Shelbyville', 'US', 'Homer', '742 Evergreen Terrace', $2, 'US')`,
      [deliveryId, pick(CITIES)],
    );
    await client.query('insert into attempts (delivery_id, number) values ($1, 1)', [deliveryId]);
    await outbox(client, 'delivery.created', 'delivery', deliveryId, { id: deliveryId });
  },
  async updateDelivery(client, pick, tag) {
    const deliveries = await ids(client, 'deliveries');
    if (!deliveries.length) return;
    const id = pick(deliveries);
    await client.query('update deliveries set notes = $2, mileage = $3 where id = $1', [id, `note ${tag}`, Math.floor(Math.random() * 500)]);
    await client.query('update delivery_details set to_city = $2 where delivery_id = $1', [id, pick(CITIES)]);
    await outbox(client, 'delivery.updated', 'delivery', id, { id });
  },
  async recordStateChange(client, pick) {
    const open = (await client.query<{ id: string; delivery_id: string; status: string }>(
      "select a.id, a.delivery_id, a.status from attempts a where a.status in ('created', 'dispatched', 'in_transit')",
    )).rows;
    if (!open.length) return;
    const attempt = pick(open);
    const next = { created: 'dispatched', dispatched: 'in_transit', in_transit: pick(['delivered', 'failed']) }[attempt.status]!;
    await client.query('insert into state_changes (attempt_id, state, reason) values ($1, $2, $3)', [attempt.id, next, 'workload']);
    await client.query('update attempts set status = $2 where id = $1', [attempt.id, next]);
    await client.query('update deliveries set status = $2 where id = $1', [attempt.delivery_id, next]);
    await outbox(client, 'delivery.status_changed', 'delivery', Number(attempt.delivery_id), { from: attempt.status, to: next });
  },
  async renameCustomer(client, pick, tag) {
    const id = pick(await ids(client, 'customers'));
    await client.query('update customers set last_name = $2 where id = $1', [id, `Renamed ${tag}`]);
    await outbox(client, 'customer.updated', 'customer', id, { id });
  },
  async changeProduct(client, pick) {
    const id = pick(await ids(client, 'products'));
    await client.query('update products set price = round((random() * 100)::numeric, 2) where id = $1', [id]);
    await outbox(client, 'product.updated', 'product', id, { id });
  },
  async addInvoice(client, pick, tag) {
    const orders = await ids(client, 'orders');
    if (!orders.length) return;
    await client.query("insert into invoices (order_id, number, amount, due_date) values ($1, $2, 10.5, current_date + 30)", [pick(orders), `INV-${tag}`]);
  },
  async moveItem(client, pick) {
    const [items, orders] = [await ids(client, 'order_items'), await ids(client, 'orders')];
    if (!items.length || orders.length < 2) return;
    await client.query('update order_items set order_id = $2 where id = $1', [pick(items), pick(orders)]);
  },
  async deleteDelivery(client, pick) {
    const deliveries = await ids(client, 'deliveries');
    if (deliveries.length < 3) return;
    await client.query('delete from deliveries where id = $1', [pick(deliveries)]);
  },
  async deleteOrder(client, pick) {
    const orders = await ids(client, 'orders');
    if (orders.length < 3) return;
    const id = pick(orders);
    await client.query('delete from orders where id = $1', [id]);
    await outbox(client, 'order.deleted', 'order', id, { id });
  },
};

const WEIGHTS: [keyof typeof WORKLOAD_STEPS, number][] = [
  ['createOrderWithDelivery', 5], ['updateDelivery', 4], ['recordStateChange', 5], ['renameCustomer', 2],
  ['changeProduct', 2], ['addInvoice', 2], ['moveItem', 1], ['deleteDelivery', 1], ['deleteOrder', 1],
];

/** Runs `steps` random transactions on `workers` concurrent connections (so commits interleave). */
export async function runWorkload(pool: pg.Pool, options: { seed: number; steps: number; workers: number }): Promise<void> {
  const random = seededRandom(options.seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  const total = WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);
  const chooseStep = () => {
    let roll = random() * total;
    for (const [name, weight] of WEIGHTS) if ((roll -= weight) < 0) return name;
    return WEIGHTS[0][0];
  };
  let next = 0;
  const worker = async () => {
    const client = await pool.connect();
    try {
      for (let step = next++; step < options.steps; step = next++) {
        await client.query('begin');
        try {
          await WORKLOAD_STEPS[chooseStep()](client, pick, `${options.seed}-${step}`);
          await client.query('commit');
        } catch {
          // A concurrent delete can make a step's foreign key vanish: that transaction is simply lost.
          await client.query('rollback');
        }
      }
    } finally {
      client.release();
    }
  };
  await Promise.all(Array.from({ length: options.workers }, worker));
}
