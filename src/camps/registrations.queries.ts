import type { Sql } from '../db/database';
import { todayInIndia } from '../domain/dates';
import { findDonorContact } from '../notifications/notifications.queries';
import { notifyDonor } from '../notifications/notify';
import { indiaTimeOfDay, reminderTime } from './camp-times';
import type { RegistrationSource, RegistrationStatus } from './camp-vocabulary';

// A donor's seat at a camp. The seat is taken by one conditional UPDATE of the camp row
// (registered_count < capacity), which PostgreSQL re-checks after waiting for a concurrent
// registration: two people cannot both get the last seat. Call these inside a transaction.

export type RegistrationOutcome = 'registered' | 'already' | 'full' | 'closed';

export interface NewRegistration {
  campId: number;
  donorId: number;
  /** "I am donating for this patient": a blood request's id. */
  forRequestId?: number | undefined;
  source: RegistrationSource;
  /** The volunteer who registered the donor (source 'volunteer' or 'walk_in'). */
  registeredBy?: number | undefined;
  at: Date;
}

interface SeatTaken {
  [key: string]: unknown;
  title: string;
  camp_date: string;
  starts_at: string;
  venue: string;
}

/**
 * Registers a donor for a camp.
 * - 'web' and 'volunteer' registrations take a seat while the camp is planned and has not ended,
 *   and queue a confirmation now and a reminder for the evening before (camp_registered, camp_reminder).
 * - 'walk_in' registrations are for someone standing at the camp: never refused for capacity, not
 *   counted in registered_count, no messages; only a cancelled camp refuses them.
 * A cancelled registration is brought back; any other existing one answers 'already'.
 */
export async function registerForCamp(tx: Sql, r: NewRegistration): Promise<RegistrationOutcome> {
  const existing = await tx.maybeOne<{ status: RegistrationStatus }>('select status from camp_registrations where camp_id = $1 and donor_id = $2', [r.campId, r.donorId]);
  if (existing && existing.status !== 'cancelled') return 'already';

  if (r.source === 'walk_in') {
    const camp = await tx.maybeOne('select 1 from camps where id = $1 and status <> $2', [r.campId, 'cancelled']);
    if (!camp) return 'closed';
    return (await upsertRegistration(tx, r)) === undefined ? 'already' : 'registered';
  }

  const seat = await tx.maybeOne<SeatTaken>(
    `update camps set registered_count = registered_count + 1
     where id = $1 and status = 'planned' and registered_count < capacity
       and (camp_date > $2::date or (camp_date = $2::date and ends_at > $3::time))
     returning title, camp_date, to_char(starts_at, 'HH24:MI') as starts_at, venue`,
    [r.campId, todayInIndia(r.at), indiaTimeOfDay(r.at)],
  );
  if (!seat) return (await campStillOpen(tx, r)) ? 'full' : 'closed';

  const registrationId = await upsertRegistration(tx, r);
  if (registrationId === undefined) {
    // The same donor registered in a concurrent request that committed first: give the seat back.
    await tx.exec('update camps set registered_count = registered_count - 1 where id = $1', [r.campId]);
    return 'already';
  }
  await queueCampMessages(tx, { registrationId, donorId: r.donorId, campId: r.campId, camp: seat, at: r.at });
  return 'registered';
}

/** Adds the registration or revives a cancelled one; undefined when an active one exists. */
async function upsertRegistration(tx: Sql, r: NewRegistration): Promise<number | undefined> {
  const row = await tx.maybeOne<{ id: number }>(
    `insert into camp_registrations (camp_id, donor_id, for_request_id, source, registered_by, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $6)
     on conflict (camp_id, donor_id) do update
       set status = 'registered', for_request_id = excluded.for_request_id, source = excluded.source,
           registered_by = excluded.registered_by, updated_at = excluded.updated_at
       where camp_registrations.status = 'cancelled'
     returning id`,
    [r.campId, r.donorId, r.forRequestId ?? null, r.source, r.registeredBy ?? null, r.at],
  );
  return row?.id;
}

/** Why no seat was taken: the camp is still open (so it is full), or it is not. */
async function campStillOpen(tx: Sql, r: NewRegistration): Promise<boolean> {
  const row = await tx.maybeOne(
    `select 1 from camps where id = $1 and status = 'planned'
       and (camp_date > $2::date or (camp_date = $2::date and ends_at > $3::time))`,
    [r.campId, todayInIndia(r.at), indiaTimeOfDay(r.at)],
  );
  return row !== undefined;
}

/** Long titles and addresses are cut so that the SMS stays short. */
function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** What camp_registered and camp_reminder fill in. */
export function campMessagePayload(campId: number, camp: SeatTaken): Record<string, string | number> {
  return { camp: shorten(camp.title, 60), date: camp.camp_date, time: camp.starts_at, venue: shorten(camp.venue, 80), camp_id: campId };
}

/**
 * Dedupe keys name the registration and how many times it was made (camp_reminder:r42:1), so its
 * messages can be found again to cancel them, and a donor who cancels and registers again gets new ones.
 * The registration row is locked by this transaction's insert or update, so the count cannot race.
 */
