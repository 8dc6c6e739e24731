import type { Sql } from '../db/database';
import type { Language } from '../web/i18n';
import type { Channel } from './outbox';

// SQL of the outbox's delivery and its admin page. Adding messages is in outbox.ts.

export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export interface ClaimedNotification {
  [key: string]: unknown;
  id: number;
  channel: Channel;
  recipient: string;
  template: string;
  language: string;
  payload: Record<string, unknown>;
  /** Including this one; also the claim's token (a later claim of the same row has a higher count). */
  attempts: number;
  created_at: Date;
}

/**
 * Takes up to `limit` due messages for one worker: waiting ones whose time has come, and ones a
 * worker claimed but never finished (its lock ran out: it crashed or was killed). One statement,
 * so one short transaction; `skip locked` lets two workers claim at once without taking the same
 * row, and a claimed row stays out of others' reach until `lockedUntil`.
 */
export function claimDueNotifications(db: Sql, at: Date, lockedUntil: Date, limit: number): Promise<ClaimedNotification[]> {
  return db.many<ClaimedNotification>(
    `with due as (
       select id from notifications
       where next_attempt_at <= $1 and (status = 'pending' or (status = 'sending' and locked_until <= $1))
       order by next_attempt_at, id
       limit $3
       for update skip locked
     )
     update notifications n
     set status = 'sending', locked_until = $2, attempts = n.attempts + 1, updated_at = $1
     from due where n.id = due.id
     returning n.id, n.channel, n.recipient, n.template, n.language, n.payload, n.attempts, n.created_at`,
    [at, lockedUntil, limit],
  );
}

// A sign-in code is a secret: once its message is sent or given up, the code leaves the outbox.
const forgetSecrets = `payload = case when template = 'login_code' then '{}'::jsonb else payload end`;

/** Delivered. Recorded even if the claim ran out meanwhile: the message did go. */
export function markSent(db: Sql, id: number, at: Date): Promise<number> {
  return db.exec(
    `update notifications set status = 'sent', sent_at = $2, locked_until = null, last_error = null, updated_at = $2, ${forgetSecrets}
     where id = $1 and status = 'sending'`,
    [id, at],
  );
}

/** Back to waiting until nextAt; only while this worker's claim (attempt number) still holds the row. */
export function scheduleRetry(db: Sql, id: number, attempts: number, at: Date, nextAt: Date, error: string): Promise<number> {
  return db.exec(
    `update notifications set status = 'pending', next_attempt_at = $4, locked_until = null, last_error = $5, updated_at = $3
     where id = $1 and status = 'sending' and attempts = $2`,
    [id, attempts, at, nextAt, error],
  );
}

/** Given up: 'failed' (refused, or out of attempts) or 'cancelled' (no longer worth sending). */
export function markGivenUp(db: Sql, id: number, attempts: number, at: Date, status: 'failed' | 'cancelled', error: string): Promise<number> {
  return db.exec(
    `update notifications set status = $4, locked_until = null, last_error = $5, updated_at = $3, ${forgetSecrets}
     where id = $1 and status = 'sending' and attempts = $2`,
    [id, attempts, at, status, error],
  );
}

/** Hands back claimed messages that were not tried (the worker is stopping); the claim does not count as an attempt. */
export function releaseClaims(db: Sql, claims: Array<{ id: number; attempts: number }>, at: Date): Promise<number> {
  return db.exec(
    `update notifications n set status = 'pending', locked_until = null, attempts = n.attempts - 1, updated_at = $3
     from unnest($1::bigint[], $2::int[]) as c(id, attempts)
     where n.id = c.id and n.status = 'sending' and n.attempts = c.attempts`,
    [claims.map((c) => c.id), claims.map((c) => c.attempts), at],
  );
}

export interface NotificationListRow {
  [key: string]: unknown;
  id: number;
  channel: Channel;
  recipient: string;
  template: string;
  language: Language;
  status: NotificationStatus;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

export function listRecentNotifications(db: Sql, options: { status?: NotificationStatus | undefined; limit: number }): Promise<NotificationListRow[]> {
  return db.many<NotificationListRow>(
    `select id, channel, recipient, template, language, status, attempts, next_attempt_at, last_error, created_at, sent_at
     from notifications
     where $1::text is null or status = $1
     order by created_at desc, id desc
     limit $2`,
    [options.status ?? null, options.limit],
  );
}

/**
 * A failed message goes back to the queue now, with a fresh set of attempts. Returns 'retried',
 * 'not_failed' (it is waiting, sending or sent: nothing to do) or undefined for an unknown id.
 */
export async function retryFailedNotification(db: Sql, id: number, at: Date): Promise<'retried' | 'not_failed' | undefined> {
  const updated = await db.exec(
    `update notifications set status = 'pending', attempts = 0, next_attempt_at = $2, locked_until = null, updated_at = $2
     where id = $1 and status = 'failed'`,
    [id, at],
  );
  if (updated) return 'retried';
  const exists = await db.maybeOne('select 1 as found from notifications where id = $1', [id]);
  return exists ? 'not_failed' : undefined;
}

export interface DonorContact {
  [key: string]: unknown;
  id: number;
  phone: string | null;
  email: string | null;
  preferred_language: Language;
}

export function findDonorContact(db: Sql, id: number): Promise<DonorContact | undefined> {
  return db.maybeOne<DonorContact>('select id, phone, email, preferred_language from donors where id = $1', [id]);
}

export interface RequesterContact {
  [key: string]: unknown;
  id: number;
  reference: string;
  contact_phone: string;
  preferred_language: Language;
}

export function findRequesterContact(db: Sql, id: number): Promise<RequesterContact | undefined> {
  return db.maybeOne<RequesterContact>('select id, reference, contact_phone, preferred_language from blood_requests where id = $1', [id]);
}
