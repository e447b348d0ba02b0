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
import { createCsrf, type Csrf } from './http/csrf.middleware';
import { requireMethodPermission, requirePermission, requireSession, type FindUser } from './http/auth.middleware';
import { authRouter, type LoginRateLimit } from './auth/auth.router';
import { createAuthService } from './auth/auth.service';
import { createUserRepository } from './users/user.repository';
import { createUserService } from './users/user.service';
import { userRouter } from './users/user.router';
import { healthRouter } from './health/health.router';
import { openApiRouter } from './openapi/openapi.router';
import type { RouteDoc } from './openapi/openapi.routes';
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
  /** More routes (e.g. the pipeline monitor), mounted before the API's own 404. */
  extend?: (kit: AppKit) => RequestHandler[];
  /** Documentation of the routes `extend` mounts, for /api/openapi.json. */
  extraRoutes?: readonly RouteDoc[];
}

/** The API's session and CSRF machinery, for other entry points (socket.io, monitor routes). */
export interface AppKit {
  /** express-session with the API's cookie and store; a no-op when it already ran. */
  session: RequestHandler;
  /** Cookie parsing + the double-submit check (a no-op without a signed-in session). */
  csrfProtection: RequestHandler;
  /** The signed-in user as the database has it now (role changes apply at once). */
  findUser: FindUser;
}

/** The whole HTTP application, without listening: used by tests (supertest) and by startServer. */
export function createApp(deps: AppDeps): Express {
  return buildApp(deps).app;
}

export function buildApp(deps: AppDeps): { app: Express; kit: AppKit } {
  const app = express();
  const users = createUserRepository(deps.db);
  const auth = createAuthService(users);
  const csrf = createCsrf(deps.sessionSecret, deps.httpsOnly ?? false);
  const secureCookies = deps.httpsOnly ? true : deps.trustProxy ? 'auto' : false;
  const session = sessionMiddleware({ secret: deps.sessionSecret, store: deps.sessionStore, secureCookies });
  const kit: AppKit = { session, csrfProtection: composeCsrf(csrf), findUser: (id) => auth.findUser(id) };
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(requestLogger(deps.logger ?? pino({ level: 'silent' })), securityHeaders(deps.httpsOnly ?? false));
  app.use(healthRouter(deps.db.sequelize));
  for (const handler of deps.extend?.(kit) ?? []) app.use(handler);
  app.use('/api', apiRouter(deps, kit, csrf, createUserService(users, createWriter(deps.db.sequelize)), auth));
  if (deps.webDir) app.use(webAppMiddleware(deps.webDir));
  app.use(notFoundMiddleware, errorMiddleware);
  return { app, kit };
}

function composeCsrf(csrf: Csrf): RequestHandler {
  const parseCookies = cookieParser();
  return (req, res, next) => parseCookies(req, res, (error?: unknown) => (error ? next(error) : csrf.protect(req, res, next)));
}

function apiRouter(deps: AppDeps, kit: AppKit, csrf: Csrf, userService: ReturnType<typeof createUserService>, auth: ReturnType<typeof createAuthService>): Router {
  const apiDeps: ApiDeps = { db: deps.db, writer: createWriter(deps.db.sequelize) };
  const signedIn = requireSession(kit.findUser);
  const router = Router()
    .use(jsonOnly, express.json({ limit: deps.bodyLimit ?? '100kb' }))
    .use(kit.session, kit.csrfProtection)
    .use(openApiRouter(deps.extraRoutes))
    .use('/auth', authRouter({ auth, csrf, requireSession: signedIn, rateLimit: deps.loginRateLimit ?? { windowMs: 15 * 60_000, limit: 10 } }))
    .use('/users', signedIn, requirePermission('admin'), userRouter(userService));
  for (const [path, routes] of domainRouters(apiDeps)) router.use(path, signedIn, requireMethodPermission(), routes);
  return router.use(notFoundMiddleware);
}
