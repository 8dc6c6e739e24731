import type { Sql } from '../db/database';
import { TRANSITIONS, type CloseReason, type ContactOutcome, type RequestTransition } from '../domain/request-lifecycle';
import { addRequestEvent } from '../requests/requests.queries';
import type { Scope } from '../verification/queue.queries';

// Brokering a verified request: one volunteer handles it, calls donors, records how each call
// went and the donations made. Status changes are conditional UPDATEs whose allowed "from"
// statuses come from src/domain/request-lifecycle.ts, so an illegal move changes nothing.

const inScope = (column: string, param: string) => `(${param}::int[] is null or ${column} = any(${param}))`;
const from = (t: RequestTransition) => `(${TRANSITIONS[t].from.map((s) => `'${s}'`).join(', ')})`;

export interface HandlingState {
  [key: string]: unknown;
  status: string;
  handled_by: number | null;
  handled_by_username: string | null;
  handled_by_name: string | null;
  handled_since: Date | null;
}

export function handlingState(db: Sql, requestId: number, scope: Scope): Promise<HandlingState | undefined> {
  return db.maybeOne<HandlingState>(
    `select b.status, b.handled_by, v.username as handled_by_username, v.full_name as handled_by_name, b.handled_since
     from blood_requests b left join volunteers v on v.id = b.handled_by
     where b.id = $1 and ${inScope('b.district_id', '$2')}`,
    [requestId, scope],
  );
}

/**
 * "I will handle this request": the volunteer becomes its handler and it is in progress.
 * Someone else's request can only be taken over by an admin.
 */
export async function takeRequest(db: Sql, requestId: number, scope: Scope, volunteer: { id: number; isAdmin: boolean }, at: Date) {
  // Locked first, so the timeline gains "in progress" only when this call moved it there.
  const before = await db.maybeOne<{ status: string }>(
    `select status from blood_requests b where b.id = $1 and ${inScope('b.district_id', '$2')} for update`,
    [requestId, scope],
  );
  if (!before) return false;
  const done = await db.exec(
    `update blood_requests b set handled_by = $2, handled_since = $3, status = 'in_progress', updated_at = $3
     where b.id = $1 and b.status in ${from('take')} and (b.handled_by is null or b.handled_by = $2 or $4)`,
    [requestId, volunteer.id, at, volunteer.isAdmin],
  );
  if (done && before.status !== 'in_progress') await addRequestEvent(db, requestId, 'in_progress', at);
  return done === 1;
}

/** Hands a request back: with nothing pledged or donated it waits for a volunteer again. */
export async function releaseRequest(db: Sql, requestId: number, scope: Scope, volunteer: { id: number; isAdmin: boolean }, at: Date) {
  const row = await db.maybeOne<{ status: string }>(
    `update blood_requests b set handled_by = null, handled_since = null, updated_at = $4,
       status = case when b.units_pledged = 0 and b.units_donated = 0 then 'open' else b.status end
     where b.id = $1 and ${inScope('b.district_id', '$2')} and b.status in ${from('release')}
       and (b.handled_by = $3 or $5)
     returning b.status`,
    [requestId, scope, volunteer.id, at, volunteer.isAdmin],
  );
  if (row?.status === 'open') await addRequestEvent(db, requestId, 'open', at);
  return !!row;
}

/** Closes an active request with a reason. The handler, an admin, or anyone in scope when nobody handles it. */
export async function closeRequest(
  db: Sql,
  requestId: number,
  scope: Scope,
  volunteer: { id: number; isAdmin: boolean },
  close: { reason: CloseReason; note: string | undefined },
  at: Date,
) {
  const done = await db.exec(
    `update blood_requests b set status = 'closed', closed_reason = $6, closed_note = $7, closed_at = $4, updated_at = $4
     where b.id = $1 and ${inScope('b.district_id', '$2')} and b.status in ${from('close')}
       and (b.handled_by is null or b.handled_by = $3 or $5)`,
    [requestId, scope, volunteer.id, at, volunteer.isAdmin, close.reason, close.note ?? null],
  );
  if (done) await addRequestEvent(db, requestId, 'closed', at);
  return done === 1;
}

