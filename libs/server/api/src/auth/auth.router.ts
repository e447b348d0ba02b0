import { Router, type Request, type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { LoginSchema, type SessionInfo } from '@dsm/contracts';
import { AppError } from '../http/app-error';
import { currentUser, type SessionUser } from '../http/auth.middleware';
import { SESSION_COOKIE } from '../http/session.middleware';
import { CSRF_COOKIE, type Csrf } from '../http/csrf.middleware';
import type { AuthService } from './auth.service';

export interface LoginRateLimit {
  windowMs: number;
  /** Failed attempts per window and client address; successful logins do not count. */
  limit: number;
}

export interface AuthRouterDeps {
  auth: AuthService;
  csrf: Csrf;
  requireSession: RequestHandler;
  rateLimit: LoginRateLimit;
}

/** A new session id on every login defeats session fixation; the CSRF token is bound to it. */
async function startSession(req: Request, user: SessionUser): Promise<void> {
  await new Promise<void>((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
  req.session.userId = user.id;
  req.session.role = user.role;
  req.session.email = user.email;
  await new Promise<void>((resolve, reject) => req.session.save((error) => (error ? reject(error) : resolve())));
}

export function authRouter({ auth, csrf, requireSession, rateLimit: limits }: AuthRouterDeps): Router {
  const limiter = rateLimit({
    windowMs: limits.windowMs,
    limit: limits.limit,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new AppError(429, 'too_many_attempts', 'Too many failed sign-ins; wait a few minutes and try again')),
  });
  return Router()
    .post('/login', limiter, async (req, res) => {
      const user = await auth.authenticate(LoginSchema.parse(req.body));
      await startSession(req, user);
      csrf.issue(req, res, true);
      res.json({ user } satisfies SessionInfo);
    })
    .post('/logout', requireSession, async (req, res) => {
      await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
      res.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' }).status(204).end();
    })
    .get('/me', requireSession, (req, res) => {
      csrf.issue(req, res);
      res.json({ user: currentUser(req) } satisfies SessionInfo);
    });
}
