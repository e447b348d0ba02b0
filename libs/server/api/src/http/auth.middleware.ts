import type { RequestHandler } from 'express';
import { can, type Permission, type Role } from '@dsm/contracts';
import { AppError } from './app-error';

export interface SessionUser {
  id: number;
  email: string;
  role: Role;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      user?: SessionUser;
    }
  }
}

export type FindUser = (id: number) => Promise<SessionUser | undefined>;

/**
 * Every route behind this needs a session whose user still exists; the role is read from the
 * database on each request so a demotion or deletion takes effect at once.
 */
export function requireSession(findUser: FindUser): RequestHandler {
  return async (req, _res, next) => {
    const userId = req.session?.userId;
    if (userId === undefined) throw new AppError(401, 'unauthenticated', 'Sign in first');
    const user = await findUser(userId);
    if (!user) {
      await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
      throw new AppError(401, 'unauthenticated', 'Your account no longer exists; sign in again');
    }
    req.user = user;
    next();
  };
}

/** 403 unless the signed-in user's role has the permission (matrix in contracts/auth.schema.ts). */
export function requirePermission(permission: Permission): RequestHandler {
  return (req, _res, next) => {
    if (!req.user || !can(req.user.role, permission)) {
      throw new AppError(403, 'forbidden', `Your role may not ${permission === 'read' ? 'read this' : permission === 'write' ? 'change domain data' : permission === 'operate' ? 'control the pipeline' : 'manage users'}`);
    }
    next();
  };
}

/** Reads need `read`; anything that changes data needs `write`. */
export function requireMethodPermission(): RequestHandler {
  const read = requirePermission('read');
  const write = requirePermission('write');
  return (req, res, next) => (['GET', 'HEAD', 'OPTIONS'].includes(req.method) ? read : write)(req, res, next);
}

/** The user `requireSession` attached; a route mounted without it is a programming error. */
export function currentUser(req: Express.Request): SessionUser {
  if (!req.user) throw new AppError(401, 'unauthenticated', 'Sign in first');
  return req.user;
}
