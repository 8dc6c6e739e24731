import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';

// The public pages that are the same for every visitor without a session (home, who can donate,
// privacy, and the empty forms: donor registration, tracking, sign-in) are rendered once a minute
// per language instead of on every visit. A form's CSRF token is the one part that differs per
// visitor: the cached copy holds a placeholder that is replaced with the visitor's own token on
// the way out (the token is stateless, so this costs an HMAC, not a database write).
// Anyone with a session (a volunteer, a flash message, a half-filled form) or a query string
// (?lang=…, ?camp=…) gets a fresh render.

export const PAGE_CACHE_TTL_MS = 60_000;
// Random per process, and made only of characters EJS does not escape, so it survives rendering
// and nothing else on a page can spell it.
const TOKEN_HOLE = `csrf-hole-${randomBytes(12).toString('hex')}`;

interface Entry {
  at: number;
  /** The page split where the CSRF token goes (one part when it has no form). */
  parts: string[];
  type: string;
}

interface PageCacheOptions {
  sessionCookie: string;
  now: () => Date;
  csrfToken: (req: Request, res: Response) => string;
}

export function anonymousPageCache(paths: readonly string[], options: PageCacheOptions): RequestHandler {
  const cache = new Map<string, Entry>();
  const fill = (parts: string[], req: Request, res: Response) => (parts.length === 1 ? parts[0]! : parts.join(options.csrfToken(req, res)));
  const setsSession = (res: Response) => {
    const cookies = res.getHeader('Set-Cookie');
    return [cookies ?? []].flat().some((c) => String(c).startsWith(`${options.sessionCookie}=`));
  };

  return (req, res, next) => {
    if (req.method !== 'GET' || !paths.includes(req.path) || req.originalUrl !== req.path || req.cookies?.[options.sessionCookie]) return next();
    const key = `${req.lang} ${req.path}`;
    const at = options.now().getTime();
    const hit = cache.get(key);
    if (hit && at - hit.at < PAGE_CACHE_TTL_MS) {
      res.setHeader('X-Page-Cache', 'hit');
      res.type(hit.type);
      res.send(fill(hit.parts, req, res));
      return;
    }
    res.locals.csrfToken = () => TOKEN_HOLE;
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      if (typeof body !== 'string') return send(body);
      const parts = body.split(TOKEN_HOLE);
      if (res.statusCode === 200 && !setsSession(res)) {
        cache.set(key, { at, parts, type: String(res.getHeader('Content-Type') ?? 'text/html; charset=utf-8') });
      }
      return send(fill(parts, req, res));
    };
    next();
  };
}
