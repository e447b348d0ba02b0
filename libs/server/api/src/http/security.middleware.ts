import { createHash, randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { AppError } from './app-error';

// Angular's build loads its stylesheet with onload="this.media='all'"; allow exactly that handler.
const ANGULAR_STYLESHEET_ONLOAD = `'sha256-${createHash('sha256').update("this.media='all'").digest('base64')}'`;

/** Helmet's defaults plus a CSP the built web app and the offline API docs work under. */
export function securityHeaders(httpsOnly: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        'script-src-attr': ["'unsafe-hashes'", ANGULAR_STYLESHEET_ONLOAD],
        'connect-src': ["'self'", 'ws:', 'wss:'],
        // Over plain HTTP on a LAN address this would break every request: only when served over HTTPS.
        'upgrade-insecure-requests': httpsOnly ? [] : null,
      },
    },
  });
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Structured request logs; the request id comes from X-Request-Id when sane and is echoed back. */
export function requestLogger(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    // Never log headers: they carry session cookies and CSRF tokens.
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}

/** The API speaks JSON only: any other body is refused before it is parsed. */
export const jsonOnly: RequestHandler = (req, _res, next) => {
  const length = req.headers['content-length'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (hasBody && !req.is('application/json')) {
    throw new AppError(415, 'unsupported_media_type', 'Send the body as application/json');
  }
  next();
};
