import type { Sql } from '../db/database';
import type { CampStatus, OrganisationKind } from './camp-vocabulary';

// What anyone may see about camps: no volunteer, contact person or donor, only the camp itself
// and the organisation that runs it.

export interface PublicCamp {
  [key: string]: unknown;
  id: number;
  title: string;
  organisation_name: string;
  organisation_kind: OrganisationKind;
  blood_bank: string;
  venue: string;
  state_code: string;
  district_id: number;
  pincode: string;
  camp_date: string;
  /** 'HH:MM', India time */
  starts_at: string;
  ends_at: string;
  capacity: number;
  registered_count: number;
  status: CampStatus;
  cancelled_reason: string | null;
  units_collected: number;
  updated_at: Date;
}

export interface CampFilters {
  stateCode?: string | undefined;
  districtId?: number | undefined;
}

/** The newest held camp shown so far, for the "more" link. */
export interface PastCursor {
  date: string;
  id: number;
}

const COLUMNS = `c.id, c.title, o.name as organisation_name, o.kind as organisation_kind, c.blood_bank, c.venue,
  c.state_code, c.district_id, c.pincode, c.camp_date, to_char(c.starts_at, 'HH24:MI') as starts_at,
  to_char(c.ends_at, 'HH24:MI') as ends_at, c.capacity, c.registered_count, c.status, c.cancelled_reason,
  c.units_collected, c.updated_at`;
const FROM = 'from camps c join partner_organisations o on o.id = c.organisation_id';

/** Planned and cancelled camps from today on, soonest first. */
export function upcomingCamps(db: Sql, today: string, filters: CampFilters, limit: number): Promise<PublicCamp[]> {
  return db.many<PublicCamp>(
    `select ${COLUMNS} ${FROM}
     where c.status in ('planned', 'cancelled') and c.camp_date >= $1::date
       and ($2::text is null or c.state_code = $2) and ($3::int is null or c.district_id = $3)
     order by c.camp_date, c.starts_at, c.id
     limit $4`,
    [today, filters.stateCode ?? null, filters.districtId ?? null, limit],
  );
}

/** Held camps, most recent first, a page at a time (keyset on date and id). */
export function heldCamps(db: Sql, filters: CampFilters, after: PastCursor | undefined, limit: number): Promise<PublicCamp[]> {
  return db.many<PublicCamp>(
    `select ${COLUMNS} ${FROM}
     where c.status = 'held'
       and ($1::text is null or c.state_code = $1) and ($2::int is null or c.district_id = $2)
       and ($3::date is null or (c.camp_date, c.id) < ($3::date, $4::int))
     order by c.camp_date desc, c.id desc
     limit $5`,
    [filters.stateCode ?? null, filters.districtId ?? null, after?.date ?? null, after?.id ?? null, limit],
  );
}

export function findPublicCamp(db: Sql, id: number): Promise<PublicCamp | undefined> {
  return db.maybeOne<PublicCamp>(`select ${COLUMNS} ${FROM} where c.id = $1`, [id]);
}
