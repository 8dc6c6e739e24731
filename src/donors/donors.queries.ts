import type { Sql } from '../db/database';
import { nextDonationDate } from '../domain/eligibility';
import type { DonorInput } from './donors.schema';

export interface NewDonor extends Omit<DonorInput, 'consent'> {
  latitude?: number | undefined;
  longitude?: number | undefined;
  preferred_language: 'hi' | 'en';
  consent_notice_version: string;
  consent_given_at: Date;
  /** Assisted entry: how the person reached the campaign, and the volunteer who typed it in. */
  source_channel?: string;
  registered_by?: number;
  /** Set when the volunteer verified the donor in the same step. */
  verified_by?: number | undefined;
  verified_at?: Date | undefined;
}

/**
 * Inserts a donor (awaiting verification unless verified_by is given); undefined when the phone is already registered.
 * eligible_from starts at the end of the donation gap, so someone who gave blood last month is not matched too early.
 */
export async function insertDonor(db: Sql, d: NewDonor): Promise<{ id: number } | undefined> {
  return db.maybeOne<{ id: number }>(
    `insert into donors (full_name, phone, email, sex, date_of_birth, weight_kg, blood_group, is_bombay,
                         state_code, district_id, locality, pincode, latitude, longitude, last_donation_on,
                         preferred_language, consent_notice_version, consent_given_at,
                         source_channel, registered_by, verified_by, verified_at, status, eligible_from)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
             case when $21::int is null then 'pending_verification' else 'verified' end, $23)
     on conflict (phone) do nothing
     returning id`,
    [
      d.full_name, d.phone, d.email ?? null, d.sex, d.date_of_birth, d.weight_kg, d.blood_group, d.is_bombay,
      d.state_code, d.district_id, d.locality, d.pincode, d.latitude ?? null, d.longitude ?? null, d.last_donation_on ?? null,
      d.preferred_language, d.consent_notice_version, d.consent_given_at,
      d.source_channel ?? 'web', d.registered_by ?? null, d.verified_by ?? null, d.verified_by ? d.verified_at : null,
      nextDonationDate(d.sex, d.last_donation_on) ?? null,
    ],
  );
}

export interface ReminderDue {
  [key: string]: unknown;
  id: number;
  phone: string;
  email: string | null;
  preferred_language: 'hi' | 'en';
  eligible_from: string;
}

/**
 * Verified donors who asked to be told when they may donate again and whose date came in the
 * last week (a worker that was down for a few days still catches up, but never nags about old dates).
 */
export function donorsBecomingEligible(db: Sql, today: string, batch = 500): Promise<ReminderDue[]> {
  return db.many<ReminderDue>(
    `select d.id, d.phone, d.email, d.preferred_language, d.eligible_from from donors d
     where d.reminder_opt_in and d.status = 'verified' and d.erased_at is null and d.phone is not null
       and d.eligible_from <= $1::date and d.eligible_from > $1::date - 7 and d.last_donation_on is not null
       and not exists (select 1 from notifications n where n.dedupe_key = 'eligible_again:' || d.id || ':' || d.eligible_from || ':sms')
     order by d.eligible_from, d.id limit $2`,
    [today, batch],
  );
}
