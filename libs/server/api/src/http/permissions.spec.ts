import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, can, type Role } from '@dsm/contracts';
import { SEARCH_ROUTES } from '@dsm/server-search';
import { ROUTES, type RouteDoc } from '../openapi/openapi.routes';
import { createApiHarness, signIn, type ApiHarness, type SignedIn } from '../testing/api-harness';
import { openReadSide, type ReadSide } from '../testing/read-side';

/** Every documented route (the API's and the search API's) × every role, against the matrix in contracts/auth.schema.ts. */
describe('permission matrix', () => {
  let h: ApiHarness;
  let readSide: ReadSide;
  const sessions = {} as Record<Role, SignedIn>;
  beforeAll(async () => {
    readSide = await openReadSide();
    h = await createApiHarness({ extend: readSide.extend });
    for (const role of ROLES) sessions[role] = await signIn(h.app, h.sql, role);
  });
  afterAll(async () => {
    await h.close();
    await readSide.close();
  });

  const guarded = [...ROUTES, ...SEARCH_ROUTES].filter((route) => route.permission !== 'public');
  const url = (route: RouteDoc) => route.path.replace('{id}', '987654').replace('{number}', '1').replace('{type}', 'order_confirmation');
  const call = (session: SignedIn, route: RouteDoc) =>
    route.method === 'get' ? session.get(url(route)) : route.method === 'delete' ? session.delete(url(route)) : session[route.method](url(route), {});

  it.each(guarded.map((route) => [route.method.toUpperCase(), route.path, route] as const))('%s %s needs a session (401)', async (_m, _p, route) => {
    const res = await request(h.app)[route.method](url(route)).send(route.method === 'get' ? undefined : {});
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthenticated');
  });

  const cells = guarded
    .filter((route) => route.path !== '/api/auth/logout')
    .flatMap((route) => ROLES.map((role) => [route.method.toUpperCase(), route.path, role, route] as const));

  it.each(cells)('%s %s as %s', async (_m, _p, role, route) => {
    const allowed = route.permission === 'session' || can(role, route.permission as Parameters<typeof can>[1]);
    const res = await call(sessions[role], route);
    if (allowed) {
      expect([401, 403]).not.toContain(res.status);
      expect(res.status).toBeLessThan(500);
      expect(res.body.detail ?? '').not.toMatch(/^No route/);
    } else {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden');
    }
  });
});
