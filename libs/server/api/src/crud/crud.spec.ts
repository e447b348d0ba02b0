import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerSchema, InvoiceSchema, OrganizationSchema, ProductSchema, pageOf } from '@dsm/contracts';
import { createApiHarness, rowCounts, signIn, xminOf, type ApiHarness, type SignedIn } from '../testing/api-harness';

describe('organizations, customers, products and invoices', () => {
  let h: ApiHarness;
  let dispatcher: SignedIn;
  let orderId: number;

  beforeAll(async () => {
    h = await createApiHarness();
    dispatcher = await signIn(h.app, h.sql, 'dispatcher');
  });
  afterAll(() => h.close());

  async function createOrganization(name = `Org ${Math.random()}`) {
    return (await dispatcher.post('/api/organizations', { name }).expect(201)).body;
  }

  it('creates an organization with its outbox row in the transaction the returned txId names', async () => {
    const res = await dispatcher.post('/api/organizations', { name: '  Acme Freight  ' }).expect(201);
    const organization = OrganizationSchema.parse(res.body.data);
    expect(organization.name).toBe('Acme Freight');
    expect(res.body.txId).toMatch(/^\d+$/);
    expect(await xminOf(h.sql, 'organizations', 'id = $1', [organization.id])).toEqual([res.body.txId]);
    const outbox = await h.sql.query("select xmin::text, type, aggregate_type, payload from outbox where aggregate_id = $1 and aggregate_type = 'organization'", [String(organization.id)]);
    expect(outbox.rows).toEqual([{ xmin: res.body.txId, type: 'organization.created', aggregate_type: 'organization', payload: organization }]);
  });

  it('updates and deletes an organization, each with its own outbox event', async () => {
    const organization = (await createOrganization()).data;
    const renamed = await dispatcher.patch(`/api/organizations/${organization.id}`, { name: 'Renamed' }).expect(200);
    expect(renamed.body.data.name).toBe('Renamed');
    const deleted = await dispatcher.delete(`/api/organizations/${organization.id}`).expect(200);
    expect(deleted.body.data.id).toBe(organization.id);
    await dispatcher.get(`/api/organizations/${organization.id}`).expect(404);
    const { rows } = await h.sql.query('select type, xmin::text from outbox where aggregate_id = $1 order by created_at, type', [String(organization.id)]);
    expect(rows.map((row) => row.type).sort()).toEqual(['organization.created', 'organization.deleted', 'organization.updated']);
    expect(rows.map((row) => row.xmin)).toContain(deleted.body.txId);
  });

  it('pages, searches and sorts lists', async () => {
    for (const name of ['Paging Alpha', 'Paging Beta', 'Paging Gamma']) await createOrganization(name);
    const page = await dispatcher.get('/api/organizations?q=paging&size=2&sort=-name').expect(200);
    const parsed = pageOf(OrganizationSchema).parse(page.body);
    expect(parsed.total).toBe(3);
    expect(parsed.items.map((item) => item.name)).toEqual(['Paging Gamma', 'Paging Beta']);
    const second = await dispatcher.get('/api/organizations?q=paging&size=2&page=2&sort=-name').expect(200);
    expect(second.body.items.map((item: { name: string }) => item.name)).toEqual(['Paging Alpha']);
  });

  it('treats % and _ in a search literally', async () => {
    await createOrganization('100% Organic');
    const res = await dispatcher.get('/api/organizations?q=0%25 O').expect(200);
    expect(res.body.items.map((item: { name: string }) => item.name)).toEqual(['100% Organic']);
  });

  it('creates customers and filters them by organization', async () => {
    const org = (await createOrganization()).data;
    const res = await dispatcher.post('/api/customers', { organization_id: org.id, first_name: 'Ada', last_name: 'Byron', email: 'ada@example.com' }).expect(201);
    expect(CustomerSchema.parse(res.body.data)).toMatchObject({ organization_id: org.id, phone: null });
    const list = await dispatcher.get(`/api/customers?organization_id=${org.id}`).expect(200);
    expect(list.body.items.map((c: { email: string }) => c.email)).toEqual(['ada@example.com']);
    const patched = await dispatcher.patch(`/api/customers/${res.body.data.id}`, { phone: '+44 20 5555 0100' }).expect(200);
    const outbox = await h.sql.query("select type from outbox where xmin::text = $1", [patched.body.txId]);
    expect(outbox.rows).toEqual([{ type: 'customer.updated' }]);
  });

  it('creates products with money as a number and refuses a duplicate SKU with 409 naming the field', async () => {
    const res = await dispatcher.post('/api/products', { name: 'Crate', sku: 'CRATE-1', price: 12.5 }).expect(201);
    expect(ProductSchema.parse(res.body.data).price).toBe(12.5);
    const before = await rowCounts(h.sql);
    const duplicate = await dispatcher.post('/api/products', { name: 'Other crate', sku: 'CRATE-1', price: 1 }).expect(409);
    expect(duplicate.body.errors).toEqual([{ path: 'sku', message: 'Already taken' }]);
    expect(await rowCounts(h.sql)).toEqual(before);
  });

  it('creates, filters and updates invoices of an order', async () => {
    const org = (await createOrganization()).data;
    const customer = (await dispatcher.post('/api/customers', { organization_id: org.id, first_name: 'I', last_name: 'V', email: 'iv@example.com' }).expect(201)).body.data;
    const product = (await dispatcher.post('/api/products', { name: 'Box', sku: 'BOX-INV', price: 3 }).expect(201)).body.data;
    orderId = (await dispatcher.post('/api/orders', { organization_id: org.id, customer_id: customer.id, po: 'PO-INV', items: [{ product_id: product.id, quantity: 1 }] }).expect(201)).body.data.id;
    const res = await dispatcher.post('/api/invoices', { order_id: orderId, number: 'INV-0001', amount: 99.99, due_date: '2027-01-31' }).expect(201);
    expect(InvoiceSchema.parse(res.body.data)).toMatchObject({ status: 'issued', due_date: '2027-01-31', amount: 99.99 });
    expect((await h.sql.query('select type from outbox where xmin::text = $1', [res.body.txId])).rows).toEqual([{ type: 'invoice.created' }]);
    const list = await dispatcher.get(`/api/invoices?order_id=${orderId}&status=issued`).expect(200);
    expect(list.body.total).toBe(1);
    await dispatcher.patch(`/api/invoices/${res.body.data.id}`, { status: 'paid' }).expect(200);
    expect((await dispatcher.get(`/api/invoices/${res.body.data.id}`).expect(200)).body.status).toBe('paid');
  });

  describe('bad input gets a 4xx and writes nothing', () => {
    const cases: Array<[string, () => Promise<{ status: number; body: { errors?: Array<{ path: string }> } }>, number, string[]?]> = [
      ['wrong types', () => dispatcher.post('/api/products', { name: 5, sku: 'X-1', price: '12' }), 400, ['name', 'price']],
      ['missing fields', () => dispatcher.post('/api/customers', { first_name: 'A' }), 400, ['organization_id', 'last_name', 'email']],
      ['unknown fields', () => dispatcher.post('/api/organizations', { name: 'X', owner: 'me' }), 400, ['(body)']],
      ['too many decimals', () => dispatcher.post('/api/products', { name: 'P', sku: 'P-1', price: 1.234 }), 400, ['price']],
      ['missing reference', () => dispatcher.post('/api/customers', { organization_id: 987654, first_name: 'A', last_name: 'B', email: 'a@b.co' }), 422, ['organization_id']],
      ['missing order of an invoice', () => dispatcher.post('/api/invoices', { order_id: 987654, number: 'INV-X', amount: 1, due_date: '2027-01-01' }), 422, ['order_id']],
      ['no body at all', () => dispatcher.post('/api/organizations'), 400],
      ['an empty patch', () => dispatcher.patch('/api/organizations/1', {}), 400],
      ['a bad id', () => dispatcher.patch('/api/organizations/abc', { name: 'Y' }), 400, ['id']],
      ['an unknown id', () => dispatcher.patch('/api/organizations/987654', { name: 'Y' }), 404],
      ['an unknown list parameter', () => dispatcher.get('/api/products?colour=red'), 400],
      ['an unknown sort column', () => dispatcher.get('/api/products?sort=password'), 400, ['sort']],
      ['a page size over the limit', () => dispatcher.get('/api/products?size=1000'), 400, ['size']],
      ['invalid JSON', () => dispatcher.agent.post('/api/organizations').set('X-XSRF-TOKEN', dispatcher.csrf).set('Content-Type', 'application/json').send('{"name": '), 400],
      ['an oversized body', () => dispatcher.post('/api/organizations', { name: 'x'.repeat(200_000) }), 413],
      ['a non-JSON body', () => dispatcher.agent.post('/api/organizations').set('X-XSRF-TOKEN', dispatcher.csrf).type('text/plain').send('name=x'), 415],
    ];
    it.each(cases)('%s', async (_name, send, status, paths) => {
      const before = await rowCounts(h.sql);
      const res = await send();
      expect(res.status).toBe(status);
      expect((res as unknown as { headers: Record<string, string> }).headers['content-type']).toMatch(/application\/problem\+json/);
      if (paths) expect(res.body.errors?.map((e) => e.path)).toEqual(expect.arrayContaining(paths));
      expect(await rowCounts(h.sql)).toEqual(before);
    });

    it('refuses to delete an organization that customers still reference, with 409', async () => {
      const org = (await createOrganization()).data;
      await dispatcher.post('/api/customers', { organization_id: org.id, first_name: 'A', last_name: 'B', email: 'ref@example.com' }).expect(201);
      const before = await rowCounts(h.sql);
      const res = await dispatcher.delete(`/api/organizations/${org.id}`).expect(409);
      expect(res.body.detail).toMatch(/customers/);
      expect(await rowCounts(h.sql)).toEqual(before);
    });
  });
});
