import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { SearchQueryError } from '@dsm/search';
import { UnsupportedFilterError } from '../search/search-query.mapper';
import { sendProblem } from './problem';

/**
 * A query the index cannot answer as asked is the caller's mistake: 400 with the index's own
 * message (written for the person typing), never a 500. Anything else goes on to the API's handler.
 */
export const searchErrorMiddleware: ErrorRequestHandler = (error, _req, res, next) => {
  if (res.headersSent) return next(error);
  if (error instanceof ZodError) {
    const errors = error.issues.map((issue) => ({ path: issue.path.join('.') || '(query)', message: issue.message }));
    return sendProblem(res, 400, 'validation', 'The request has invalid fields', errors);
  }
  if (error instanceof SearchQueryError) {
    return sendProblem(res, 400, 'invalid_query', error.message, error.field ? [{ path: error.field, message: error.message }] : undefined);
  }
  if (error instanceof UnsupportedFilterError) return sendProblem(res, 400, 'invalid_query', error.message, [{ path: error.param, message: error.message }]);
  next(error);
};
