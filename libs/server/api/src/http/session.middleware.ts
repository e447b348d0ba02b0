import connectPgSimple from 'connect-pg-simple';
import session, { type Store } from 'express-session';
import type { RequestHandler } from 'express';
import pg from 'pg';
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

export interface SessionStore {
  store: Store;
  close(): Promise<void>;
}

/** Sessions live in PostgreSQL (table `sessions`), so a restart keeps everyone signed in. */
export function createSessionStore(databaseUrl: string): SessionStore {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  // An idle connection dropped by the server (restart, shutdown) is replaced on next use, not fatal.
  pool.on('error', () => undefined);
  const PgStore = connectPgSimple(session);
  const store = new PgStore({ pool, tableName: 'sessions', createTableIfMissing: false, pruneSessionInterval: 15 * 60 });
  return {
    store,
    close: async () => {
      store.close();
      await pool.end();
    },
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
