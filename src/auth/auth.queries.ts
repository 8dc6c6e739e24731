import type { Sql } from '../db/database';

export interface VolunteerRow {
  [key: string]: unknown;
  id: number;
  username: string;
  full_name: string;
  role: 'volunteer' | 'admin';
  password_hash: string;
  must_change_password: boolean;
  is_active: boolean;
  password_changed_at: Date | null;
}

const COLUMNS = 'id, username, full_name, role, password_hash, must_change_password, is_active, password_changed_at';

export function findVolunteerByUsername(db: Sql, username: string): Promise<VolunteerRow | undefined> {
  return db.maybeOne<VolunteerRow>(`select ${COLUMNS} from volunteers where username = $1`, [username]);
}

export function findVolunteerById(db: Sql, id: number): Promise<VolunteerRow | undefined> {
  return db.maybeOne<VolunteerRow>(`select ${COLUMNS} from volunteers where id = $1`, [id]);
}

/**
 * The signed-in volunteer and, in the same round trip, the districts they may work on (null for
 * admins): this runs on every staff page.
 */
export function findVolunteerWithDistricts(db: Sql, id: number): Promise<(VolunteerRow & { district_ids: number[] | null }) | undefined> {
  return db.maybeOne<VolunteerRow & { district_ids: number[] | null }>(
    `select ${COLUMNS},
            case when v.role = 'admin' then null else array(
              select d.id from districts d
              where exists (select 1 from volunteer_jurisdictions j
                            where j.volunteer_id = v.id and j.state_code = d.state_code and (j.district_id is null or j.district_id = d.id))
              order by d.id) end as district_ids
     from volunteers v where v.id = $1`,
    [id],
  );
}

export async function recordSuccessfulLogin(db: Sql, volunteerId: number, at: Date): Promise<void> {
  await db.exec('update volunteers set last_login_at = $2 where id = $1', [volunteerId, at]);
}

export async function changePassword(db: Sql, volunteerId: number, hash: string, at: Date): Promise<void> {
  await db.exec(
    'update volunteers set password_hash = $2, must_change_password = false, password_changed_at = $3, updated_at = $3 where id = $1',
    [volunteerId, hash, at],
  );
}

// Lockout bookkeeping, per username tried.

export async function lockedUntil(db: Sql, username: string, now: Date): Promise<Date | undefined> {
  const row = await db.maybeOne<{ locked_until: Date | null }>('select locked_until from login_throttles where username = $1', [username]);
  return row?.locked_until && row.locked_until > now ? row.locked_until : undefined;
}

/** Counts a failure; when it reaches the threshold, locks the username and returns the lock's end. */
export async function recordFailedLogin(
  db: Sql,
  username: string,
  now: Date,
  policy: { threshold: number; lockoutMs: number },
): Promise<Date | undefined> {
  const { failed_count } = await db.one<{ failed_count: number }>(
    `insert into login_throttles as t (username, failed_count, last_failed_at) values ($1, 1, $2)
     on conflict (username) do update set failed_count = t.failed_count + 1, last_failed_at = $2
     returning failed_count`,
    [username, now],
  );
  if (failed_count < policy.threshold) return undefined;
  const lockEnd = new Date(now.getTime() + policy.lockoutMs);
  await db.exec('update login_throttles set failed_count = 0, locked_until = $2 where username = $1', [username, lockEnd]);
  return lockEnd;
}

export async function clearFailedLogins(db: Sql, username: string): Promise<void> {
  await db.exec('delete from login_throttles where username = $1', [username]);
}
