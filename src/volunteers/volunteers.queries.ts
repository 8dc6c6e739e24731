import type { Sql } from '../db/database';

// Volunteer accounts and their jurisdictions.

export interface NewVolunteer {
  username: string;
  fullName: string;
  role: 'volunteer' | 'admin';
  passwordHash: string;
  mustChangePassword: boolean;
  badgeNumber?: string | undefined;
  rank?: string | undefined;
  policeStation?: string | undefined;
  phone?: string | undefined;
  isDemo?: boolean;
}

/** Creates an account; returns undefined when the username is taken. */
export async function insertVolunteer(db: Sql, v: NewVolunteer): Promise<{ id: number } | undefined> {
  return db.maybeOne<{ id: number }>(
    `insert into volunteers (username, full_name, role, password_hash, must_change_password, badge_number, rank, police_station, phone, is_demo)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     on conflict (username) do nothing
     returning id`,
    [v.username, v.fullName, v.role, v.passwordHash, v.mustChangePassword, v.badgeNumber ?? null, v.rank ?? null, v.policeStation ?? null, v.phone ?? null, v.isDemo ?? false],
  );
}

export interface Jurisdiction {
  stateCode: string;
  /** Districts of that state; empty means the whole state. */
  districtIds: number[];
}

/** Replaces a volunteer's jurisdiction with one state: whole, or some of its districts. */
export async function replaceJurisdiction(db: Sql, volunteerId: number, j: Jurisdiction): Promise<void> {
  await db.exec('delete from volunteer_jurisdictions where volunteer_id = $1', [volunteerId]);
  if (j.districtIds.length === 0) {
    await db.exec('insert into volunteer_jurisdictions (volunteer_id, state_code) values ($1, $2)', [volunteerId, j.stateCode]);
    return;
  }
  await db.exec(
    `insert into volunteer_jurisdictions (volunteer_id, state_code, district_id)
     select $1, $2, unnest($3::int[])`,
    [volunteerId, j.stateCode, j.districtIds],
  );
}

/** Ends every session of a volunteer (deactivation, password reset). */
export async function endSessionsOf(db: Sql, volunteerId: number): Promise<number> {
  return db.exec(`delete from sessions where (sess ->> 'volunteerId') = $1`, [String(volunteerId)]);
}

// Admin pages: the account list, one account, and changes to it.

export interface AccountRow {
  [key: string]: unknown;
  id: number;
  username: string;
  full_name: string;
  role: 'volunteer' | 'admin';
  is_active: boolean;
  must_change_password: boolean;
  badge_number: string | null;
  rank: string | null;
  police_station: string | null;
  phone: string | null;
  last_login_at: Date | null;
  deactivated_at: Date | null;
  created_at: Date;
}

const ACCOUNT_COLUMNS = `id, username, full_name, role, is_active, must_change_password, badge_number, rank, police_station, phone,
  last_login_at, deactivated_at, created_at`;

export function listAccounts(db: Sql): Promise<AccountRow[]> {
  return db.many<AccountRow>(`select ${ACCOUNT_COLUMNS} from volunteers order by is_active desc, username`);
}

export function findAccount(db: Sql, id: number): Promise<AccountRow | undefined> {
  return db.maybeOne<AccountRow>(`select ${ACCOUNT_COLUMNS} from volunteers where id = $1`, [id]);
}

export interface JurisdictionRow {
  [key: string]: unknown;
  volunteer_id: number;
  state_code: string;
  district_id: number | null;
}

/** Jurisdiction rows of the given accounts, or of every account when ids is omitted. */
export function listJurisdictionRows(db: Sql, ids?: number[]): Promise<JurisdictionRow[]> {
  return db.many<JurisdictionRow>(
    `select volunteer_id, state_code, district_id from volunteer_jurisdictions
     where $1::int[] is null or volunteer_id = any($1::int[])
     order by volunteer_id, state_code, district_id nulls first`,
    [ids ?? null],
  );
}

export interface AccountDetails {
  fullName: string;
  role: 'volunteer' | 'admin';
  badgeNumber?: string | undefined;
  rank?: string | undefined;
  policeStation?: string | undefined;
  phone?: string | undefined;
}

export async function updateAccountDetails(db: Sql, id: number, d: AccountDetails, at: Date): Promise<void> {
  await db.exec(
    `update volunteers set full_name = $2, role = $3, badge_number = $4, rank = $5, police_station = $6, phone = $7, updated_at = $8
     where id = $1`,
    [id, d.fullName, d.role, d.badgeNumber ?? null, d.rank ?? null, d.policeStation ?? null, d.phone ?? null, at],
  );
}

/** Deactivates or reactivates; returns false when the account was already in that state. */
export async function setAccountActive(db: Sql, id: number, active: boolean, at: Date): Promise<boolean> {
  const changed = await db.exec(
    `update volunteers set is_active = $2, deactivated_at = case when $2 then null else $3::timestamptz end, updated_at = $3
     where id = $1 and is_active <> $2`,
    [id, active, at],
  );
  return changed > 0;
}

export async function setTemporaryPassword(db: Sql, id: number, hash: string, at: Date): Promise<void> {
  // password_changed_at also ends sessions that a request in flight might save back after endSessionsOf.
  await db.exec(
    'update volunteers set password_hash = $2, must_change_password = true, password_changed_at = $3, updated_at = $3 where id = $1',
    [id, hash, at],
  );
}

// The admin home: donors and requests a volunteer has flagged for an administrator.

export interface FlaggedDonorRow {
  [key: string]: unknown;
  id: number;
  full_name: string;
  blood_group: string;
  district_id: number;
  status: string;
  contact_attempts: number;
  created_at: Date;
}

export function listFlaggedDonors(db: Sql, limit = 100): Promise<FlaggedDonorRow[]> {
  return db.many<FlaggedDonorRow>(
    `select id, full_name, blood_group, district_id, status, contact_attempts, created_at
     from donors where flagged_for_admin order by created_at limit $1`,
    [limit],
  );
}

export interface FlaggedRequestRow {
  [key: string]: unknown;
  id: number;
  reference: string;
  blood_group: string;
  urgency: string;
  district_id: number;
  status: string;
  contact_attempts: number;
  created_at: Date;
}

export function listFlaggedRequests(db: Sql, limit = 100): Promise<FlaggedRequestRow[]> {
  return db.many<FlaggedRequestRow>(
    `select id, reference, blood_group, urgency, district_id, status, contact_attempts, created_at
     from blood_requests where flagged_for_admin order by created_at limit $1`,
    [limit],
  );
}
