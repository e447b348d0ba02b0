import pg from 'pg';

/** Ids of a small but complete domain graph: one organization, customer, product, order, delivery. */
export interface DomainGraph {
  organizationId: number;
  customerId: number;
  productId: number;
  orderId: number;
  deliveryId: number;
  attemptId: number;
}

const DETAILS_COLUMNS = 'delivery_id, from_contact_name, from_address, from_city, from_country, to_contact_name, to_address, to_city, to_country';

/** Inserts one connected set of rows through plain SQL in one transaction (as the API would). */
export async function insertDomainGraph(client: pg.ClientBase, tag: string, city = 'Springfield'): Promise<DomainGraph> {
  const one = async (sql: string, values: unknown[]) => Number((await client.query<{ id: string }>(sql, values)).rows[0].id);
  await client.query('begin');
  const organizationId = await one('insert into organizations (name) values ($1) returning id', [`Org ${tag}`]);
  const customerId = await one(
    'insert into customers (organization_id, first_name, last_name, email) values ($1, $2, $3, $4) returning id',
    [organizationId, 'Sally', `Fields ${tag}`, `sally.${tag}@example.com`],
  );
  const productId = await one('insert into products (name, sku, price) values ($1, $2, $3) returning id', [`Crate ${tag}`, `SKU-${tag}`, '19.90']);
  const orderId = await one(
    'insert into orders (organization_id, customer_id, po, priority, order_date) values ($1, $2, $3, $4, $5) returning id',
    [organizationId, customerId, `PO-${tag}`, 'high', '2026-01-15'],
  );
  await client.query('insert into order_items (order_id, product_id, quantity) values ($1, $2, 3)', [orderId, productId]);
  await client.query("insert into invoices (order_id, number, amount, due_date) values ($1, $2, '59.70', '2026-02-01')", [orderId, `INV-${tag}`]);
  const deliveryId = await one("insert into deliveries (order_id, delivery_type, notes) values ($1, 'express', 'fragile') returning id", [orderId]);
  await client.query(
    `insert into delivery_details (${DETAILS_COLUMNS}) values ($1, 'Dock', '1 Main St', 'Shelbyville', 'US', 'Homer', '742 Evergreen Terrace', $2, 'US')`,
    [deliveryId, city],
  );
  const attemptId = await one('insert into attempts (delivery_id, number) values ($1, 1) returning id', [deliveryId]);
  await client.query('commit');
  return { organizationId, customerId, productId, orderId, deliveryId, attemptId };
}
