import type { Sql } from '../db/database';

// Erasure when a donor withdraws consent (DPDP Act 2023 s.12). Run inside one transaction.
// Kept for statistics: the donors row's id, blood group, sex, state/district, donation count
// and dates of registration; donations (no personal data in them); contact attempts without
// their notes. Everything else that names, reaches or describes the person goes.

export interface ErasureCounts {
  deferrals: number;
  notes: number;
  notificationsDeleted: number;
  notificationsRedacted: number;
  loginCodes: number;
  sessions: number;
}

/** Returns what was removed, or undefined when there is no such (unerased) donor. */
export async function eraseDonor(db: Sql, donorId: number, at: Date): Promise<ErasureCounts | undefined> {
  const donor = await db.maybeOne<{ phone: string; email: string | null }>(
    'select phone, email from donors where id = $1 and erased_at is null for update',
    [donorId],
  );
  if (!donor) return undefined;
  // Messages are theirs when linked to them, or sent to their number or address outside any request.
  const theirMessages = `(donor_id = $1 or (request_id is null and recipient = any($2::text[])))`;
  const addresses = [donor.phone, ...(donor.email ? [donor.email] : [])];

  const deferrals = await db.exec('delete from donor_deferrals where donor_id = $1', [donorId]);
  const notes = await db.exec('delete from case_notes where donor_id = $1', [donorId]);
  const notificationsDeleted = await db.exec(`delete from notifications where ${theirMessages} and status <> 'sent'`, [donorId, addresses]);
  const notificationsRedacted = await db.exec(
    `update notifications set recipient = 'erased', payload = '{}', last_error = null, updated_at = $3
     where ${theirMessages} and status = 'sent'`,
    [donorId, addresses, at],
  );
  const loginCodes = await db.exec('delete from donor_login_codes where phone = $1', [donor.phone]);
  await db.exec('update contact_attempts set note = null where donor_id = $1 and note is not null', [donorId]);
  // Their sign-ins on other devices, and any sign-in half-way through with their number.
  const sessions = await db.exec(
    `delete from sessions where sess->>'donorId' = $1::text or sess->>'donorLoginPhone' = $2`,
    [donorId, donor.phone],
  );
  await db.exec(
    `update donors set
       full_name = null, phone = null, email = null, date_of_birth = null, weight_kg = null,
       locality = null, pincode = null, latitude = null, longitude = null, last_donation_on = null,
       rejection_note = null, status = 'erased', erased_at = $2, updated_at = $2,
       paused = false, paused_until = null, eligible_from = null, reminder_opt_in = false, last_contacted_at = null,
       claimed_by = null, claimed_until = null, flagged_for_admin = false
     where id = $1`,
    [donorId, at],
  );
  return { deferrals, notes, notificationsDeleted, notificationsRedacted, loginCodes, sessions };
}
