import type { RequestHandler } from 'express';

/**
 * Whoever has a session sees pages about themselves or about others: a volunteer's queue and the
 * donors' numbers, a donor's own details, a family's request. Such pages are never stored, by the
 * browser or anything on the way, so the back button after signing out or a shared computer's
 * cache shows nothing. Visitors without a session get the public pages like everyone else; a
 * route may still say otherwise (the public statistics stay cacheable).
 */
export function noStoreWithSession(sessionCookie: string): RequestHandler {
  return (req, res, next) => {
    if (req.cookies?.[sessionCookie]) res.set('Cache-Control', 'private, no-store');
    next();
  };
}
