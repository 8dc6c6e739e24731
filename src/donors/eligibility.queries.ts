import type { Sql } from '../db/database';
import type { Component, Sex } from '../domain/blood';

// Rows behind donor eligibility: the donor's own facts, their deferrals and donations.

export interface EligibilityFactsRow extends Record<string, unknown> {
  date_of_birth: string;
  sex: Sex;
  weight_kg: number;
  last_donation_on: string | null;
  donation_count: number;
}

/**
 * The donor's facts; `lock` holds the row until the transaction ends, so concurrent refreshes queue up.
 * "no key update" rather than "update": inserting a deferral or donation takes a key-share lock on the
 * donor (foreign key), which a plain "for update" would wait on, deadlocking two such transactions.
 */
export async function findEligibilityFacts(db: Sql, donorId: number, options: { lock?: boolean } = {}): Promise<EligibilityFactsRow | undefined> {
  return db.maybeOne<EligibilityFactsRow>(
    `select date_of_birth, sex, weight_kg, last_donation_on, donation_count from donors where id = $1${options.lock ? ' for no key update' : ''}`,
    [donorId],
  );
}

export async function listDeferrals(db: Sql, donorId: number): Promise<Array<{ reason: string; untilDate: string | null }>> {
  return db.many<{ reason: string; untilDate: string | null }>(
    `select reason, until_date as "untilDate" from donor_deferrals where donor_id = $1 order by id`,
    [donorId],
  );
}

/** value: a date, 'infinity' (permanently deferred) or null (no restriction). */
export async function updateEligibleFrom(db: Sql, donorId: number, value: string | null): Promise<void> {
  await db.exec('update donors set eligible_from = $2::date where id = $1', [donorId, value]);
}

export interface NewDonation {
  donorId: number;
  donatedOn: string;
  units: number;
  component: Component;
  place: string | null;
  source: 'request' | 'self_reported' | 'camp';
  requestId: number | null;
  recordedBy: number | null;
  campId?: number | null;
  forRequestId?: number | null;
}

export async function insertDonation(db: Sql, d: NewDonation): Promise<number> {
  const row = await db.one<{ id: number }>(
    `insert into donations (donor_id, donated_on, units, component, place, source, request_id, recorded_by, camp_id, for_request_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     returning id`,
    [d.donorId, d.donatedOn, d.units, d.component, d.place, d.source, d.requestId, d.recordedBy, d.campId ?? null, d.forRequestId ?? null],
  );
  return row.id;
}

/** Counts a donation; an older one reported late never moves last_donation_on backwards. */
export async function countDonation(db: Sql, donorId: number, donatedOn: string): Promise<void> {
  await db.exec(
    `update donors
        set last_donation_on = greatest(last_donation_on, $2::date),
            donation_count = donation_count + 1
      where id = $1`,
    [donorId, donatedOn],
  );
}

export interface NewDeferral {
  donorId: number;
  reason: string;
  untilDate: string | null;
  source: 'self' | 'volunteer';
  recordedBy: number | null;
  note: string | null;
}

export async function insertDeferral(db: Sql, d: NewDeferral): Promise<number> {
  const row = await db.one<{ id: number }>(
    `insert into donor_deferrals (donor_id, reason, until_date, source, recorded_by, note)
     values ($1, $2, $3, $4, $5, $6)
     returning id`,
    [d.donorId, d.reason, d.untilDate, d.source, d.recordedBy, d.note],
  );
  return row.id;
}
