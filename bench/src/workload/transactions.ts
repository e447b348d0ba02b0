import type pg from 'pg';

/** What the workload knows about the rows it wrote, so no step has to scan a table. */
export interface WorkloadState {
  customers: { id: number; organizationId: number }[];
  products: number[];
  deliveries: number[];
  /** delivery id → its attempt id and status, for legal state changes. */
  attempts: Map<number, { attemptId: number; status: string }>;
  serial: number;
}

/** A transaction of the mix; returns the row changes it committed (outbox rows included). */
export type Transaction = (client: pg.ClientBase, state: WorkloadState) => Promise<number>;

const CITIES = ['Springfield', 'Shelbyville', 'Ogdenville', 'North Haverbrook', 'Capital City'];
const NEXT: Record<string, string> = { created: 'dispatched', dispatched: 'in_transit', in_transit: 'delivered' };
const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)];

const outbox = (client: pg.ClientBase, type: string, aggregate: string, id: number) =>
  client.query('insert into outbox (aggregate_type, aggregate_id, type, payload) values ($1, $2, $3, $4)', [aggregate, String(id), type, JSON.stringify({ id })]);

/** An order with two items, its delivery, details and first attempt: 7 rows, as the API writes them. */
export const createDelivery: Transaction = async (client, state) => {
  const customer = pick(state.customers);
  const serial = ++state.serial;
  const order = await client.query<{ id: string }>(
    "insert into orders (organization_id, customer_id, po, priority) values ($1, $2, $3, 'medium') returning id",
    [customer.organizationId, customer.id, `PO-${process.pid}-${Date.now()}-${serial}`],
  );
  const orderId = Number(order.rows[0].id);
  await client.query('insert into order_items (order_id, product_id, quantity) values ($1, $2, 1), ($1, $3, 2)', [orderId, pick(state.products), pick(state.products)]);
  const delivery = await client.query<{ id: string }>("insert into deliveries (order_id, notes) values ($1, 'new') returning id", [orderId]);
  const deliveryId = Number(delivery.rows[0].id);
  await client.query(
    `insert into delivery_details (delivery_id, from_contact_name, from_address, from_city, from_country, to_contact_name, to_address, to_city, to_country)
     values ($1, 'Dock', '1 Main St', 'Shelbyville', 'US', 'Homer', '742 Evergreen Terrace', $2, 'US')`,
    [deliveryId, pick(CITIES)],
  );
  const attempt = await client.query<{ id: string }>('insert into attempts (delivery_id, number) values ($1, 1) returning id', [deliveryId]);
  await outbox(client, 'delivery.created', 'delivery', deliveryId);
  state.deliveries.push(deliveryId);
  state.attempts.set(deliveryId, { attemptId: Number(attempt.rows[0].id), status: 'created' });
  return 7;
};

export const updateDelivery: Transaction = async (client, state) => {
  if (!state.deliveries.length) return createDelivery(client, state);
  const id = pick(state.deliveries);
  await client.query('update deliveries set notes = $2, mileage = $3 where id = $1', [id, `note ${++state.serial}`, Math.floor(Math.random() * 500)]);
  await outbox(client, 'delivery.updated', 'delivery', id);
  return 2;
};

export const changeState: Transaction = async (client, state) => {
  const open = [...state.attempts].find(([, attempt]) => NEXT[attempt.status]);
  if (!open) return createDelivery(client, state);
  const [deliveryId, attempt] = open;
  const next = NEXT[attempt.status];
  // Taken out while in flight so two connections never move the same attempt at once.
  state.attempts.delete(deliveryId);
  await client.query("insert into state_changes (attempt_id, state, reason) values ($1, $2, 'bench')", [attempt.attemptId, next]);
  await client.query('update attempts set status = $2 where id = $1', [attempt.attemptId, next]);
  await client.query('update deliveries set status = $2 where id = $1', [deliveryId, next]);
  await outbox(client, 'delivery.status_changed', 'delivery', deliveryId);
  if (next !== 'delivered') state.attempts.set(deliveryId, { ...attempt, status: next });
  return 4;
};

/** A rename touches every order and delivery of the customer: the view's fan-out case. */
export const renameCustomer: Transaction = async (client, state) => {
  const customer = pick(state.customers);
  await client.query('update customers set last_name = $2 where id = $1', [customer.id, `Renamed ${++state.serial}`]);
  await outbox(client, 'customer.updated', 'customer', customer.id);
  return 2;
};

/** The mix: creates, updates, state changes and (rarely) customer renames. */
export const MIX: [Transaction, number][] = [[createDelivery, 4], [updateDelivery, 6], [changeState, 5], [renameCustomer, 1]];

export function chooseTransaction(): Transaction {
  const total = MIX.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = Math.random() * total;
  for (const [transaction, weight] of MIX) if ((roll -= weight) < 0) return transaction;
  return MIX[0][0];
}
