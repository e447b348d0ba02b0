import type { SignedIn } from './api-harness';

let counter = 0;

/** An organization, a customer and two products to build orders from. */
export async function createOrderParts(session: SignedIn) {
  counter += 1;
  const org = (await session.post('/api/organizations', { name: `Fixture Org ${counter}` }).expect(201)).body.data;
  const customer = (await session.post('/api/customers', {
    organization_id: org.id, first_name: 'Fix', last_name: `Ture${counter}`, email: `fixture${counter}@example.com`,
  }).expect(201)).body.data;
  const products = [];
  for (const sku of [`FX-${counter}-A`, `FX-${counter}-B`]) {
    products.push((await session.post('/api/products', { name: `Product ${sku}`, sku, price: 10 }).expect(201)).body.data);
  }
  return { org, customer, products: products as Array<{ id: number }> };
}

export async function createOrder(session: SignedIn, overrides: object = {}) {
  const { org, customer, products } = await createOrderParts(session);
  const res = await session.post('/api/orders', {
    organization_id: org.id, customer_id: customer.id, po: `PO-${counter}`, priority: 'high',
    items: [{ product_id: products[0].id, quantity: 2 }], ...overrides,
  }).expect(201);
  return { order: res.body.data as { id: number }, txId: res.body.txId as string, products };
}

export const DETAILS = {
  from_contact_name: 'Depot North', from_address: '1 Warehouse Way', from_city: 'Springfield', from_country: 'us',
  to_contact_name: 'Sally Fields', to_address: '22 Elm Street', to_city: 'Shelbyville', to_country: 'US',
  to_phone_number: '+1 415 555 0101', to_instructions: 'Leave at the back door',
};
