import type { RequestHandler } from 'express';

// The public pages that are the same for every visitor without a session (home, who can donate,
// privacy) are rendered once a minute per language instead of on every visit: the benchmark's
// busiest public page. Anyone with a session (a volunteer, a flash message, a half-filled form)
// or a query string (?lang=…) gets a fresh render.

export const PAGE_CACHE_TTL_MS = 60_000;

interface Entry {
  at: number;
  body: string;
  type: string;
}

export function anonymousPageCache(paths: readonly string[], options: { sessionCookie: string; now: () => Date }): RequestHandler {
  const cache = new Map<string, Entry>();
  return (req, res, next) => {
    if (req.method !== 'GET' || !paths.includes(req.path) || req.originalUrl !== req.path || req.cookies?.[options.sessionCookie]) return next();
    const key = `${req.lang} ${req.path}`;
    const at = options.now().getTime();
    const hit = cache.get(key);
    if (hit && at - hit.at < PAGE_CACHE_TTL_MS) {
      res.setHeader('X-Page-Cache', 'hit');
      res.type(hit.type);
      res.send(hit.body);
      return;
    }
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      if (res.statusCode === 200 && typeof body === 'string' && !res.getHeader('Set-Cookie')) {
        cache.set(key, { at, body, type: String(res.getHeader('Content-Type') ?? 'text/html; charset=utf-8') });
      }
      return send(body);
    };
    next();
  };
}
