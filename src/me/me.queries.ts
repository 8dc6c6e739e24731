import type { Sql } from '../db/database';

// What a signed-in donor sees and changes about themselves. Every query is by the session's
// donor id and skips erased rows.

export interface MyRecord {
  [key: string]: unknown;
  id: number;
  full_name: string;
  phone: string;
  email: string | null;
  sex: 'male' | 'female' | 'other';
  date_of_birth: string;
  blood_group: string;
  is_bombay: boolean;
  state_code: string;
  district_id: number;
  locality: string;
  pincode: string;
  status: 'pending_verification' | 'verified' | 'rejected';
  verified_at: Date | null;
  rejection_reason: string | null;
  preferred_language: 'hi' | 'en';
  paused: boolean;
  paused_until: string | null;
  reminder_opt_in: boolean;
  donation_count: number;
  created_at: Date;
}

export function findMyRecord(db: Sql, donorId: number): Promise<MyRecord | undefined> {
  return db.maybeOne<MyRecord>(
    `select id, full_name, phone, email, sex, date_of_birth, blood_group, is_bombay, state_code, district_id, locality, pincode,
            status, verified_at, rejection_reason, preferred_language, paused, paused_until, reminder_opt_in, donation_count, created_at
     from donors where id = $1 and erased_at is null`,
    [donorId],
  );
}

/** The signed-in donor's record: requireDonor has just checked that it exists and is not erased. */
export async function signedInRecord(db: Sql, donorId: number): Promise<MyRecord> {
  const record = await findMyRecord(db, donorId);
  if (!record) throw new Error(`signed-in donor ${donorId} has no record`);
  return record;
}

export interface MyDonation {
  [key: string]: unknown;
  donated_on: string;
  units: number;
  component: string;
  place: string | null;
  source: 'request' | 'self_reported' | 'camp';
}

export function myDonations(db: Sql, donorId: number): Promise<MyDonation[]> {
  return db.many<MyDonation>(
    'select donated_on, units, component, place, source from donations where donor_id = $1 order by donated_on desc, id desc',
    [donorId],
  );
}

/** Pauses (until a date, inclusive, or until resumed) or resumes being asked to donate. */
export async function setPaused(db: Sql, donorId: number, pause: { paused: boolean; until: string | null }, at: Date): Promise<void> {
  await db.exec('update donors set paused = $2, paused_until = $3, updated_at = $4 where id = $1 and erased_at is null', [donorId, pause.paused, pause.until, at]);
}

export async function setReminderOptIn(db: Sql, donorId: number, optIn: boolean, at: Date): Promise<void> {
  await db.exec('update donors set reminder_opt_in = $2, updated_at = $3 where id = $1 and erased_at is null', [donorId, optIn, at]);
}

export interface ContactChange {
  phone: string;
  email: string | undefined;
  preferred_language: 'hi' | 'en';
}

/**
 * New contact details. A new phone number is a new person to call: the record goes back to a
 * volunteer for verification as if it were new. 'phone_taken' when another donor has the number.
 */
export async function updateContact(db: Sql, donorId: number, c: ContactChange, at: Date): Promise<'updated' | 'phone_changed' | 'phone_taken'> {
  const current = await db.one<{ phone: string }>('select phone from donors where id = $1 and erased_at is null for update', [donorId]);
  const phoneChanged = current.phone !== c.phone;
  // Checked before anything is written, so a refused change leaves the record as it was.
  if (phoneChanged && (await db.maybeOne('select 1 from donors where phone = $1', [c.phone]))) return 'phone_taken';
  await db.exec('update donors set email = $2, preferred_language = $3, updated_at = $4 where id = $1', [donorId, c.email ?? null, c.preferred_language, at]);
  if (!phoneChanged) return 'updated';
  await db.exec(
    `update donors set phone = $2, status = 'pending_verification', verified_at = null, verified_by = null,
       rejected_at = null, rejected_by = null, rejection_reason = null, rejection_note = null,
       contact_attempts = 0, flagged_for_admin = false, claimed_by = null, claimed_until = null
     where id = $1`,
    [donorId, c.phone],
  );
  return 'phone_changed';
}

export interface LocationChange {
  state_code: string;
  district_id: number;
  locality: string;
  pincode: string;
  latitude?: number | undefined;
  longitude?: number | undefined;
}

export async function updateLocation(db: Sql, donorId: number, l: LocationChange, at: Date): Promise<void> {
  await db.exec(
    `update donors set state_code = $2, district_id = $3, locality = $4, pincode = $5, latitude = $6, longitude = $7, updated_at = $8
     where id = $1 and erased_at is null`,
    [donorId, l.state_code, l.district_id, l.locality, l.pincode, l.latitude ?? null, l.longitude ?? null, at],
  );
}
