import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { RoleSchema, type Actor } from '@dsm/contracts';

/** What the API's login stores in the express-session (see server-api session.middleware.ts). */
const SessionUserSchema = z.object({ userId: z.number().int().positive(), email: z.string(), role: RoleSchema });

/** Re-reads a user so a demotion or deletion takes effect on the socket too. */
export type FindUser = (id: number) => Promise<Actor | undefined>;

/** The API's express-session middleware. */
export type SessionMiddleware = RequestHandler;

type EngineMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

type EngineRequest = IncomingMessage & { _query?: Record<string, string>; session?: unknown };

/**
 * Runs the API's session middleware on the socket.io handshake only: later long-polling requests
 * of an open connection carry a `sid` and need no session (socket.io's documented pattern).
 */
export function onlyForHandshake(middleware: SessionMiddleware): EngineMiddleware {
  return (req, res, next) => {
    const isHandshake = (req as EngineRequest)._query?.['sid'] === undefined;
    // express-session reads only what a plain Node request and response have.
    if (isHandshake) void middleware(req as Request, res as Response, next);
    else next();
  };
}

/** The signed-in user of a handshake request, or null for no (or a stale) session. */
export async function resolveSessionUser(req: IncomingMessage, findUser?: FindUser): Promise<Actor | null> {
  const parsed = SessionUserSchema.safeParse((req as EngineRequest).session);
  if (!parsed.success) return null;
  const { userId, email, role } = parsed.data;
  if (!findUser) return { id: userId, email, role };
  return (await findUser(userId)) ?? null;
}
