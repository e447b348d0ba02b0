import connectPgSimple from 'connect-pg-simple';
import session, { type Store } from 'express-session';
import type { RequestHandler } from 'express';
import { createResilientPool, type PoolLogger } from '@dsm/pg-resilience';
import type { Role } from '@dsm/contracts';

declare module 'express-session' {
  interface SessionData {
    userId: number;
    role: Role;
    email: string;
  }
}

export const SESSION_COOKIE = 'dsm.sid';
const EIGHT_HOURS = 8 * 60 * 60 * 1000;
const ONE_MINUTE = 60 * 1000;

export interface SessionStore {
  store: Store;
  close(): Promise<void>;
}

export interface SessionStoreOptions {
  /** A session's expiry is written at most this often (default one minute). */
  touchIntervalMs?: number;
  /** Hears the connections lost (a PostgreSQL restart); console by default. */
  logger?: PoolLogger;
  /** The clock the touch interval is measured on (default `Date.now`; tests pass their own). */
  now?: () => number;
}

/** Sessions live in PostgreSQL (table `sessions`), so a restart keeps everyone signed in. */
export function createSessionStore(databaseUrl: string, options: SessionStoreOptions = {}): SessionStore {
  // A connection dropped by the server (restart, shutdown) is logged and replaced on next use.
  const pool = createResilientPool({ connectionString: databaseUrl, max: 4 }, { name: 'session store', logger: options.logger });
  const PgStore = connectPgSimple(session);
  const store = new PgStore({ pool, tableName: 'sessions', createTableIfMissing: false, pruneSessionInterval: 15 * 60 });
  throttleTouch(store, options.touchIntervalMs ?? ONE_MINUTE, options.now ?? Date.now);
  return {
    store,
    close: async () => {
      store.close();
      await pool.end();
    },
  };
}

/**
 * A rolling session touches its row on every request: a committed write per API call, which
 * under load costs more than the request itself. Extending an eight-hour expiry once a minute
 * is as good, so later touches within the interval are answered without a write. Saves and
 * destroys always go through.
 */
function throttleTouch(store: Store, intervalMs: number, now: () => number): void {
  const touch = store.touch?.bind(store);
  if (!touch || intervalMs <= 0) return;
  const writtenAt = new Map<string, number>();
  const remember = (sid: string) => {
    const at = now();
    // Forget sessions not written for an interval: the map stays as small as the active users.
    if (writtenAt.size > 1000) for (const [id, written] of writtenAt) if (at - written >= intervalMs) writtenAt.delete(id);
    writtenAt.set(sid, at);
  };
  const set = store.set.bind(store);
  const destroy = store.destroy.bind(store);
  store.set = (sid, data, callback) => (remember(sid), set(sid, data, callback));
  store.destroy = (sid, callback) => (writtenAt.delete(sid), destroy(sid, callback));
  store.touch = (sid, data, callback) => {
    if (now() - (writtenAt.get(sid) ?? 0) < intervalMs) return callback?.();
    remember(sid);
    touch(sid, data, callback);
  };
}

export interface SessionSettings {
  secret: string;
  store: Store;
  /** true: always Secure; 'auto': Secure when the request came over HTTPS (honours trust proxy). */
  secureCookies: boolean | 'auto';
}

/** HttpOnly, SameSite=Lax cookie; rolling so an active user is not signed out mid-shift. */
export function sessionMiddleware(settings: SessionSettings): RequestHandler {
  return session({
    name: SESSION_COOKIE,
    secret: settings.secret,
    store: settings.store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: settings.secureCookies, maxAge: EIGHT_HOURS, path: '/' },
  });
}