async function messageRound(tx: Sql, donorId: number, registrationId: number): Promise<number> {
  const row = await tx.one<{ rounds: number }>(
    `select count(*)::int as rounds from notifications
     where donor_id = $1 and template = 'camp_registered' and channel = 'sms' and split_part(dedupe_key, ':', 2) = 'r' || $2::bigint`,
    [donorId, registrationId],
  );
  return row.rounds + 1;
}

async function queueCampMessages(tx: Sql, m: { registrationId: number; donorId: number; campId: number; camp: SeatTaken; at: Date }): Promise<void> {
  const donor = await findDonorContact(tx, m.donorId);
  if (!donor) return;
  const payload = campMessagePayload(m.campId, m.camp);
  const key = `r${m.registrationId}:${await messageRound(tx, m.donorId, m.registrationId)}`;
  await notifyDonor(tx, donor, 'camp_registered', payload, { dedupeKey: `camp_registered:${key}`, at: m.at });
  await notifyDonor(tx, donor, 'camp_reminder', payload, { dedupeKey: `camp_reminder:${key}`, at: reminderTime(m.camp, m.at) });
}

/**
 * Cancels a donor's registration: the seat is freed (walk-ins never held one) and its messages not
 * yet sent are cancelled. 'not_registered' when there was no active registration.
 */
export async function cancelRegistration(tx: Sql, c: { campId: number; donorId: number; at: Date }): Promise<'cancelled' | 'not_registered'> {
  const row = await tx.maybeOne<{ id: number; source: RegistrationSource }>(
    `update camp_registrations set status = 'cancelled', updated_at = $3
     where camp_id = $1 and donor_id = $2 and status = 'registered'
     returning id, source`,
    [c.campId, c.donorId, c.at],
  );
  if (!row) return 'not_registered';
  if (row.source !== 'walk_in') {
    await tx.exec('update camps set registered_count = registered_count - 1 where id = $1 and registered_count > 0', [c.campId]);
  }
  await tx.exec(
    `update notifications set status = 'cancelled', updated_at = $3
     where donor_id = $1 and status = 'pending' and template in ('camp_registered', 'camp_reminder')
       and split_part(dedupe_key, ':', 2) = 'r' || $2::bigint`,
    [c.donorId, row.id, c.at],
  );
  return 'cancelled';
}

/**
 * After a camp's title, venue, date or start time changed: the reminders not sent yet say the new
 * details and go at the new time. Returns how many were changed.
 */
export async function refreshCampReminders(tx: Sql, campId: number, at: Date): Promise<number> {
  const camp = await tx.maybeOne<SeatTaken>(`select title, camp_date, to_char(starts_at, 'HH24:MI') as starts_at, venue from camps where id = $1`, [campId]);
  if (!camp) return 0;
  return tx.exec(
    `update notifications n set payload = $2, next_attempt_at = $3, updated_at = $4
     from camp_registrations r
     where r.camp_id = $1 and r.status = 'registered' and n.donor_id = r.donor_id and n.status = 'pending'
       and n.template = 'camp_reminder' and split_part(n.dedupe_key, ':', 2) = 'r' || r.id`,
    [campId, JSON.stringify(campMessagePayload(campId, camp)), reminderTime(camp, at), at],
  );
}

/** For a cancelled camp: every message about it that has not gone yet is cancelled. Returns how many. */
export function cancelPendingCampMessages(tx: Sql, campId: number, at: Date): Promise<number> {
  return tx.exec(
    `update notifications n set status = 'cancelled', updated_at = $2
     from camp_registrations r
     where r.camp_id = $1 and n.donor_id = r.donor_id and n.status = 'pending'
       and n.template in ('camp_registered', 'camp_reminder') and split_part(n.dedupe_key, ':', 2) = 'r' || r.id`,
    [campId, at],
  );
}

export interface DonorRegistration {
  [key: string]: unknown;
  id: number;
  status: RegistrationStatus;
  source: RegistrationSource;
  for_request_id: number | null;
}

export function findRegistration(db: Sql, campId: number, donorId: number): Promise<DonorRegistration | undefined> {
  return db.maybeOne<DonorRegistration>('select id, status, source, for_request_id from camp_registrations where camp_id = $1 and donor_id = $2', [campId, donorId]);
}

/** Whether a donor may take a seat: only a donor who is neither rejected nor erased. */
export async function donorStanding(db: Sql, donorId: number): Promise<'ok' | 'rejected' | 'erased'> {
  const row = await db.maybeOne<{ status: string }>('select status from donors where id = $1', [donorId]);
  if (!row || row.status === 'erased') return 'erased';
  return row.status === 'rejected' ? 'rejected' : 'ok';
}

/** The id of the request with this reference; only its existence matters, nothing of it is shown. */
export async function findRequestIdByReference(db: Sql, reference: string): Promise<number | undefined> {
  const row = await db.maybeOne<{ id: number }>('select id from blood_requests where reference = $1', [reference]);
  return row?.id;
}
