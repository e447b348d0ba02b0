import type { Request, RequestHandler } from 'express';
import { can, type Actor, type Permission } from '@dsm/contracts';
import { resolveSessionUser, type FindUser } from '../gateway/socket-session';
import { sendProblem } from './problem';

const USER = Symbol('monitor user');
type WithUser = Request & { [USER]?: Actor };

/** 401 without a signed-in user, 403 when the role lacks the permission (matrix in auth.schema.ts). */
export function requireUser(permission: Permission, findUser?: FindUser): RequestHandler {
  return async (req, res, next) => {
    const user = await resolveSessionUser(req, findUser);
    if (!user) return sendProblem(res, 401, 'unauthenticated', 'Sign in first');
    if (!can(user.role, permission)) return sendProblem(res, 403, 'forbidden', `Your role may not ${permission === 'operate' ? 'control the pipeline' : 'watch the pipeline'}`);
    (req as WithUser)[USER] = user;
    next();
  };
}

export function userOf(req: Request): Actor {
  const user = (req as WithUser)[USER];
  if (!user) throw new Error('requireUser must run before this route');
  return user;
}
