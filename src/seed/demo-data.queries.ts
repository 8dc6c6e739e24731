import type { Sql } from '../db/database';
import { nextDonationDate } from '../domain/eligibility';
import { generateReference } from '../domain/reference';
import { addRequestEvent } from '../requests/requests.queries';
import type { DemoDonor, DemoRequest } from './demo-rows';

// SQL for the demo dataset. Donors and requests are written with their status, verifier and
// is_demo flag, which the public forms' inserts (insertDonor, createBloodRequest) never set.

export function findAccountByUsername(db: Sql, username: string): Promise<{ id: number; is_demo: boolean } | undefined> {
  return db.maybeOne<{ id: number; is_demo: boolean }>('select id, is_demo from volunteers where username = $1', [username]);
}

/** Puts an existing demo account back to its documented state: active, known password, no forced change. */
export async function resetDemoAccount(
  db: Sql,
  id: number,
  a: { fullName: string; role: string; passwordHash: string; rank: string; badgeNumber: string; policeStation: string; phone: string },
): Promise<void> {
  await db.exec(
    `update volunteers
     set full_name = $2, role = $3, password_hash = $4, must_change_password = false, is_active = true, deactivated_at = null,
         rank = $5, badge_number = $6, police_station = $7, phone = $8, updated_at = now()
     where id = $1 and is_demo`,
    [id, a.fullName, a.role, a.passwordHash, a.rank, a.badgeNumber, a.policeStation, a.phone],
  );
}

/** Forgets failed sign-ins (and any lockout) of the demo usernames. */
export async function clearDemoLoginThrottles(db: Sql, usernames: readonly string[]): Promise<void> {
  await db.exec('delete from login_throttles where username = any($1::text[])', [usernames]);
}

// Demo rows are the is_demo rows with the demo phone numbers (+91 90000 00NNN); synthetic benchmark
// rows are is_demo too but have numbers of their own, and are left alone. An erased demo donor has
// no number left, and no synthetic donor is ever erased.
const DEMO_DONOR = `is_demo and (phone like '+919000000%' or phone is null)`;

/** Removes the demo donors and requests of an earlier run (their events and notes go with them). */
export async function deleteDemoRecords(db: Sql): Promise<{ donors: number; requests: number }> {
  // Donations recorded while trying the portal would otherwise keep the demo donors in place.
  await db.exec(`delete from donations where donor_id in (select id from donors where ${DEMO_DONOR})`);
  const requests = await db.exec(`delete from blood_requests where is_demo and contact_phone like '+919000000%'`);
  const donors = await db.exec(`delete from donors where ${DEMO_DONOR}`);
  return { donors, requests };
}

export interface Resolved {
  districtId: number;
  verifiedBy: number | null;
  registeredBy: number | null;
}

/** Inserts a demo donor; returns undefined when a record that is not demo data already has its phone number. */
export function insertDemoDonor(db: Sql, d: DemoDonor, r: Resolved): Promise<{ id: number } | undefined> {
  return db.maybeOne<{ id: number }>(
    `insert into donors (full_name, phone, sex, date_of_birth, weight_kg, blood_group, is_bombay, state_code, district_id,
                         locality, pincode, latitude, longitude, last_donation_on, status, source_channel, preferred_language,
                         consent_notice_version, consent_given_at, created_at, updated_at, verified_at, verified_by, registered_by, is_demo, eligible_from)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19, $20, $21, $22, $23, true, $24)
     on conflict (phone) do nothing
     returning id`,
    [
      d.full_name, d.phone, d.sex, d.date_of_birth, d.weight_kg, d.blood_group, d.is_bombay, d.state_code, r.districtId,
      d.locality, d.pincode, d.latitude, d.longitude, d.last_donation_on, d.status, d.source_channel, d.preferred_language,
      d.consent_notice_version, d.created_at, d.verified_at ?? d.created_at, d.verified_at, r.verifiedBy, r.registeredBy,
      // Demo donors who gave recently wait out their gap before matching, like real ones.
      nextDonationDate(d.sex, d.last_donation_on) ?? null,
    ],
  );
}

const MAX_REFERENCE_ATTEMPTS = 5;

/** Inserts a demo request under a fresh random reference, with one timeline event per status it reached. */
export async function insertDemoRequest(db: Sql, q: DemoRequest, r: Resolved): Promise<{ id: number; reference: string }> {
  for (let attempt = 0; attempt < MAX_REFERENCE_ATTEMPTS; attempt++) {
    const inserted = await db.maybeOne<{ id: number; reference: string }>(
      `insert into blood_requests (reference, form_token, patient_name, patient_age, blood_group, is_bombay, component, units,
                                   urgency, needed_by, hospital_name, hospital_city, state_code, district_id, pincode, latitude,
                                   longitude, contact_name, contact_phone, relation, notes, status, preferred_language,
                                   consent_notice_version, consent_given_at, created_at, updated_at, verified_at, verified_by, is_demo)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $25, $26, $27, $28, true)
       on conflict do nothing
       returning id, reference`,
      [
        generateReference(), q.form_token, q.patient_name, q.patient_age, q.blood_group, q.is_bombay, q.component, q.units,
        q.urgency, q.needed_by, q.hospital_name, q.hospital_city, q.state_code, r.districtId, q.pincode, q.latitude,
        q.longitude, q.contact_name, q.contact_phone, q.relation, q.notes, q.status, q.preferred_language,
        q.consent_notice_version, q.created_at, q.verified_at ?? q.created_at, q.verified_at, r.verifiedBy,
      ],
    );
    if (inserted) {
      for (const event of q.events) {
        await addRequestEvent(db, inserted.id, event.status, event.at);
      }
      return inserted;
    }
  }
  throw new Error(`No free request reference after ${MAX_REFERENCE_ATTEMPTS} attempts`);
}
