import type { Request, RequestHandler } from 'express';
import { destroySession, flash, regenerate } from '../auth/current-volunteer';
import type { Config } from '../config';
import type { Sql } from '../db/database';

// A signed-in donor lives in the same session as a volunteer might, under keys of its own,
// with the same idle and absolute limits. Signing in or out as a donor keeps a volunteer's
// sign-in in the same browser.

declare module 'express-session' {
  interface SessionData {
    donorId?: number;
    donorLoginAt?: number;
    donorLastSeenAt?: number;
    /** The number a code was asked for, until the code is entered. */
    donorLoginPhone?: string;
    /** Where to go after signing in (a page on this site, such as a camp's). */
    donorLoginNext?: string;
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    donorId?: number;
  }
}

const VOLUNTEER_KEYS = ['volunteerId', 'loginAt', 'lastSeenAt'] as const;

export function loadCurrentDonor({ db, config, now }: { db: Sql; config: Config; now: () => Date }): RequestHandler {
  return async (req, res, next) => {
    const id = req.session?.donorId;
    if (!id) return next();
    const at = now().getTime();
    const { donorLoginAt = 0, donorLastSeenAt = 0 } = req.session;
    const expired = at - donorLastSeenAt > config.auth.idleMs || at - donorLoginAt > config.auth.absoluteMs;
    const present = !expired && (await db.maybeOne('select 1 from donors where id = $1 and erased_at is null', [id]));
    if (!present) {
      forgetDonor(req);
      if (expired) flash(req, 'me.session_ended');
      return next();
    }
    // As for volunteers: a session write at most once a minute.
    if (at - donorLastSeenAt >= 60_000) req.session.donorLastSeenAt = at;
    req.donorId = id;
    next();
  };
}

/** Donor pages: anyone else is sent to the sign-in page. */
export const requireDonor: RequestHandler = (req, res, next) => {
  if (!req.donorId) return res.redirect(303, '/me/login');
  next();
};

/** A new session id (session fixation), keeping a volunteer's sign-in in the same browser. */
export async function startDonorSession(req: Request, donorId: number, at: Date, idleMs: number): Promise<void> {
  const kept = Object.fromEntries(VOLUNTEER_KEYS.filter((k) => req.session[k] !== undefined).map((k) => [k, req.session[k]]));
  await regenerate(req);
  Object.assign(req.session, kept, { donorId, donorLoginAt: at.getTime(), donorLastSeenAt: at.getTime() });
  req.session.cookie.maxAge = idleMs;
}

function forgetDonor(req: Request) {
  delete req.session.donorId;
  delete req.session.donorLoginAt;
  delete req.session.donorLastSeenAt;
  delete req.session.donorLoginPhone;
}

/** Signs the donor out: the whole session goes unless a volunteer is signed in with it too. */
export async function endDonorSession(req: Request): Promise<'destroyed' | 'kept'> {
  if (req.session.volunteerId) {
    forgetDonor(req);
    return 'kept';
  }
  await destroySession(req);
  return 'destroyed';
}
