import pg from 'pg';

export interface SeededOrder {
  organizationId: number;
  customerId: number;
  orderId: number;
  invoiceId: number;
  deliveryId: number;
  email: string;
}

/** Real rows in the domain database: an organization, its customer, an order, an invoice, a delivery. */
export async function seedOrder(domainUrl: string, tag: string, priority = 'high'): Promise<SeededOrder> {
  const client = new pg.Client({ connectionString: domainUrl });
  await client.connect();
  try {
    const one = async (sql: string, params: unknown[]) => Number((await client.query<{ id: string }>(sql, params)).rows[0].id);
    const email = `${tag}@customer.test`;
    const organizationId = await one('insert into organizations (name) values ($1) returning id', [`Org ${tag}`]);
    const customerId = await one(
      `insert into customers (organization_id, first_name, last_name, email) values ($1, 'Grace', $2, $3) returning id`,
      [organizationId, `Old-${tag}`, email],
    );
    const productId = await one(`insert into products (name, sku, price) values ('Crate', $1, 12.5) returning id`, [`SKU-${tag}`]);
    const orderId = await one(
      `insert into orders (organization_id, customer_id, po, priority) values ($1, $2, $3, $4) returning id`,
      [organizationId, customerId, `PO-${tag}`, priority],
    );
    await client.query('insert into order_items (order_id, product_id, quantity) values ($1, $2, 2)', [orderId, productId]);
    const invoiceId = await one(
      `insert into invoices (order_id, number, amount, due_date) values ($1, $2, 1234.5, '2027-01-15') returning id`,
      [orderId, `INV-${tag}`],
    );
    const deliveryId = await one(`insert into deliveries (order_id, delivery_type) values ($1, 'express') returning id`, [orderId]);
    return { organizationId, customerId, orderId, invoiceId, deliveryId, email };
  } finally {
    await client.end();
  }
}

/** Renames the customer and the organization: the e-mails must carry these names. */
export async function renameCustomerAndOrganization(domainUrl: string, seeded: SeededOrder, lastName: string, organization: string): Promise<void> {
  const client = new pg.Client({ connectionString: domainUrl });
  await client.connect();
  try {
    await client.query('update customers set last_name = $2 where id = $1', [seeded.customerId, lastName]);
    await client.query('update organizations set name = $2 where id = $1', [seeded.organizationId, organization]);
  } finally {
    await client.end();
  }
}
