import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';

// CSRF protection without a session row: a signed double-submit token (OWASP's "signed double
// submit cookie"). A random value lives in an HttpOnly cookie; a form carries an HMAC of it under
// the session secret. Another site can neither read the cookie nor forge the HMAC, so a POST whose
// `_csrf` matches its cookie came from one of our pages. For a signed-in volunteer or donor the
// HMAC also covers the session id, so signing out (or an erasure that ends the session) expires the
// forms they had open, as the session-stored token did.
//
// Anonymous form pages (the donor form, request tracking) thus cost no database write, which is what
// lets them be served from the page cache like the home page.

export const CSRF_FIELD = '_csrf';
const COOKIE_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

export class CsrfError extends Error {
  readonly code = 'EBADCSRFTOKEN';
  readonly status = 403;
  constructor() {
    super('invalid csrf token');
  }
}

export interface CsrfOptions {
  secret: string;
  cookieSecure: boolean;
}

export function setUpCsrf(options: CsrfOptions) {
  // The __Host- prefix (HTTPS only) stops a sibling subdomain from planting its own cookie.
  const cookieName = options.cookieSecure ? '__Host-rm.csrf' : 'rm.csrf';
  const sign = (value: string, bound: string) => createHmac('sha256', options.secret).update(`csrf|${value}|${bound}`).digest('base64url');
  const boundTo = (req: Request) => (req.session?.volunteerId != null || req.session?.donorId != null ? req.sessionID : '');
  const cookieOf = (req: Request): string | undefined => {
    const value: unknown = req.cookies?.[cookieName];
    return typeof value === 'string' && /^[0-9a-f]{32}$/.test(value) ? value : undefined;
  };

  /**
   * The token for this visitor's forms; gives them the cookie first if they have none. A page with
   * several forms (a volunteer's record page) asks once per form: the HMAC is computed once.
   */
  const tokenFor = (req: Request, res: Response): string => {
    if (typeof res.locals.csrfTokenValue === 'string') return res.locals.csrfTokenValue;
    let value = cookieOf(req);
    if (!value) {
      // 122 random bits from the CSPRNG; randomUUID draws from a pre-filled buffer, so a first
      // visit costs no system call.
      value = randomUUID().replaceAll('-', '');
      res.cookie(cookieName, value, { httpOnly: true, sameSite: 'lax', secure: options.cookieSecure, path: '/', maxAge: COOKIE_MAX_AGE_MS });
    }
    res.locals.csrfTokenValue = sign(value, boundTo(req));
    return res.locals.csrfTokenValue as string;
  };

  const exposeToken: RequestHandler = (req, res, next) => {
    res.locals.csrfToken = () => tokenFor(req, res);
    next();
  };

  const protect: RequestHandler = (req, _res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    const value = cookieOf(req);
    const sent: unknown = req.body?.[CSRF_FIELD];
    if (!value || typeof sent !== 'string') return next(new CsrfError());
    const expected = Buffer.from(sign(value, boundTo(req)));
    const given = Buffer.from(sent);
    next(given.length === expected.length && timingSafeEqual(given, expected) ? undefined : new CsrfError());
  };

  return { exposeToken, protect, tokenFor };
}
