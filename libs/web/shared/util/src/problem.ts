import { HttpErrorResponse } from '@angular/common/http';
import { type Problem, ProblemSchema } from '@dsm/contracts';

/**
 * Turns any failure of an API call into a problem document, so screens handle one shape: the
 * server's problem+json when it sent one, otherwise a problem describing the transport failure.
 */
export function toProblem(error: unknown): Problem {
  if (error instanceof HttpErrorResponse) {
    const parsed = ProblemSchema.safeParse(error.error);
    if (parsed.success) return parsed.data;
    if (error.status === 0) {
      return { type: 'about:blank', title: 'Offline', status: 0, detail: 'The server cannot be reached' };
    }
    return { type: 'about:blank', title: error.statusText || 'Error', status: error.status, detail: error.message };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { type: 'about:blank', title: 'Error', status: 0, detail };
}

/** A one-line message for a snack bar. */
export function problemMessage(problem: Problem): string {
  return problem.detail ?? problem.title;
}
