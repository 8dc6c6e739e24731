import type { Sql } from '../db/database';

// donor_login_codes: one row per code asked for, for any number typed (registered or not),
// so that the per-number limits behave the same whoever asks.

export interface SignInDonor {
  [key: string]: unknown;
  id: number;
  preferred_language: 'hi' | 'en';
}

/** A donor who may sign in with this number: registered and not erased. */
export function findDonorForSignIn(db: Sql, phone: string): Promise<SignInDonor | undefined> {
  return db.maybeOne<SignInDonor>('select id, preferred_language from donors where phone = $1 and erased_at is null', [phone]);
}

/** Serialises code requests for one number, so two at once cannot both slip under the limit. */
export async function lockPhone(db: Sql, phone: string): Promise<void> {
  await db.exec("select pg_advisory_xact_lock(hashtext('donor_login:' || $1))", [phone]);
}

export interface RecentCodes {
  [key: string]: unknown;
  in_window: number;
  in_day: number;
  oldest_in_window: Date | null;
  oldest_in_day: Date | null;
}

export function countRecentCodes(db: Sql, phone: string, windowStart: Date, dayStart: Date): Promise<RecentCodes> {
  return db.one<RecentCodes>(
    `select count(*) filter (where created_at > $2)::int as in_window,
            count(*)::int as in_day,
            min(created_at) filter (where created_at > $2) as oldest_in_window,
            min(created_at) as oldest_in_day
     from donor_login_codes where phone = $1 and created_at > $3`,
    [phone, windowStart, dayStart],
  );
}

export async function insertLoginCode(db: Sql, c: { phone: string; codeHash: string; expiresAt: Date; ip: string | undefined; at: Date }): Promise<void> {
  await db.exec(
    'insert into donor_login_codes (phone, code_hash, expires_at, ip, created_at) values ($1, $2, $3, $4, $5)',
    [c.phone, c.codeHash, c.expiresAt, c.ip ?? null, c.at],
  );
}

/** Rows older than the daily window serve no limit any more; they go, with the numbers they hold. */
export async function pruneLoginCodes(db: Sql, before: Date): Promise<void> {
  await db.exec('delete from donor_login_codes where created_at < $1', [before]);
}

export interface LoginCodeRow {
  [key: string]: unknown;
  id: number;
  code_hash: string;
  attempts: number;
  expires_at: Date;
  consumed_at: Date | null;
}

/** The newest code for a number, locked: only the newest one counts, so asking again supersedes the others. */
export function newestCodeForUpdate(db: Sql, phone: string): Promise<LoginCodeRow | undefined> {
  return db.maybeOne<LoginCodeRow>(
    `select id, code_hash, attempts, expires_at, consumed_at from donor_login_codes
     where phone = $1 order by created_at desc, id desc limit 1 for update`,
    [phone],
  );
}

export async function countWrongAttempt(db: Sql, id: number): Promise<number> {
  const row = await db.one<{ attempts: number }>('update donor_login_codes set attempts = attempts + 1 where id = $1 returning attempts', [id]);
  return row.attempts;
}

export async function consumeCode(db: Sql, id: number, at: Date): Promise<void> {
  await db.exec('update donor_login_codes set consumed_at = $2 where id = $1', [id, at]);
}
