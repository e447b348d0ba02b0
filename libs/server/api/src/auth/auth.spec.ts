import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionInfoSchema } from '@dsm/contracts';
import { cookieValue, createApiHarness, createUser, signIn, type ApiHarness } from '../testing/api-harness';

describe('auth routes', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await createApiHarness();
  });
  afterAll(() => h.close());

  it('signs in with a HttpOnly SameSite session cookie and a readable XSRF-TOKEN cookie', async () => {
    const user = await createUser(h.sql, 'viewer');
    const res = await request(h.app).post('/api/auth/login').send({ email: user.email.toUpperCase(), password: user.password }).expect(200);
    expect(SessionInfoSchema.parse(res.body).user).toMatchObject({ email: user.email, role: 'viewer' });
    const cookies = ([] as string[]).concat(res.headers['set-cookie']);
    const session = cookies.find((c) => c.startsWith('dsm.sid='));
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).not.toMatch(/Secure/);
    const xsrf = cookies.find((c) => c.startsWith('XSRF-TOKEN='));
    expect(xsrf).toBeDefined();
    expect(xsrf).not.toMatch(/HttpOnly/);
  });

  it('refuses a wrong password and an unknown e-mail alike with 401 problem+json', async () => {
    const user = await createUser(h.sql, 'viewer');
    const wrong = await request(h.app).post('/api/auth/login').send({ email: user.email, password: 'nope' }).expect(401);
    const unknown = await request(h.app).post('/api/auth/login').send({ email: 'ghost@test.local', password: 'nope' }).expect(401);
    expect(wrong.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    expect(cookieValue(wrong, 'dsm.sid')).toBeUndefined();
  });

  it('rejects a malformed login body with field errors', async () => {
    const res = await request(h.app).post('/api/auth/login').send({ email: 'not-an-email', password: '', extra: 1 }).expect(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['email', 'password']));
  });

  it('refuses a login sent as a form (JSON only, so no cross-site form can sign anyone in)', async () => {
    await request(h.app).post('/api/auth/login').type('form').send('email=a@b.c&password=x').expect(415);
  });

  it('returns the signed-in user from /me and forgets it after logout', async () => {
    const session = await signIn(h.app, h.sql, 'dispatcher');
    const me = await session.get('/api/auth/me').expect(200);
    expect(me.body.user).toEqual({ id: session.user.id, email: session.user.email, role: 'dispatcher' });
    await session.post('/api/auth/logout').expect(204);
    await session.get('/api/auth/me').expect(401);
  });

  it('answers /me without a session with 401', async () => {
    const res = await request(h.app).get('/api/auth/me').expect(401);
    expect(res.body).toMatchObject({ status: 401, code: 'unauthenticated' });
  });

  it('ends the session of a user who was deleted meanwhile', async () => {
    const session = await signIn(h.app, h.sql, 'viewer');
    await h.sql.query('delete from users where id = $1', [session.user.id]);
    await session.get('/api/organizations').expect(401);
  });

  it('applies a role change on the next request, without a new login', async () => {
    const session = await signIn(h.app, h.sql, 'dispatcher');
    await session.post('/api/organizations', { name: 'Allowed Co' }).expect(201);
    await h.sql.query("update users set role = 'viewer' where id = $1", [session.user.id]);
    await session.post('/api/organizations', { name: 'Refused Co' }).expect(403);
  });
});

describe('CSRF defence', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await createApiHarness();
  });
  afterAll(() => h.close());

  it('refuses a signed-in write without the X-XSRF-TOKEN header and writes nothing', async () => {
    const session = await signIn(h.app, h.sql, 'dispatcher');
    const res = await session.agent.post('/api/organizations').send({ name: 'Forged' }).expect(403);
    expect(res.body.code).toBe('csrf');
    expect((await h.sql.query("select 1 from organizations where name = 'Forged'")).rowCount).toBe(0);
  });

  it('refuses a header that does not match the cookie', async () => {
    const session = await signIn(h.app, h.sql, 'dispatcher');
    await session.agent.post('/api/organizations').set('X-XSRF-TOKEN', `${session.csrf}x`).send({ name: 'Forged' }).expect(403);
  });

  it('refuses a token issued to another session', async () => {
    const victim = await signIn(h.app, h.sql, 'dispatcher');
    const attacker = await signIn(h.app, h.sql, 'dispatcher');
    await victim.agent.post('/api/organizations').set('X-XSRF-TOKEN', attacker.csrf).send({ name: 'Forged' }).expect(403);
  });

  it('issues a new token bound to the new session on every login', async () => {
    const first = await signIn(h.app, h.sql, 'dispatcher');
    const again = await first.agent.post('/api/auth/login').send({ email: first.user.email, password: first.user.password }).expect(200);
    const fresh = cookieValue(again, 'XSRF-TOKEN');
    expect(fresh).not.toBe(first.csrf);
    await first.agent.post('/api/organizations').set('X-XSRF-TOKEN', first.csrf).send({ name: 'Stale' }).expect(403);
    await first.agent.post('/api/organizations').set('X-XSRF-TOKEN', fresh!).send({ name: 'Fresh' }).expect(201);
  });
});

describe('login rate limiting', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await createApiHarness({ loginRateLimit: { windowMs: 60_000, limit: 3 } });
  });
  afterAll(() => h.close());

  it('answers 429 after too many failed sign-ins, even with the right password', async () => {
    const user = await createUser(h.sql, 'viewer');
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await request(h.app).post('/api/auth/login').send({ email: user.email, password: 'wrong' }).expect(401);
    }
    const blocked = await request(h.app).post('/api/auth/login').send({ email: user.email, password: user.password }).expect(429);
    expect(blocked.body.code).toBe('too_many_attempts');
  });
});
