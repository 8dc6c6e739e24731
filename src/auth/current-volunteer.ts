import type { Request, RequestHandler, Response } from 'express';
import type { Actor } from '../audit/audit';
import { clientIp, recordAudit } from '../audit/audit';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { sendErrorPage } from '../web/error-pages';
import { findVolunteerWithDistricts } from './auth.queries';

// Who is signed in, checked on every request: the account must still be active, the session
// younger than the absolute limit and used within the idle limit. Jurisdiction is loaded here
// once, and every query that touches donors or requests filters by it in SQL.

export interface CurrentVolunteer extends Actor {
  fullName: string;
  mustChangePassword: boolean;
  /** Districts this person may work on; null for admins, who see everything. */
  districtIds: number[] | null;
}

declare module 'express-session' {
  interface SessionData {
    volunteerId?: number;
    loginAt?: number;
    lastSeenAt?: number;
    flash?: { key: string; params?: Record<string, string | number> };
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    volunteer?: CurrentVolunteer;
  }
}

const LAST_SEEN_PRECISION_MS = 60_000;

export function loadCurrentVolunteer({ db, config, now }: { db: Database; config: Config; now: () => Date }): RequestHandler {
  return async (req, res, next) => {
    const id = req.session?.volunteerId;
    if (!id) return next();
    const at = now().getTime();
    const { loginAt = 0, lastSeenAt = 0 } = req.session;
    const expired = at - lastSeenAt > config.auth.idleMs || at - loginAt > config.auth.absoluteMs;
    const row = expired ? undefined : await findVolunteerWithDistricts(db, id);
    // A password set after this sign-in (an admin's reset) ends the session too.
    const superseded = !!row?.password_changed_at && row.password_changed_at.getTime() > loginAt;
    if (!row || !row.is_active || superseded) {
      const reason = expired ? 'timeout' : superseded ? 'password_reset' : 'inactive';
      await recordAudit(db, { action: 'session_expired', entity: { type: 'volunteer', id }, ip: clientIp(req), details: { reason } });
      await regenerate(req);
      res.locals.sessionEnded = true;
      return next();
    }
    // Saving the session costs a database write; once a minute is precise enough for a 30-minute idle limit.
    if (at - lastSeenAt >= LAST_SEEN_PRECISION_MS) req.session.lastSeenAt = at;
    req.volunteer = {
      id: row.id,
      username: row.username,
      role: row.role,
      fullName: row.full_name,
      mustChangePassword: row.must_change_password,
      districtIds: row.role === 'admin' ? null : (row.district_ids ?? []),
    };
    res.locals.volunteer = req.volunteer;
    next();
  };
}

/** Volunteer pages: anonymous visitors are sent to sign in and brought back afterwards. */
export const requireVolunteer: RequestHandler = (req, res, next) => {
  if (!req.volunteer) return redirectToLogin(req, res);
  if (req.volunteer.mustChangePassword && req.path !== '/account/password') {
    return res.redirect(303, `/account/password?next=${encodeURIComponent(req.originalUrl)}`);
  }
  next();
};

/** Admin pages: volunteers get the 403 page. */
export const requireAdmin: RequestHandler = (req, res, next) => {
  requireVolunteer(req, res, () => {
    if (req.volunteer!.role !== 'admin') return sendErrorPage(res, 403);
    next();
  });
};

function redirectToLogin(req: Request, res: Response) {
  const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
  res.redirect(303, `/login${next}`);
}

/** Only paths on this site: "/volunteer?x=1" yes; "//evil.example", "/\\evil", "https://…" no. */
export function safeNextPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 500) return undefined;
  if (!/^\/(?![/\\])/.test(value) || /[\s\\]/.test(value)) return undefined;
  return value;
}

export function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}

export function destroySession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
}

/** A one-time message shown on the next page. */
export function flash(req: Request, key: string, params?: Record<string, string | number>) {
  req.session.flash = { key, params };
}

export const exposeFlash: RequestHandler = (req, res, next) => {
  if (req.session?.flash) {
    res.locals.flash = req.session.flash;
    delete req.session.flash;
  }
  next();
};
