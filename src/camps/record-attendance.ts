import type { Sql } from '../db/database';
import { addDeferral, recordDonation } from '../donors/donor-eligibility';
import { findDonorContact } from '../notifications/notifications.queries';
import { notifyDonor } from '../notifications/notify';
import { campDonationExists, donorEligibleFrom, lockAttendanceRows, setRegistrationResult } from './attendance.queries';
import { isOpenRow, type RowChoice } from './attendance.schema';
import type { CampRow } from './camps.queries';

// Writing what the volunteer chose for each row of the attendance form, inside the caller's
// transaction (which holds the camp row's lock).

/** What one save did, for the flash message and the audit log (counts only, no names). */
export interface AttendanceCounts {
  donated: number;
  units: number;
  deferred: number;
  no_show: number;
  skipped: number;
}

interface SaveInput {
  camp: CampRow;
  choices: RowChoice[];
  /** Request ids of the references typed on the form (all known: the form was refused otherwise). */
  references: Map<string, number>;
  volunteerId: number;
  at: Date;
}

/** Writes each row's result. A row already recorded (by this form earlier, or by someone else meanwhile) is left as it is. */
export async function saveAttendanceChoices(tx: Sql, { camp, choices, references, volunteerId, at }: SaveInput): Promise<AttendanceCounts> {
  const counts: AttendanceCounts = { donated: 0, units: 0, deferred: 0, no_show: 0, skipped: 0 };
  const rows = new Map((await lockAttendanceRows(tx, camp.id, choices.map((c) => c.registrationId))).map((r) => [r.registration_id, r]));
  for (const choice of choices) {
    const row = rows.get(choice.registrationId);
    if (!row || !isOpenRow(row)) {
      counts.skipped += 1;
      continue;
    }
    if (choice.outcome === 'no_show') {
      await setRegistrationResult(tx, row.registration_id, { status: 'no_show' }, at);
      counts.no_show += 1;
    } else if (choice.outcome === 'deferred') {
      // Counted from the camp day: the safe side when the volunteer does not know the exact date.
      await addDeferral(tx, { donorId: row.donor_id, reason: choice.reason, since: camp.camp_date, source: 'volunteer', recordedBy: volunteerId });
      await setRegistrationResult(tx, row.registration_id, { status: 'deferred' }, at);
      counts.deferred += 1;
    } else if (await campDonationExists(tx, camp.id, row.donor_id)) {
      // One donation per donor per camp (donations_camp_donor_key), however the row got out of step.
      await setRegistrationResult(tx, row.registration_id, { status: 'donated' }, at);
      counts.skipped += 1;
    } else {
      const forRequestId = choice.forReference ? references.get(choice.forReference)! : null;
      await recordDonation(tx, {
        donorId: row.donor_id,
        donatedOn: camp.camp_date,
        units: choice.units,
        component: choice.component,
        place: camp.venue.slice(0, 150),
        source: 'camp',
        campId: camp.id,
        forRequestId: forRequestId ?? undefined,
        recordedBy: volunteerId,
      });
      await setRegistrationResult(tx, row.registration_id, { status: 'donated', forRequestId }, at);
      await thankDonor(tx, camp.id, row.donor_id);
      counts.donated += 1;
      counts.units += choice.units;
    }
  }
  return counts;
}

/** The thank-you with the donor's next date; once per camp and donor, however often attendance is saved. */
async function thankDonor(tx: Sql, campId: number, donorId: number) {
  const donor = await findDonorContact(tx, donorId);
  if (!donor) return;
  const next = await donorEligibleFrom(tx, donorId);
  await notifyDonor(tx, donor, 'donation_thanks', next && next !== 'infinity' ? { next_date: next } : {}, { dedupeKey: `camp-${campId}-donation-${donorId}` });
}
