import type { RequestHandler } from 'express';
import { can, type Actor, type Permission } from '@dsm/contracts';
import { sendProblem } from './problem';

/** Re-reads the signed-in user, so a demotion or deletion applies at once (the API's findUser). */
export type FindUser = (id: number) => Promise<Actor | undefined>;

const REFUSALS: Record<Permission, string> = {
  read: 'read this',
  write: 'change domain data',
  operate: 'control the pipeline',
  admin: 'manage users and preview notifications',
};

/**
 * 401 without a signed-in user, 403 when the role lacks the permission (matrix in
 * contracts/auth.schema.ts). Runs after the API's session middleware.
 */
export function requireRole(permission: Permission, findUser: FindUser): RequestHandler {
  return async (req, res, next) => {
    const userId = (req as { session?: { userId?: unknown } }).session?.userId;
    const user = typeof userId === 'number' ? await findUser(userId) : undefined;
    if (!user) return sendProblem(res, 401, 'unauthenticated', 'Sign in first');
    if (!can(user.role, permission)) return sendProblem(res, 403, 'forbidden', `Your role may not ${REFUSALS[permission]}`);
    next();
  };
}
