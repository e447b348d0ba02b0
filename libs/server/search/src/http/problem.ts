import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';
import type { Problem } from '@dsm/contracts';

/** Writes an RFC 9457 problem document, the same shape the API's error middleware sends. */
export function sendProblem(res: Response, status: number, code: string, detail: string, errors?: Problem['errors']): void {
  const body: Problem = { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, code, detail, instance: res.req.originalUrl, errors };
  res.status(status).type('application/problem+json').send(JSON.stringify(body));
}
