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
