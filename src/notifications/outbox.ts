import type { Sql } from '../db/database';
import type { Language } from '../web/i18n';

// The outbox: callers add a message inside their own transaction, so it is sent if and only if
// the change it reports is committed. Delivery is the worker's job (src/notifications/worker.ts).

export const CHANNELS = ['sms', 'whatsapp', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Every message the portal sends; each has a Hindi and an English text in src/notifications/templates.ts. */
export const TEMPLATES = [
  'donor_verified',
  'donor_rejected',
  'request_verified',
  'request_rejected',
  'donation_asked',
  'request_fulfilled',
  'donation_thanks',
  'eligible_again',
  'login_code',
  'camp_registered',
  'camp_reminder',
] as const;
export type Template = (typeof TEMPLATES)[number];

export interface OutgoingMessage {
  channel: Channel;
  recipient: string;
  template: Template;
  language: Language;
  /** Values the template fills in: reference numbers, dates, first names. Never a donor's number for a family. */
  payload?: Record<string, string | number | null>;
  donorId?: number | undefined;
  requestId?: number | undefined;
  /** Messages that must go once only carry a key; a second add with the same key is ignored. */
  dedupeKey?: string | undefined;
  /** Not before this time (defaults to now). */
  at?: Date | undefined;
}

/** Adds a message to the outbox. Returns its id, or undefined when a message with the same dedupe key exists. */
export async function enqueueNotification(db: Sql, m: OutgoingMessage): Promise<number | undefined> {
  const row = await db.maybeOne<{ id: number }>(
    `insert into notifications (channel, recipient, template, language, payload, donor_id, request_id, dedupe_key, next_attempt_at, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9, now()), coalesce($9, now()), coalesce($9, now()))
     on conflict (dedupe_key) do nothing
     returning id`,
    [m.channel, m.recipient, m.template, m.language, JSON.stringify(m.payload ?? {}), m.donorId ?? null, m.requestId ?? null, m.dedupeKey ?? null, m.at ?? null],
  );
  return row?.id;
}
