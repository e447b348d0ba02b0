import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_ROUTES, SearchParamsSchema } from '@dsm/server-search';
import { ROUTES, type RouteDoc } from '../openapi/openapi.routes';
import { createApiHarness, rowCounts, signIn, type ApiHarness, type SignedIn } from '../testing/api-harness';
import { DETAILS, createOrder } from '../testing/fixtures';
import { hostileBody, hostileQuery, hostileValue, fieldsOf, rawQuery } from '../testing/hostile.arbitraries';
import { openReadSide, type ReadSide } from '../testing/read-side';

// Modest run counts keep the whole suite well under a minute on two cores; a failure prints its seed.
const RUNS = { numRuns: 25 };

/** Lone surrogates cannot be percent-encoded; a client could not send them either. */
const encodePathSegment = (value: string) => encodeURIComponent(value.replace(/[\ud800-\udfff]/gu, '\ufffd')).slice(0, 200);

type Response = { status: number; body: { code?: string }; headers: Record<string, string> };

/** Never a server error; a refused request leaves every table as it was. */
async function expectRefusedOrApplied(h: ApiHarness, send: () => Promise<Response>): Promise<void> {
  const before = await rowCounts(h.sql);
  const res = await send();
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(await rowCounts(h.sql)).toEqual(before);
  }
}

describe('hostile input (property-based)', () => {
  let h: ApiHarness;
  let readSide: ReadSide;
  let admin: SignedIn;
  const ids = { id: 0, number: 1 };
  beforeAll(async () => {
    readSide = await openReadSide();
    h = await createApiHarness({ extend: readSide.extend });
    admin = await signIn(h.app, h.sql, 'admin');
    const { order } = await createOrder(admin);
    const delivery = await admin.post('/api/deliveries', { order_id: order.id, details: DETAILS }).expect(201);
    ids.id = delivery.body.data.id;
  });
  afterAll(async () => {
    await h.close();
    await readSide.close();
  });

  const url = (route: RouteDoc) => route.path.replace('{id}', String(ids.id)).replace('{number}', String(ids.number));
  const writes = ROUTES.filter((route) => route.method === 'post' || route.method === 'patch').filter((route) => route.permission !== 'public' && route.path !== '/api/auth/logout');

  it.each(writes.map((route) => [route.method.toUpperCase(), route.path, route] as const))('%s %s: hostile bodies → 4xx or a clean write, never 5xx', async (_m, _p, route) => {
    await fc.assert(
      fc.asyncProperty(hostileBody(route.body), async (body) => {
        // Sent as JSON text: a top-level number, string or null is a valid JSON body too.
        await expectRefusedOrApplied(h, () => admin.agent[route.method as 'post' | 'patch'](url(route)).set('X-XSRF-TOKEN', admin.csrf).type('application/json').send(JSON.stringify(body)));
      }),
      RUNS,
    );
  });

  it('malformed JSON, wrong content types and oversized bodies are refused and write nothing', async () => {
    const bodies = fc.oneof(
      fc.string({ maxLength: 200 }).map((text) => ({ type: 'application/json', text: `{${text}` })),
      fc.string({ maxLength: 200 }).map((text) => ({ type: 'text/plain', text })),
      fc.constant({ type: 'application/x-www-form-urlencoded', text: 'name=x&role=admin' }),
      fc.constant({ type: 'application/json', text: JSON.stringify({ name: 'x'.repeat(200_000) }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...writes.filter((route) => route.method === 'post')), bodies, async (route, body) => {
        await expectRefusedOrApplied(h, () => admin.agent.post(url(route)).set('X-XSRF-TOKEN', admin.csrf).set('Content-Type', body.type).send(body.text));
      }),
      RUNS,
    );
  });

  it('hostile path ids on reads, patches and deletes are refused without a server error', async () => {
    const withId = ROUTES.filter((route) => route.path.includes('{id}'));
    // Strings go in as they are, other values as their JSON text (String() throws on `{ toString: 'x' }`).
    const asSegment = (value: unknown) => encodePathSegment(typeof value === 'string' ? value : JSON.stringify(value));
    const id = fc.oneof(fc.constantFrom('-1', '0', '1e99', '99999999999999999999', 'abc', '%00', '1;drop', '%27', '..%2f'), hostileValue.map(asSegment));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...withId), id, async (route, value) => {
        const path = route.path.replace('{id}', value).replace('{number}', value);
        const send = () => (route.method === 'get' ? admin.get(path) : route.method === 'delete' ? admin.delete(path) : admin[route.method](path, {}));
        await expectRefusedOrApplied(h, send);
      }),
      RUNS,
    );
  });

  it.each(SEARCH_ROUTES.filter((route) => route.path.startsWith('/api/search') || route.path.startsWith('/api/audit')).map((route) => [route.path] as const))(
    'GET %s: hostile query strings → 200 or 400 problem+json, never 5xx',
    async (path) => {
      const params = [...new Set([...fieldsOf(SearchParamsSchema), 'aggregateId', 'aggregateType'])];
      await fc.assert(
        fc.asyncProperty(fc.oneof(hostileQuery(params), rawQuery), async (query) => {
          const res = await admin.get(`${path}?${query}`);
          expect(res.status, `${query} → ${JSON.stringify(res.body)}`).toBeLessThan(500);
          expect([200, 400]).toContain(res.status);
          if (res.status === 400) expect(res.headers['content-type']).toContain('application/problem+json');
        }),
        { numRuns: 40 },
      );
    },
  );

  it('free text with field:value syntax, quotes and operators cannot break out of the query', async () => {
    const fragment = fc.constantFrom('customer.first_name:', 'status:', '"', "'", '(', ')', '|', '&', '!', ':*', '\\', '--', ';', 'or', 'AND', '*', '%', '_', ' ');
    const text = fc.array(fc.oneof(fragment, fc.string({ unit: 'grapheme', maxLength: 6 })), { maxLength: 12 }).map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom('deliveries', 'orders'), async (q, index) => {
        const res = await admin.get(`/api/search/${index}?q=${encodeURIComponent(q)}`);
        expect([200, 400], `${q} → ${JSON.stringify(res.body)}`).toContain(res.status);
      }),
      { numRuns: 60 },
    );
  });
});
