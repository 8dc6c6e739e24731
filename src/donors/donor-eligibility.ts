import type { Sql } from '../db/database';
import type { Component } from '../domain/blood';
import { deferralUntil } from '../domain/deferrals';
import { donorEligibility, eligibleFromDate, type Eligibility } from '../domain/eligibility';
import {
  countDonation, findEligibilityFacts, insertDeferral, insertDonation, listDeferrals, updateEligibleFrom,
} from './eligibility.queries';

// Keeps donors.eligible_from in step with donations and deferrals, so matching stays a plain
// indexed comparison. Every function here runs inside the caller's transaction.

/** Recomputes donors.eligible_from for one donor from their sex, last_donation_on and deferrals (donor_deferrals rows), stores it, returns it. Call inside the caller's transaction. */
export async function refreshEligibleFrom(db: Sql, donorId: number): Promise<string | null> {
  const facts = await findEligibilityFacts(db, donorId, { lock: true });
  if (!facts) throw new Error(`No donor ${donorId}`);
  // Read after taking the lock: a deferral committed meanwhile by another transaction is included.
  const deferrals = await listDeferrals(db, donorId);
  const value = eligibleFromDate({ sex: facts.sex, lastDonationOn: facts.last_donation_on, deferrals });
  await updateEligibleFrom(db, donorId, value);
  return value;
}

export interface DonationInput {
  donorId: number;
  donatedOn: string;
  units: number;
  component: Component;
  place?: string | undefined;
  source: 'request' | 'self_reported' | 'camp';
  requestId?: number | undefined;
  recordedBy?: number | undefined;
  /** The camp it was given at (source 'camp'); a donor gives at most once per camp. */
  campId?: number | undefined;
  /** The patient's request the donor gave "for" (family and friends), when there is one. */
  forRequestId?: number | undefined;
}

/** Inserts a donations row, moves donors.last_donation_on forward (never backwards), increments donation_count, refreshes eligible_from. Returns the donation id. Caller supplies the transaction. */
export async function recordDonation(db: Sql, d: DonationInput): Promise<number> {
  const id = await insertDonation(db, {
    donorId: d.donorId,
    donatedOn: d.donatedOn,
    units: d.units,
    component: d.component,
    place: d.place ?? null,
    source: d.source,
    requestId: d.requestId ?? null,
    recordedBy: d.recordedBy ?? null,
    campId: d.campId ?? null,
    forRequestId: d.forRequestId ?? null,
  });
  await countDonation(db, d.donorId, d.donatedOn);
  await refreshEligibleFrom(db, d.donorId);
  return id;
}

export interface DeferralInput {
  donorId: number;
  reason: string;
  since: string;
  /** Overrides the period of the rule; null = permanent. */
  untilDate?: string | null;
  source: 'self' | 'volunteer';
  recordedBy?: number;
  note?: string;
}

/** Adds a donor_deferrals row (until computed from the rule unless given) and refreshes eligible_from. */
export async function addDeferral(db: Sql, d: DeferralInput): Promise<number> {
  const untilDate = d.untilDate !== undefined ? d.untilDate : deferralUntil(d.reason, d.since);
  const id = await insertDeferral(db, {
    donorId: d.donorId,
    reason: d.reason,
    untilDate,
    source: d.source,
    recordedBy: d.recordedBy ?? null,
    note: d.note ?? null,
  });
  await refreshEligibleFrom(db, d.donorId);
  return id;
}

/** Loads the facts and deferrals and returns donorEligibility(...) for display. */
export async function loadDonorEligibility(db: Sql, donorId: number, today: string): Promise<Eligibility | undefined> {
  const facts = await findEligibilityFacts(db, donorId);
  if (!facts) return undefined;
  const deferrals = await listDeferrals(db, donorId);
  return donorEligibility(
    {
      dateOfBirth: facts.date_of_birth,
      sex: facts.sex,
      weightKg: facts.weight_kg,
      lastDonationOn: facts.last_donation_on,
      donationCount: facts.donation_count,
      deferrals,
    },
    today,
  );
}
