import { createHmac } from 'node:crypto';
import { doubleCsrf } from 'csrf-csrf';
import type { Request, Response } from 'express';

/** Angular's HttpClient reads this cookie and echoes it in the header below, out of the box. */
export const CSRF_COOKIE = 'XSRF-TOKEN';
export const CSRF_HEADER = 'x-xsrf-token';

export interface Csrf {
  protect: ReturnType<typeof doubleCsrf>['doubleCsrfProtection'];
  /** Issues (or keeps, if still valid) the token bound to the current session. */
  issue(req: Request, res: Response, fresh?: boolean): string;
}

/**
 * Signed double-submit cookie bound to the session id. Requests without a signed-in session are
 * not checked here: they carry no authority, and the auth middleware answers them with 401.
 * Login is exempt (it replaces the session anyway) and JSON-only, which a cross-site form cannot send.
 */
export function createCsrf(sessionSecret: string, secure: boolean): Csrf {
  const secret = createHmac('sha256', sessionSecret).update('csrf').digest('hex');
  const { doubleCsrfProtection, generateCsrfToken } = doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: (req) => req.session.id,
    cookieName: CSRF_COOKIE,
    // Readable by the SPA on purpose: the defence is that another site can neither read it nor
    // forge the HMAC that binds it to this session.
    cookieOptions: { httpOnly: false, sameSite: 'strict', secure, path: '/' },
    getCsrfTokenFromRequest: (req) => req.get(CSRF_HEADER),
    skipCsrfProtection: (req) => req.session?.userId === undefined || req.originalUrl.split('?')[0] === '/api/auth/login',
    errorConfig: { code: 'EBADCSRFTOKEN' },
  });
  return {
    protect: doubleCsrfProtection,
    issue: (req, res, fresh = false) => generateCsrfToken(req, res, { overwrite: fresh }),
  };
}
