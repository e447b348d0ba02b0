import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserRecordSchema, pageOf } from '@dsm/contracts';
import { createApiHarness, rowCounts, signIn, type ApiHarness, type SignedIn } from '../testing/api-harness';

describe('user administration', () => {
  let h: ApiHarness;
  let admin: SignedIn;
  beforeAll(async () => {
    h = await createApiHarness();
    admin = await signIn(h.app, h.sql, 'admin');
  });
  afterAll(() => h.close());

  it('creates a user who can then sign in, never exposing the hash, and audits it', async () => {
    const res = await admin.post('/api/users', { email: 'New.Dispatcher@Example.com', password: 'long enough pw', role: 'dispatcher' }).expect(201);
    const user = UserRecordSchema.strict().parse(res.body.data);
    expect(user).toMatchObject({ email: 'new.dispatcher@example.com', role: 'dispatcher' });
    await request(h.app).post('/api/auth/login').send({ email: 'new.dispatcher@example.com', password: 'long enough pw' }).expect(200);
    const audit = await h.sql.query('select action, target_email, actor_id::int from user_audit where xmin::text = $1', [res.body.txId]);
    expect(audit.rows).toEqual([{ action: 'user.created', target_email: 'new.dispatcher@example.com', actor_id: admin.user.id }]);
    const list = pageOf(UserRecordSchema.strict()).parse((await admin.get('/api/users?role=dispatcher').expect(200)).body);
    expect(list.items.map((u) => u.email)).toContain('new.dispatcher@example.com');
  });

  it('changes a role and a password', async () => {
    const created = (await admin.post('/api/users', { email: 'promote@example.com', password: 'first password', role: 'viewer' }).expect(201)).body.data;
    await admin.patch(`/api/users/${created.id}`, { role: 'operator', password: 'second password' }).expect(200);
    const login = await request(h.app).post('/api/auth/login').send({ email: 'promote@example.com', password: 'second password' }).expect(200);
    expect(login.body.user.role).toBe('operator');
  });

  it('refuses a duplicate e-mail (any case) with 409 and a short password with 400, writing nothing', async () => {
    await admin.post('/api/users', { email: 'dup@example.com', password: 'long enough pw', role: 'viewer' }).expect(201);
    const before = await rowCounts(h.sql);
    const duplicate = await admin.post('/api/users', { email: 'DUP@example.com', password: 'long enough pw', role: 'viewer' }).expect(409);
    expect(duplicate.body.errors).toEqual([{ path: 'email', message: 'Already taken' }]);
    const short = await admin.post('/api/users', { email: 'short@example.com', password: 'short', role: 'viewer' }).expect(400);
    expect(short.body.errors).toEqual([{ path: 'password', message: 'Use at least 10 characters' }]);
    await admin.post('/api/users', { email: 'role@example.com', password: 'long enough pw', role: 'root' }).expect(400);
    expect(await rowCounts(h.sql)).toEqual(before);
  });

  it('never removes or demotes the last admin, and an admin cannot delete themself', async () => {
    await h.sql.query("delete from users where role = 'admin' and id <> $1", [admin.user.id]);
    await admin.patch(`/api/users/${admin.user.id}`, { role: 'viewer' }).expect(409);
    await admin.delete(`/api/users/${admin.user.id}`).expect(409);
    const other = (await admin.post('/api/users', { email: 'second.admin@example.com', password: 'long enough pw', role: 'admin' }).expect(201)).body.data;
    await admin.delete(`/api/users/${other.id}`).expect(200);
    await admin.get(`/api/users/${other.id}`).expect(404);
  });
});
