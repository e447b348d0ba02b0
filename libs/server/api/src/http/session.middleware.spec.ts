import type { SessionData } from 'express-session';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@dsm/data/testing';
import { createSessionStore, type SessionStore } from './session.middleware';

const EIGHT_HOURS = 8 * 60 * 60 * 1000;
/** connect-pg-simple stores the cookie's expiry rounded up to the second. */
const stored = (ms: number) => Math.ceil(ms / 1000) * 1000;
const sessionExpiring = (at: number) => ({ cookie: { expires: new Date(at), originalMaxAge: EIGHT_HOURS }, userId: 1, role: 'viewer', email: 'v@test.local' }) as unknown as SessionData;

describe('session store', () => {
  let database: TestDatabase;
  let sql: pg.Client;
  const stores: SessionStore[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('sessions');
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await sql.end();
    await database.drop();
  });

  const open = (touchIntervalMs: number, now?: () => number) => {
    const sessions = createSessionStore(database.url, { touchIntervalMs, now });
    stores.push(sessions);
    const call = (method: 'set' | 'touch' | 'destroy', sid: string, data?: SessionData) =>
      new Promise<void>((resolve, reject) => {
        const done = (error?: unknown) => (error ? reject(error) : resolve());
        if (method === 'destroy') sessions.store.destroy(sid, done);
        else sessions.store[method]?.(sid, data as SessionData, done);
      });
    return call;
  };
  const expiryOf = async (sid: string) => (await sql.query<{ expire: Date }>('select expire from sessions where sid = $1', [sid])).rows[0]?.expire.getTime();

  it('writes a rolling expiry at most once per interval, and always on save', async () => {
    const call = open(60_000);
    const start = Date.now() + EIGHT_HOURS;
    await call('set', 'throttled', sessionExpiring(start));
    await call('touch', 'throttled', sessionExpiring(start + 5_000));
    expect(await expiryOf('throttled')).toBe(stored(start));

    await call('set', 'throttled', sessionExpiring(start + 9_000));
    expect(await expiryOf('throttled')).toBe(stored(start + 9_000));
  });

  it('touches again once the interval has passed, and every time with no interval', async () => {
    let clock = 1_000_000;
    const throttled = open(200, () => clock);
    const start = Date.now() + EIGHT_HOURS;
    await throttled('set', 'later', sessionExpiring(start));
    clock += 199;
    await throttled('touch', 'later', sessionExpiring(start + 3_000));
    expect(await expiryOf('later')).toBe(stored(start));

    clock += 1;
    await throttled('touch', 'later', sessionExpiring(start + 5_000));
    expect(await expiryOf('later')).toBe(stored(start + 5_000));

    const always = open(0);
    await always('set', 'always', sessionExpiring(start));
    await always('touch', 'always', sessionExpiring(start + 7_000));
    expect(await expiryOf('always')).toBe(stored(start + 7_000));
  });

  it('always destroys', async () => {
    const call = open(60_000);
    const start = Date.now() + EIGHT_HOURS;
    await call('set', 'gone', sessionExpiring(start));
    await call('destroy', 'gone');
    expect(await expiryOf('gone')).toBeUndefined();
  });
});
