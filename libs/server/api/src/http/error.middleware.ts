import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { AppError } from './app-error';
import { fromDatabaseError } from './db-error';
import { sendProblem } from './problem';

/** body-parser and http-errors mark client errors with `type`/`status`. */
interface HttpLikeError {
  type?: string;
  status?: number;
  statusCode?: number;
  code?: string;
  expose?: boolean;
}

const BODY_ERRORS: Record<string, { status: number; detail: string }> = {
  'entity.parse.failed': { status: 400, detail: 'The body is not valid JSON' },
  'entity.too.large': { status: 413, detail: 'The body is too large' },
  'encoding.unsupported': { status: 415, detail: 'Unsupported content encoding' },
  'charset.unsupported': { status: 415, detail: 'Unsupported charset' },
};

function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) {
    const errors = error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message }));
    return new AppError(400, 'validation', 'The request has invalid fields', errors);
  }
  const http = error as HttpLikeError;
  const known = http?.type ? BODY_ERRORS[http.type] : undefined;
  if (known && http.type) return new AppError(known.status, http.type.replace('.', '_'), known.detail);
  // The router marks a path with a broken percent-escape (`/api/orders/%2`) 400 but not `expose`.
  if (error instanceof URIError) return new AppError(400, 'bad_request', 'The URL has a malformed percent-escape');
  if (http?.code === 'EBADCSRFTOKEN') return new AppError(403, 'csrf', 'Missing or invalid CSRF token: send the XSRF-TOKEN cookie value as the X-XSRF-TOKEN header');
  const status = http?.status ?? http?.statusCode;
  if (status && status >= 400 && status < 500 && http.expose) return new AppError(status, 'bad_request', (error as Error).message);
  return fromDatabaseError(error);
}

/** One place turns every failure into problem+json; only unexpected ones are logged, never sent. */
export const errorMiddleware: ErrorRequestHandler = (error, req, res, next) => {
  // A response already under way can only be cut off; Express's default handler does that.
  if (res.headersSent) return next(error);
  const known = toAppError(error);
  if (known) {
    sendProblem(res, { status: known.status, code: known.code, detail: known.message, instance: req.originalUrl, errors: known.errors });
    return;
  }
  req.log?.error({ err: error }, 'request failed');
  sendProblem(res, { status: 500, code: 'internal', detail: 'Something went wrong on our side; it has been logged', instance: req.originalUrl });
};

export const notFoundMiddleware: RequestHandler = (req) => {
  throw new AppError(404, 'not_found', `No route for ${req.method} ${req.path}`);
};
