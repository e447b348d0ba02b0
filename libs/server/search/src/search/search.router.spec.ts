import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSearchHarness, type SearchHarness } from '../testing/search-harness';

type Result = { hits: { id: string; document: Record<string, unknown> }[]; total: number; facets: Record<string, { value: string; count: number }[]>; tookMs: number };
type ProblemBody = { status: number; code: string; detail: string; errors?: { path: string }[] };

const delivery = (id: number, fields: { status: string; city: string; priority: string; type: string; dispatch: string; last: string }) => ({
  op: 'upsert' as const, id: String(id), version: id,
  document: {
    id, status: fields.status, delivery_type: fields.type, dispatch_at: fields.dispatch, notes: 'ring twice',
    order: { po: `PO-${id}`, priority: fields.priority }, details: { to_city: fields.city, to_address: '1 Main St' },
    customer: { first_name: 'Sally', last_name: fields.last },
  },
});

describe('GET /api/search/*', () => {
  let h: SearchHarness;
  let viewer: string;
  beforeAll(async () => {
    h = await startSearchHarness();
    viewer = await h.signIn('viewer');
    await h.search.bulk('deliveries', [
      delivery(1, { status: 'scheduled', city: 'Berlin', priority: 'high', type: 'parcel', dispatch: '2026-05-01T09:00:00Z', last: 'Ride' }),
      delivery(2, { status: 'delivered', city: 'Berlin', priority: 'low', type: 'freight', dispatch: '2026-05-03T09:00:00Z', last: 'Field' }),
      delivery(3, { status: 'scheduled', city: 'Paris', priority: 'high', type: 'parcel', dispatch: '2026-05-05T09:00:00Z', last: 'Ride' }),
    ]);
    await h.search.bulk('orders', [{ op: 'upsert', id: '7', version: 1, document: { id: 7, po: 'PO-7', status: 'open', priority: 'high', order_date: '2026-05-02', customer: { first_name: 'Sally', last_name: 'Ride' } } }]);
  });
  afterAll(() => h.close());

  it('filters by the query-string parameters, sorts, and names facets by parameter', async () => {
    const res = await h.get('/api/search/deliveries?status=scheduled&priority=high&sort=-dispatch_at', viewer);
    const body = res.body as Result;
    expect(res.status).toBe(200);
    expect(body.hits.map((hit) => hit.id)).toEqual(['3', '1']);
    expect(body.total).toBe(2);
    expect(Object.keys(body.facets).sort()).toEqual(['city', 'priority', 'status', 'type']);
    expect(typeof body.tookMs).toBe('number');
  });

  it('takes repeated filters, field:value text and a dispatch date range (bare "to" = whole day)', async () => {
    const res = await h.get('/api/search/deliveries?city=Berlin&city=Paris&q=customer.last_name:Ride&from=2026-05-01&to=2026-05-05&sort=dispatch_at', viewer);
    expect((res.body as Result).hits.map((hit) => hit.id)).toEqual(['1', '3']);
  });

  it('searches orders by text and priority', async () => {
    const res = await h.get('/api/search/orders?q=Sally&priority=high', viewer);
    expect(res.status).toBe(200);
    expect((res.body as Result).hits.map((hit) => hit.id)).toEqual(['7']);
  });

  it.each([
    ['an unterminated quote', 'q=%22Sally', 'invalid_query'],
    ['an undeclared field', 'q=password_hash:x', 'invalid_query'],
    ['an unsortable field', 'sort=-notes', 'invalid_query'],
    ['a malformed sort', 'sort=1;drop table users', 'validation'],
    ['a huge page size', 'size=100000', 'validation'],
    ['a bad date', 'from=yesterday', 'validation'],
    ['a control character', 'q=a%00b', 'validation'],
    ['"to" before "from"', 'from=2026-05-05&to=2026-05-01', 'validation'],
  ])('refuses %s with 400 problem+json', async (_name, query, code) => {
    const res = await h.get(`/api/search/deliveries?${query}`, viewer);
    expect(res.status).toBe(400);
    expect(res.type).toContain('application/problem+json');
    expect((res.body as ProblemBody).code).toBe(code);
  });

  it('refuses a delivery-only filter on orders, naming it', async () => {
    const res = await h.get('/api/search/orders?city=Berlin', viewer);
    expect(res.status).toBe(400);
    expect((res.body as ProblemBody).errors?.[0].path).toBe('city');
  });

  it('needs a session', async () => {
    const res = await h.get('/api/search/deliveries');
    expect(res.status).toBe(401);
  });
});
