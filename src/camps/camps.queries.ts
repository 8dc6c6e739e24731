import type { Sql } from '../db/database';
import type { Scope } from '../verification/queue.queries';
import type { CampStatus, RegistrationStatus } from './camp-vocabulary';

// Camps as volunteers and admins manage them. `scope` is the list of district ids the volunteer
// may see, or null for admins; every query applies it in SQL, so a camp outside it is "not found".

export interface CampRow {
  [key: string]: unknown;
  id: number;
  title: string;
  organisation_id: number;
  organisation_name: string;
  organisation_is_active: boolean;
  organisation_district_id: number;
  blood_bank: string;
  venue: string;
  state_code: string;
  district_id: number;
  pincode: string;
  latitude: number | null;
  longitude: number | null;
  /** YYYY-MM-DD */
  camp_date: string;
  /** HH:MM, Indian wall-clock time on camp_date. */
  starts_at: string;
  ends_at: string;
  capacity: number;
  registered_count: number;
  status: CampStatus;
  cancelled_reason: string | null;
  units_collected: number;
  notes: string | null;
  created_by: number | null;
  updated_by: number | null;
  created_at: Date;
  updated_at: Date;
}

const CAMP_COLUMNS = `c.id, c.title, c.organisation_id, o.name as organisation_name, o.is_active as organisation_is_active,
  o.district_id as organisation_district_id,
  c.blood_bank, c.venue, c.state_code, c.district_id, c.pincode, c.latitude, c.longitude, c.camp_date,
  to_char(c.starts_at, 'HH24:MI') as starts_at, to_char(c.ends_at, 'HH24:MI') as ends_at,
  c.capacity, c.registered_count, c.status, c.cancelled_reason, c.units_collected, c.notes,
  c.created_by, c.updated_by, c.created_at, c.updated_at`;

/** One camp with its organisation's name, if it lies within the scope. */
export function findCampInScope(db: Sql, campId: number, scope: Scope): Promise<CampRow | undefined> {
  return db.maybeOne<CampRow>(
    `select ${CAMP_COLUMNS}
     from camps c join partner_organisations o on o.id = c.organisation_id
     where c.id = $1 and ($2::int[] is null or c.district_id = any($2))`,
    [campId, scope],
  );
}

/** The same, locked until the transaction ends, so seats taken cannot change while an edit is judged. */
export function lockCampInScope(tx: Sql, campId: number, scope: Scope): Promise<CampRow | undefined> {
  return tx.maybeOne<CampRow>(
    `select ${CAMP_COLUMNS}
     from camps c join partner_organisations o on o.id = c.organisation_id
     where c.id = $1 and ($2::int[] is null or c.district_id = any($2))
     for update of c`,
    [campId, scope],
  );
}

export interface CampFilters {
  status?: CampStatus | undefined;
  stateCode?: string | undefined;
  districtId?: number | undefined;
}

export interface CampListRow extends CampRow {
  /** The camp's date is before `today`. */
  is_past: boolean;
}

/**
 * Camps within the scope: upcoming ones (today and later) first, soonest first, then past ones,
 * most recent first. `limit`/`offset` page through that order.
 */
export function listCampsInScope(
  db: Sql,
  scope: Scope,
  options: CampFilters & { today: string; limit?: number; offset?: number },
): Promise<CampListRow[]> {
  return db.many<CampListRow>(
    `select ${CAMP_COLUMNS}, c.camp_date < $2::date as is_past
     from camps c join partner_organisations o on o.id = c.organisation_id
     where ($1::int[] is null or c.district_id = any($1))
       and ($3::text is null or c.status = $3)
       and ($4::text is null or c.state_code = $4)
       and ($5::int is null or c.district_id = $5)
     order by c.camp_date < $2::date,
              case when c.camp_date >= $2::date then c.camp_date end asc,
              case when c.camp_date < $2::date then c.camp_date end desc,
              c.starts_at, c.id
     limit $6 offset $7`,
    [scope, options.today, options.status ?? null, options.stateCode ?? null, options.districtId ?? null, options.limit ?? 1000, options.offset ?? 0],
  );
}

