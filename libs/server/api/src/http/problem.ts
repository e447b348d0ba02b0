import type { Response } from 'express';
import type { Problem } from '@dsm/contracts';
import { STATUS_CODES } from 'node:http';

/** Writes an RFC 9457 problem document. */
export function sendProblem(res: Response, problem: Omit<Problem, 'type' | 'title'> & { title?: string }): void {
  const body: Problem = {
    type: 'about:blank',
    title: problem.title ?? STATUS_CODES[problem.status] ?? 'Error',
    ...problem,
  };
  res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
}