/** Lets an admin offer (or stop offering) Bombay-phenotype donors to a non-Bombay recipient. */
export async function setBombayOverride(db: Sql, requestId: number, allow: boolean, at: Date) {
  return (await db.exec(
    `update blood_requests set allow_bombay_donors = $2, updated_at = $3 where id = $1 and not is_bombay`,
    [requestId, allow, at],
  )) === 1;
}

/**
 * The request row locked for a change by its handler (or an admin): the brokering actions run
 * inside one transaction with it, so two tabs cannot both fulfil a request.
 */
export function lockRequestForHandler(db: Sql, requestId: number, scope: Scope, volunteer: { id: number; isAdmin: boolean }) {
  return db.maybeOne<BrokeredRequest>(
    `select * from blood_requests b
     where b.id = $1 and ${inScope('b.district_id', '$2')} and b.status in ('open', 'in_progress') and (b.handled_by = $3 or $4)
     for update`,
    [requestId, scope, volunteer.id, volunteer.isAdmin],
  );
}

export interface BrokeredRequest {
  [key: string]: unknown;
  id: number;
  reference: string;
  blood_group: string;
  is_bombay: boolean;
  allow_bombay_donors: boolean;
  component: string;
  units: number;
  units_pledged: number;
  units_donated: number;
  status: string;
  hospital_name: string;
  hospital_city: string;
  district_id: number;
  contact_phone: string;
  preferred_language: 'hi' | 'en';
  handled_by: number | null;
}

export interface DonorForContact {
  [key: string]: unknown;
  id: number;
  full_name: string;
  phone: string;
  email: string | null;
  blood_group: string;
  is_bombay: boolean;
  sex: 'male' | 'female' | 'other';
  preferred_language: 'hi' | 'en';
  district_id: number;
  last_donation_on: string | null;
}

/** A verified donor that may be contacted: never an erased or unverified one. */
export function findContactableDonor(db: Sql, donorId: number) {
  return db.maybeOne<DonorForContact>(
    `select id, full_name, phone, email, blood_group, is_bombay, sex, preferred_language, district_id, last_donation_on
     from donors where id = $1 and status = 'verified' and erased_at is null`,
    [donorId],
  );
}

