import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { FindUser, SessionMiddleware } from '../gateway/socket-session';
import { sendProblem } from './problem';
import { requireUser } from './request-user';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
// A reverse proxy on the same host connects from loopback too; these headers give it away.
const FORWARDED = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

/** A request made on this machine itself (a local scraper), not relayed by a proxy. */
export function isLocalRequest(req: Pick<Request, 'socket' | 'headers'>): boolean {
  const address = req.socket.remoteAddress ?? '';
  return LOOPBACK.has(address) && FORWARDED.every((header) => req.headers[header] === undefined);
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Who may read GET /metrics. With a token configured: only `Authorization: Bearer <token>` (what
 * a Prometheus scrape config sends; no session, no exceptions). Without one: a scraper on the
 * same machine (loopback, not proxied), or a signed-in operator or admin — the figures name
 * topics, groups and error counts, which viewers and the internet need not see.
 */
export function metricsAccess(options: { token?: string; sessionMiddleware: SessionMiddleware; findUser?: FindUser }): RequestHandler {
  const { token } = options;
  if (token) {
    return (req, res, next) => {
      const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
      if (match && sameToken(match[1], token)) return next();
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      sendProblem(res, 401, 'unauthenticated', 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>');
    };
  }
  const operator = requireUser('operate', options.findUser);
  return (req, res, next) => {
    if (isLocalRequest(req)) return next();
    options.sessionMiddleware(req, res, (error?: unknown) => (error ? next(error) : operator(req, res, next)));
  };
}
