import type { Sql } from '../db/database';
import type { Language } from '../web/i18n';
import { enqueueNotification, type Channel, type OutgoingMessage, type Template } from './outbox';
import { findDonorContact, findRequesterContact } from './notifications.queries';

// Who gets a message on which channel. Call these inside the transaction of the change they
// report: the message is queued if and only if the change is committed.

export type Payload = NonNullable<OutgoingMessage['payload']>;

export interface NotifyOptions {
  /** Once only: a second call with the same key adds nothing (a per-channel suffix is appended). */
  dedupeKey?: string | undefined;
  /** Not before this time. */
  at?: Date | undefined;
  /** The request a donor message is about (a donation asked for), for the record pages. */
  requestId?: number | undefined;
}

const DEDUPE_KEY_MAX = 100 - ':email'.length;

function channelKey(key: string | undefined, channel: Channel): string | undefined {
  if (key === undefined) return undefined;
  if (key.length > DEDUPE_KEY_MAX) throw new Error(`dedupeKey is longer than ${DEDUPE_KEY_MAX} characters`);
  return `${key}:${channel}`;
}

/**
 * A message to a donor: an SMS to their phone, and an e-mail as well when they gave an address.
 * An erased donor (no phone) gets nothing. Returns the ids of the messages added.
 */
export async function notifyDonor(
  db: Sql,
  donor: { id: number; phone: string | null; email: string | null; preferred_language: Language },
  template: Template,
  payload: Payload = {},
  options: NotifyOptions = {},
): Promise<number[]> {
  if (!donor.phone) return [];
  const common = { template, language: donor.preferred_language, payload, donorId: donor.id, requestId: options.requestId, at: options.at };
  const ids = [await enqueueNotification(db, { ...common, channel: 'sms', recipient: donor.phone, dedupeKey: channelKey(options.dedupeKey, 'sms') })];
  if (donor.email) {
    ids.push(await enqueueNotification(db, { ...common, channel: 'email', recipient: donor.email, dedupeKey: channelKey(options.dedupeKey, 'email') }));
  }
  return ids.filter((id): id is number => id !== undefined);
}

/** A message to the family member who posted a request: an SMS to the contact phone. */
export async function notifyRequester(
  db: Sql,
  request: { id: number; contact_phone: string; preferred_language: Language },
  template: Template,
  payload: Payload = {},
  options: Omit<NotifyOptions, 'requestId'> = {},
): Promise<number[]> {
  const id = await enqueueNotification(db, {
    channel: 'sms',
    recipient: request.contact_phone,
    template,
    language: request.preferred_language,
    payload,
    requestId: request.id,
    dedupeKey: channelKey(options.dedupeKey, 'sms'),
    at: options.at,
  });
  return id === undefined ? [] : [id];
}

/** Tells the donor or the family that a volunteer verified or rejected their record. */
export async function notifyVerificationOutcome(db: Sql, kind: 'donor' | 'request', id: number, outcome: 'verified' | 'rejected'): Promise<void> {
  if (kind === 'donor') {
    const donor = await findDonorContact(db, id);
    if (donor) await notifyDonor(db, donor, outcome === 'verified' ? 'donor_verified' : 'donor_rejected');
    return;
  }
  const request = await findRequesterContact(db, id);
  if (request) await notifyRequester(db, request, outcome === 'verified' ? 'request_verified' : 'request_rejected', { reference: request.reference });
}
