import express, { Router, type Express, type RequestHandler } from 'express';
import cookieParser from 'cookie-parser';
import type { Store } from 'express-session';
import pino, { type Logger } from 'pino';
import type { Database } from '@dsm/data';
import type { ApiDeps } from './api-deps';
import { createWriter } from './db/write-transaction';
import { errorMiddleware, notFoundMiddleware } from './http/error.middleware';
import { jsonOnly, requestLogger, securityHeaders } from './http/security.middleware';
import { sessionMiddleware } from './http/session.middleware';
import { createCsrf } from './http/csrf.middleware';
import { requireMethodPermission, requirePermission, requireSession } from './http/auth.middleware';
import { authRouter, type LoginRateLimit } from './auth/auth.router';
import { createAuthService } from './auth/auth.service';
import { createUserRepository } from './users/user.repository';
import { createUserService } from './users/user.service';
import { userRouter } from './users/user.router';
import { healthRouter } from './health/health.router';
import { openApiRouter } from './openapi/openapi.router';
import { domainRouters } from './domain.routers';
import { webAppMiddleware } from './server/web-app';

export interface AppDeps {
  db: Database;
  sessionStore: Store;
  /** Signs session cookies and, derived, CSRF tokens. Never a default: see session-secret.ts. */
  sessionSecret: string;
  logger?: Logger;
  /** Express `trust proxy` (e.g. 1 behind one reverse proxy); cookies become Secure over HTTPS. */
  trustProxy?: boolean | number | string;
  /** Always mark cookies Secure (serve over HTTPS only). */
  httpsOnly?: boolean;
  loginRateLimit?: LoginRateLimit;
  bodyLimit?: string;
  /** Folder of the built web app (index.html), served with a SPA fallback. */
  webDir?: string;
}

/** The whole HTTP application, without listening: used by tests (supertest) and by startServer. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  const logger = deps.logger ?? pino({ level: 'silent' });
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(requestLogger(logger), securityHeaders(deps.httpsOnly ?? false));
  app.use(healthRouter(deps.db.sequelize));
  app.use('/api', apiRouter(deps));
  if (deps.webDir) app.use(webAppMiddleware(deps.webDir));
  app.use(notFoundMiddleware, errorMiddleware);
  return app;
}

function apiRouter(deps: AppDeps): Router {
  const apiDeps: ApiDeps = { db: deps.db, writer: createWriter(deps.db.sequelize, deps.db.models) };
  const users = createUserRepository(deps.db);
  const auth = createAuthService(users);
  const csrf = createCsrf(deps.sessionSecret, deps.httpsOnly ?? false);
  const session = requireSession((id) => auth.findUser(id));
  const secureCookies = deps.httpsOnly ? true : deps.trustProxy ? 'auto' : false;
  const router = Router()
    .use(jsonOnly, express.json({ limit: deps.bodyLimit ?? '100kb' }))
    .use(sessionMiddleware({ secret: deps.sessionSecret, store: deps.sessionStore, secureCookies }), cookieParser(), csrf.protect)
    .use(openApiRouter())
    .use('/auth', authRouter({ auth, csrf, requireSession: session, rateLimit: deps.loginRateLimit ?? { windowMs: 15 * 60_000, limit: 10 } }))
    .use('/users', session, requirePermission('admin'), userRouter(createUserService(users, apiDeps.writer)));
  const domain: RequestHandler[] = [session, requireMethodPermission()];
  for (const [path, routes] of domainRouters(apiDeps)) router.use(path, ...domain, routes);
  return router.use(notFoundMiddleware);
}