export async function addContactAttempt(
  db: Sql,
  a: { requestId: number; donorId: number; volunteerId: number; outcome: ContactOutcome; units: number | undefined; note: string | undefined; at: Date },
) {
  const row = await db.one<{ id: number }>(
    `insert into contact_attempts (request_id, donor_id, volunteer_id, outcome, units, note, created_at)
     values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [a.requestId, a.donorId, a.volunteerId, a.outcome, a.units ?? null, a.note ?? null, a.at],
  );
  await markDonorContacted(db, a.donorId, a.at);
  return row.id;
}

export function markDonorContacted(db: Sql, donorId: number, at: Date) {
  return db.exec('update donors set last_contacted_at = $2 where id = $1', [donorId, at]);
}

/**
 * Recounts a request's progress from its contact attempts and donations: units promised by donors
 * whose latest answer is "agreed", and units actually donated.
 */
export function refreshProgress(db: Sql, requestId: number, at: Date) {
  return db.one<{ units: number; units_pledged: number; units_donated: number; status: string }>(
    `update blood_requests b set
       units_pledged = coalesce((
         select sum(coalesce(latest.units, 1)) from (
           select distinct on (donor_id) outcome, units from contact_attempts
           where request_id = b.id order by donor_id, created_at desc, id desc
         ) latest where latest.outcome = 'agreed'), 0),
       units_donated = coalesce((select sum(units) from donations where request_id = b.id), 0),
       updated_at = $2
     where b.id = $1
     returning b.units, b.units_pledged, b.units_donated, b.status`,
    [requestId, at],
  );
}

/** Marks an active request fulfilled once enough units were given; true when this call did it. */
export async function fulfilIfComplete(db: Sql, requestId: number, at: Date) {
  const done = await db.exec(
    `update blood_requests set status = 'fulfilled', fulfilled_at = $2, updated_at = $2
     where id = $1 and status in ${from('fulfil')} and units_donated >= units`,
    [requestId, at],
  );
  if (done) await addRequestEvent(db, requestId, 'fulfilled', at);
  return done === 1;
}

export interface ContactRow {
  [key: string]: unknown;
  id: number;
  donor_id: number;
  blood_group: string;
  outcome: ContactOutcome;
  units: number | null;
  note: string | null;
  created_at: Date;
  username: string;
  donor_erased: boolean;
}

/** Every call made for this request, newest first (no names or numbers: those are revealed one at a time). */
export function contactsForRequest(db: Sql, requestId: number) {
  return db.many<ContactRow>(
    `select ca.id, ca.donor_id, d.blood_group, ca.outcome, ca.units, ca.note, ca.created_at, v.username, d.erased_at is not null as donor_erased
     from contact_attempts ca join donors d on d.id = ca.donor_id join volunteers v on v.id = ca.volunteer_id
     where ca.request_id = $1 order by ca.created_at desc, ca.id desc`,
    [requestId],
  );
}

export interface DonationRow {
  [key: string]: unknown;
  id: number;
  donor_id: number;
  donated_on: string;
  units: number;
  component: string;
  place: string | null;
}

export function donationsForRequest(db: Sql, requestId: number) {
  return db.many<DonationRow>(
    'select id, donor_id, donated_on, units, component, place from donations where request_id = $1 order by donated_on, id',
    [requestId],
  );
}

/** Whether this donor was matched with this request: contact details are revealed only then. */
export async function donorContactedFor(db: Sql, requestId: number, donorId: number) {
  return !!(await db.maybeOne('select 1 as found from contact_attempts where request_id = $1 and donor_id = $2 limit 1', [requestId, donorId]));
}

export interface ActiveRequestRow {
  [key: string]: unknown;
  id: number;
  reference: string;
  blood_group: string;
  is_bombay: boolean;
  component: string;
  units: number;
  units_pledged: number;
  units_donated: number;
  urgency: string;
  needed_by: string;
  hospital_name: string;
  district_id: number;
  status: string;
  handled_by: number | null;
  handled_by_username: string | null;
}

export const ACTIVE_PAGE_SIZE = 50;

/** Verified requests still being filled in the volunteer's districts: most urgent and soonest needed first. */
export function activeRequests(db: Sql, scope: Scope, o: { onlyHandledBy?: number | undefined; offset: number }) {
  return db.many<ActiveRequestRow>(
    `select b.id, b.reference, b.blood_group, b.is_bombay, b.component, b.units, b.units_pledged, b.units_donated, b.urgency,
            b.needed_by, b.hospital_name, b.district_id, b.status, b.handled_by, v.username as handled_by_username
     from blood_requests b left join volunteers v on v.id = b.handled_by
     where b.status in ('open', 'in_progress') and ${inScope('b.district_id', '$1')} and ($2::int is null or b.handled_by = $2)
     order by array_position(array['emergency', 'urgent', 'planned'], b.urgency), b.needed_by, b.created_at, b.id
     limit $3 offset $4`,
    [scope, o.onlyHandledBy ?? null, ACTIVE_PAGE_SIZE + 1, o.offset],
  );
}

export async function donorEligibleFrom(db: Sql, donorId: number): Promise<string | null> {
  return (await db.one<{ eligible_from: string | null }>('select eligible_from from donors where id = $1', [donorId])).eligible_from;
}
