import type pg from 'pg';

const CITIES = "array['Springfield','Shelbyville','Ogdenville','North Haverbrook','Capital City']";

/**
 * Writes `count` orders with an item, a delivery and its details straight in SQL, in batches
 * (the reindex and search scenarios need a large index fast; the worker is stopped meanwhile).
 */
export async function bulkLoadDeliveries(pool: pg.Pool, count: number, onProgress: (done: number) => void): Promise<void> {
  const { rows } = await pool.query<{ customers: string; first: string; product: string }>(
    'select count(*) as customers, min(id) as first, (select min(id) from products) as product from customers');
  const [customers, firstCustomer, product] = [Number(rows[0].customers), Number(rows[0].first), Number(rows[0].product)];
  const batch = 10_000;
  for (let from = 1; from <= count; from += batch) {
    const to = Math.min(count, from + batch - 1);
    await pool.query(
      `with o as (
         insert into orders (organization_id, customer_id, po, priority)
         select c.organization_id, c.id, 'BULK-' || g, (array['low','medium','high'])[1 + g % 3]
         from generate_series($1::int, $2::int) g join customers c on c.id = $3 + (g % $4)
         returning id),
       i as (insert into order_items (order_id, product_id, quantity) select id, $5 + id % 5, 1 + id % 4 from o),
       d as (
         insert into deliveries (order_id, delivery_type, notes, status, mileage)
         select id, (array['standard','express','same_day','freight'])[1 + id % 4], 'bulk delivery ' || id,
                (array['created','dispatched','in_transit','delivered'])[1 + id % 4], id % 500
         from o returning id)
       insert into delivery_details (delivery_id, from_contact_name, from_address, from_city, from_country, to_contact_name, to_address, to_city, to_country)
       select id, 'Dock ' || id % 97, id % 900 || ' Harbor Road', 'Shelbyville', 'US', 'Contact ' || id % 1000, id % 700 || ' Evergreen Terrace', (${CITIES})[1 + id % 5], 'US'
       from d`,
      [from, to, firstCustomer, customers, product],
    );
    onProgress(to);
  }
  await pool.query('analyze');
}
