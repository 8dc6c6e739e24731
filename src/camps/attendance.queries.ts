import type { Sql } from '../db/database';
import type { BloodGroup, Component, Sex } from '../domain/blood';
import type { RegistrationStatus, RegistrationSource } from './camp-vocabulary';

// After a camp: who came, who gave, who was deferred, walk-ins, and the donations a patient's
// family and friends made for the patient's request.

/** Registrations still waiting for a result; donated and deferred ones are final. */
export const OPEN_REGISTRATION_STATUSES: readonly RegistrationStatus[] = ['registered', 'no_show'];

export interface AttendanceRow {
  [key: string]: unknown;
  registration_id: number;
  donor_id: number;
  full_name: string;
  blood_group: BloodGroup;
  is_bombay: boolean;
  sex: Sex;
  eligible_from: string | null;
  status: RegistrationStatus;
  source: RegistrationSource;
  for_request_id: number | null;
  for_reference: string | null;
  /** The donation given at this camp, if one is recorded. */
  donated_units: number | null;
  donated_component: Component | null;
}

// Cancelled registrations and donors who erased their data are not part of a camp's attendance.
const ATTENDANCE_FROM = `camp_registrations r
  join donors d on d.id = r.donor_id and d.erased_at is null
  left join blood_requests q on q.id = r.for_request_id
  left join donations dn on dn.camp_id = r.camp_id and dn.donor_id = r.donor_id
  where r.camp_id = $1 and r.status <> 'cancelled'`;

const ATTENDANCE_COLUMNS = `r.id as registration_id, r.donor_id, d.full_name, d.blood_group, d.is_bombay, d.sex,
  d.eligible_from::text as eligible_from, r.status, r.source, r.for_request_id, q.reference as for_reference,
  dn.units as donated_units, dn.component as donated_component`;

/** One page of the attendance list, in the order people registered (stable while statuses change). */
export function listAttendance(db: Sql, campId: number, page: { limit: number; offset: number }): Promise<AttendanceRow[]> {
  return db.many<AttendanceRow>(
    `select ${ATTENDANCE_COLUMNS} from ${ATTENDANCE_FROM}
     order by r.id
     limit $2 offset $3`,
    [campId, page.limit, page.offset],
  );
}

export interface AttendanceSummary {
  [key: string]: unknown;
  total: number;
  registered: number;
  donated: number;
  deferred: number;
  no_show: number;
  walk_ins: number;
}

export function summariseAttendance(db: Sql, campId: number): Promise<AttendanceSummary> {
  return db.one<AttendanceSummary>(
    `select count(*)::int as total,
            (count(*) filter (where r.status = 'registered'))::int as registered,
            (count(*) filter (where r.status = 'donated'))::int as donated,
            (count(*) filter (where r.status = 'deferred'))::int as deferred,
            (count(*) filter (where r.status = 'no_show'))::int as no_show,
            (count(*) filter (where r.source = 'walk_in'))::int as walk_ins
     from camp_registrations r join donors d on d.id = r.donor_id and d.erased_at is null
     where r.camp_id = $1 and r.status <> 'cancelled'`,
    [campId],
  );
}

/** The rows a submitted form covered (for showing them again on a 422). */
export function findAttendanceRows(db: Sql, campId: number, registrationIds: number[]): Promise<AttendanceRow[]> {
  return db.many<AttendanceRow>(
    `select ${ATTENDANCE_COLUMNS} from ${ATTENDANCE_FROM} and r.id = any($2::bigint[])
     order by r.id`,
    [campId, registrationIds],
  );
}

/** The same rows locked until the transaction ends, so two volunteers saving at once never both record a row. */
export function lockAttendanceRows(tx: Sql, campId: number, registrationIds: number[]): Promise<AttendanceRow[]> {
  return tx.many<AttendanceRow>(
    `select ${ATTENDANCE_COLUMNS} from ${ATTENDANCE_FROM} and r.id = any($2::bigint[])
     order by r.id
     for update of r`,
    [campId, registrationIds],
  );
}

export function campDonationExists(tx: Sql, campId: number, donorId: number): Promise<boolean> {
  return tx.maybeOne('select 1 from donations where camp_id = $1 and donor_id = $2', [campId, donorId]).then(Boolean);
}

export function setRegistrationResult(
  tx: Sql,
  registrationId: number,
  result: { status: RegistrationStatus; forRequestId?: number | null },
  at: Date,
): Promise<number> {
  // for_request_id changes only with a donation (the reference the volunteer confirmed); otherwise it is kept.
  return tx.exec(
    `update camp_registrations
        set status = $2, for_request_id = case when $3::boolean then $4::bigint else for_request_id end, updated_at = $5
      where id = $1`,
    [registrationId, result.status, result.forRequestId !== undefined, result.forRequestId ?? null, at],
  );
}

/** units_collected is always the sum of the camp's donations; recording attendance means it was held. */
export function refreshCampTotals(tx: Sql, campId: number, by: number, at: Date): Promise<{ units_collected: number } | undefined> {
  return tx.maybeOne<{ units_collected: number }>(
    `update camps
        set units_collected = (select coalesce(sum(units), 0)::int from donations where camp_id = $1),
            status = 'held', updated_by = $2, updated_at = $3
      where id = $1 and status <> 'cancelled'
      returning units_collected`,
    [campId, by, at],
  );
}

export function donorEligibleFrom(tx: Sql, donorId: number): Promise<string | null> {
  return tx.one<{ eligible_from: string | null }>('select eligible_from::text as eligible_from from donors where id = $1', [donorId]).then((r) => r.eligible_from);
}

/** Request ids by their references; references that do not exist are absent from the map. */
export async function findRequestIds(db: Sql, references: string[]): Promise<Map<string, number>> {
  if (!references.length) return new Map();
  const rows = await db.many<{ id: number; reference: string }>('select id, reference from blood_requests where reference = any($1::text[])', [references]);
  return new Map(rows.map((r) => [r.reference, r.id]));
}

export interface WalkInCandidate {
  [key: string]: unknown;
  id: number;
  full_name: string;
  blood_group: BloodGroup;
  is_bombay: boolean;
  /** This donor's registration at the camp, if any (cancelled ones included). */
  registration_status: RegistrationStatus | null;
}

/** A registered donor with this phone number (E.164), and whether they are on the camp's list. */
export function findWalkInCandidate(db: Sql, campId: number, phone: string): Promise<WalkInCandidate | undefined> {
  return db.maybeOne<WalkInCandidate>(
    `select d.id, d.full_name, d.blood_group, d.is_bombay, r.status as registration_status
     from donors d left join camp_registrations r on r.donor_id = d.id and r.camp_id = $1
     where d.phone = $2 and d.erased_at is null`,
    [campId, phone],
  );
}

/** How many rows of the attendance list come up to and including this registration (which page it is on). */
export function attendancePosition(db: Sql, campId: number, registrationId: number): Promise<number> {
  return db
    .one<{ position: number }>(
      `select count(*)::int as position from ${ATTENDANCE_FROM} and r.id <= $2`,
      [campId, registrationId],
    )
    .then((r) => r.position);
}

export interface FamilyDonations {
  [key: string]: unknown;
  donations: number;
  units: number;
}

/** Donations made "for" a request by the patient's family and friends: counts only, never who. */
export function countFamilyDonations(db: Sql, requestId: number): Promise<FamilyDonations> {
  return db.one<FamilyDonations>(
    `select count(*)::int as donations, coalesce(sum(units), 0)::int as units
     from donations where for_request_id = $1`,
    [requestId],
  );
}
