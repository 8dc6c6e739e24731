import type { Sql } from '../db/database';
import { generateReference } from '../domain/reference';
import type { RequestInput } from './requests.schema';

export interface NewBloodRequest extends Omit<RequestInput, 'consent'> {
  latitude?: number | undefined;
  longitude?: number | undefined;
  preferred_language: 'hi' | 'en';
  consent_notice_version: string;
  consent_given_at: Date;
  /** Assisted entry: how the family reached the campaign, and the volunteer who typed it in. */
  source_channel?: string;
  registered_by?: number;
  /** Set when the volunteer verified the request in the same step: it opens at once. */
  verified_by?: number | undefined;
  verified_at?: Date | undefined;
}

const MAX_REFERENCE_ATTEMPTS = 5;

/**
 * Stores a request with a fresh random reference and its first timeline events; call it inside a
 * transaction. The form token makes it idempotent: the same form again returns the first request.
 */
export async function createBloodRequest(tx: Sql, r: NewBloodRequest): Promise<{ id: number; reference: string; created: boolean }> {
  for (let attempt = 0; attempt < MAX_REFERENCE_ATTEMPTS; attempt++) {
    const inserted = await tx.maybeOne<{ id: number; reference: string }>(
      `insert into blood_requests (reference, form_token, patient_name, patient_age, blood_group, is_bombay, component,
                                   units, urgency, needed_by, hospital_name, hospital_city, state_code, district_id,
                                   pincode, latitude, longitude, contact_name, contact_phone, relation, notes,
                                   preferred_language, consent_notice_version, consent_given_at,
                                   source_channel, registered_by, verified_by, verified_at, status)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24,
               $25, $26, $27, $28, case when $27::int is null then 'pending_verification' else 'open' end)
       on conflict do nothing
       returning id, reference`,
      [
        generateReference(), r.form_token, r.patient_name, r.patient_age, r.blood_group, r.is_bombay, r.component,
        r.units, r.urgency, r.needed_by, r.hospital_name, r.hospital_city, r.state_code, r.district_id,
        r.pincode, r.latitude ?? null, r.longitude ?? null, r.contact_name, r.contact_phone, r.relation ?? null, r.notes ?? null,
        r.preferred_language, r.consent_notice_version, r.consent_given_at,
        r.source_channel ?? 'web', r.registered_by ?? null, r.verified_by ?? null, r.verified_by ? r.verified_at : null,
      ],
    );
    if (inserted) {
      await addRequestEvent(tx, inserted.id, 'pending_verification', r.consent_given_at);
      if (r.verified_by) await addRequestEvent(tx, inserted.id, 'open', r.verified_at!);
      return { id: inserted.id, reference: inserted.reference, created: true };
    }
    // Nothing inserted: either this form was already submitted, or the random reference is taken.
    const earlier = await tx.maybeOne<{ id: number; reference: string }>('select id, reference from blood_requests where form_token = $1', [r.form_token]);
    if (earlier) return { id: earlier.id, reference: earlier.reference, created: false };
  }
  throw new Error(`No free request reference after ${MAX_REFERENCE_ATTEMPTS} attempts`);
}

/** One step of a request's tracking timeline. */
export async function addRequestEvent(db: Sql, requestId: number, status: string, at: Date): Promise<void> {
  await db.exec('insert into blood_request_events (request_id, status, occurred_at) values ($1, $2, $3)', [requestId, status, at]);
}

export interface TrackedRequest {
  [key: string]: unknown;
  id: number;
  reference: string;
  status: string;
  blood_group: string;
  is_bombay: boolean;
  component: string;
  units: number;
  urgency: string;
  needed_by: string;
  hospital_name: string;
  created_at: Date;
  units_pledged: number;
  units_donated: number;
}

// Progress counts only: who gave or promised is never part of what a family sees.
const TRACKED_COLUMNS = `id, reference, status, blood_group, is_bombay, component, units, urgency, needed_by, hospital_name, created_at,
  units_pledged, units_donated`;

/** The request only when reference and phone both match: a wrong phone is indistinguishable from an unknown reference. */
export function findRequestForTracking(db: Sql, reference: string, contactPhone: string): Promise<TrackedRequest | undefined> {
  return db.maybeOne<TrackedRequest>(`select ${TRACKED_COLUMNS} from blood_requests where reference = $1 and contact_phone = $2`, [
    reference,
    contactPhone,
  ]);
}

export function findRequestByReference(db: Sql, reference: string): Promise<TrackedRequest | undefined> {
  return db.maybeOne<TrackedRequest>(`select ${TRACKED_COLUMNS} from blood_requests where reference = $1`, [reference]);
}

export function listRequestEvents(db: Sql, requestId: number): Promise<Array<{ status: string; occurred_at: Date }>> {
  return db.many('select status, occurred_at from blood_request_events where request_id = $1 order by occurred_at, id', [requestId]);
}

/**
 * Marks requests whose needed-by date has passed as expired, a batch at a time (skipping rows a
 * volunteer is changing right now). Returns the ids expired.
 */
export async function expireOverdueRequests(db: Sql, today: string, at: Date, batch = 500): Promise<number[]> {
  const rows = await db.many<{ id: number }>(
    `with overdue as (
       select id from blood_requests
       where status in ('pending_verification', 'open', 'in_progress') and needed_by < $1::date
       order by needed_by limit $3 for update skip locked
     ), expired as (
       update blood_requests b set status = 'expired', claimed_by = null, claimed_until = null, updated_at = $2
       from overdue where b.id = overdue.id returning b.id
     )
     insert into blood_request_events (request_id, status, occurred_at) select id, 'expired', $2 from expired
     returning request_id as id`,
    [today, at, batch],
  );
  return rows.map((r) => r.id);
}