export interface CampInput {
  title: string;
  organisation_id: number;
  blood_bank: string;
  venue: string;
  state_code: string;
  district_id: number;
  pincode: string;
  latitude?: number | undefined;
  longitude?: number | undefined;
  camp_date: string;
  starts_at: string;
  ends_at: string;
  capacity: number;
  notes?: string | undefined;
}

/**
 * Adds a planned camp. The organisation must be active, in the camp's state and, like the camp's
 * district, within the scope; otherwise nothing is added and the result is undefined.
 */
export function insertCamp(tx: Sql, scope: Scope, c: CampInput, by: number): Promise<{ id: number } | undefined> {
  return tx.maybeOne<{ id: number }>(
    `insert into camps (title, organisation_id, blood_bank, venue, state_code, district_id, pincode, latitude, longitude,
                        camp_date, starts_at, ends_at, capacity, notes, created_by, updated_by)
     select $1::text, o.id, $3::text, $4::text, $5::text, $6::int, $7::text, $8::float8, $9::float8,
            $10::date, $11::time, $12::time, $13::int, $14::text, $15::int, $15::int
     from partner_organisations o
     where o.id = $2::int and o.is_active and o.state_code = $5::text
       and ($16::int[] is null or (o.district_id = any($16::int[]) and $6::int = any($16::int[])))
     returning id`,
    [c.title, c.organisation_id, c.blood_bank, c.venue, c.state_code, c.district_id, c.pincode, c.latitude ?? null, c.longitude ?? null,
      c.camp_date, c.starts_at, c.ends_at, c.capacity, c.notes ?? null, by, scope],
  );
}

/**
 * Saves an edit judged on the locked row (see lockCampInScope). Returns false, changing nothing, when
 * the camp or its new district is outside the scope, or the organisation is not in the camp's state
 * and scope, or is inactive and not the one the camp already had.
 */
export async function updateCamp(tx: Sql, campId: number, scope: Scope, c: CampInput, by: number): Promise<boolean> {
  const touched = await tx.exec(
    `update camps set title = $2, organisation_id = $3, blood_bank = $4, venue = $5, state_code = $6, district_id = $7,
                      pincode = $8, latitude = $9, longitude = $10, camp_date = $11, starts_at = $12, ends_at = $13,
                      capacity = $14, notes = $15, updated_by = $16, updated_at = now()
     where id = $1 and ($17::int[] is null or (district_id = any($17::int[]) and $7::int = any($17::int[])))
       and exists (select 1 from partner_organisations o
                   where o.id = $3::int and o.state_code = $6::text and (o.is_active or o.id = camps.organisation_id)
                     and ($17::int[] is null or o.district_id = any($17::int[])))`,
    [campId, c.title, c.organisation_id, c.blood_bank, c.venue, c.state_code, c.district_id, c.pincode, c.latitude ?? null, c.longitude ?? null,
      c.camp_date, c.starts_at, c.ends_at, c.capacity, c.notes ?? null, by, scope],
  );
  return touched === 1;
}

/** Cancels a planned camp; undefined when it is not planned (any more) or outside the scope. */
export function cancelCamp(tx: Sql, campId: number, scope: Scope, reason: string, by: number): Promise<{ id: number; registered_count: number } | undefined> {
  return tx.maybeOne<{ id: number; registered_count: number }>(
    `update camps set status = 'cancelled', cancelled_reason = $2, updated_by = $3, updated_at = now()
     where id = $1 and status = 'planned' and ($4::int[] is null or district_id = any($4))
     returning id, registered_count`,
    [campId, reason, by, scope],
  );
}

/** How many registrations of a camp are in each status. */
export async function registrationCounts(db: Sql, campId: number): Promise<Partial<Record<RegistrationStatus, number>>> {
  const rows = await db.many<{ status: RegistrationStatus; count: number }>(
    'select status, count(*)::int as count from camp_registrations where camp_id = $1 group by status',
    [campId],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.count]));
}
