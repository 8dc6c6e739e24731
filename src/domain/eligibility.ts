import { addDays, addYears, ageOn } from './dates';
import type { Sex } from './blood';

// Whole-blood donor rules from the NBTC/NACO Guidelines for Blood Donor Selection (2017).
// Kept in one place so a change in the official rules is a change here only.
export const DONOR_RULES = {
  minAge: 18,
  maxAge: 65,
  maxFirstTimeAge: 60,
  minWeightKg: 45,
  minHaemoglobin: 12.5,
  /** Minimum days between whole-blood donations; "other" uses the longer gap. */
  donationGapDays: { male: 90, female: 120, other: 120 } satisfies Record<Sex, number>,
} as const;

export type RegistrationProblem =
  | { field: 'date_of_birth'; code: 'too_young'; eligibleFrom: string }
  | { field: 'date_of_birth'; code: 'too_old' }
  | { field: 'date_of_birth'; code: 'first_time_too_old' }
  | { field: 'weight_kg'; code: 'underweight' };

export interface RegistrationFacts {
  dateOfBirth?: string | undefined;
  weightKg?: number | undefined;
  lastDonationOn?: string | undefined;
}

/** What stops this person registering as a donor today (empty when nothing does). Unknown facts are not judged. */
export function registrationProblems(facts: RegistrationFacts, today: string): RegistrationProblem[] {
  const problems: RegistrationProblem[] = [];
  const age = facts.dateOfBirth ? ageProblem(facts.dateOfBirth, facts.lastDonationOn, today) : undefined;
  if (age) problems.push(age);
  if (facts.weightKg !== undefined && facts.weightKg < DONOR_RULES.minWeightKg) problems.push({ field: 'weight_kg', code: 'underweight' });
  return problems;
}

function ageProblem(dateOfBirth: string, lastDonationOn: string | undefined, today: string): RegistrationProblem | undefined {
  const age = ageOn(dateOfBirth, today);
  if (age < DONOR_RULES.minAge) return { field: 'date_of_birth', code: 'too_young', eligibleFrom: addYears(dateOfBirth, DONOR_RULES.minAge) };
  if (age > DONOR_RULES.maxAge) return { field: 'date_of_birth', code: 'too_old' };
  if (age > DONOR_RULES.maxFirstTimeAge && !lastDonationOn) return { field: 'date_of_birth', code: 'first_time_too_old' };
  return undefined;
}

/** The first day a donor may give whole blood again, or undefined if they never have. */
export function nextDonationDate(sex: Sex, lastDonationOn: string | undefined | null): string | undefined {
  return lastDonationOn ? addDays(lastDonationOn, DONOR_RULES.donationGapDays[sex]) : undefined;
}

export interface DonorFacts {
  dateOfBirth: string;
  sex: Sex;
  weightKg: number;
  lastDonationOn?: string | null;
  donationCount?: number;
  /** untilDate: the first day the deferral no longer applies; null = permanent. */
  deferrals?: ReadonlyArray<{ reason: string; untilDate: string | null }>;
}

export type IneligibleReason =
  | { code: 'too_young'; until: string }
  | { code: 'too_old' }
  | { code: 'first_time_too_old' }
  | { code: 'underweight' }
  | { code: 'donation_gap'; until: string }
  | { code: 'deferred'; reason: string; until: string | null /* null = permanent */ };

export interface Eligibility {
  eligible: boolean;
  reasons: IneligibleReason[];
  /** today when eligible; the first day all temporary reasons have passed; null when never (permanent deferral, too old, underweight cannot be predicted) */
  nextEligibleOn: string | null;
}

/** A first-time donor has no donation on record at all. */
function isFirstTime(facts: Pick<DonorFacts, 'lastDonationOn' | 'donationCount'>): boolean {
  return !facts.lastDonationOn && (facts.donationCount ?? 0) === 0;
}

function tooOldOn(facts: DonorFacts, day: string): IneligibleReason | undefined {
  const age = ageOn(facts.dateOfBirth, day);
  if (age > DONOR_RULES.maxAge) return { code: 'too_old' };
  if (age > DONOR_RULES.maxFirstTimeAge && isFirstTime(facts)) return { code: 'first_time_too_old' };
  return undefined;
}

/** Whether this donor may give whole blood today, every reason why not, and from when they may. */
export function donorEligibility(facts: DonorFacts, today: string): Eligibility {
  const reasons: IneligibleReason[] = [];
  if (ageOn(facts.dateOfBirth, today) < DONOR_RULES.minAge) {
    reasons.push({ code: 'too_young', until: addYears(facts.dateOfBirth, DONOR_RULES.minAge) });
  } else {
    const old = tooOldOn(facts, today);
    if (old) reasons.push(old);
  }
  if (facts.weightKg < DONOR_RULES.minWeightKg) reasons.push({ code: 'underweight' });
  const gapEnds = nextDonationDate(facts.sex, facts.lastDonationOn);
  if (gapEnds && gapEnds > today) reasons.push({ code: 'donation_gap', until: gapEnds });
  for (const d of facts.deferrals ?? []) {
    if (d.untilDate === null || d.untilDate > today) reasons.push({ code: 'deferred', reason: d.reason, until: d.untilDate });
  }
  return { eligible: reasons.length === 0, reasons, nextEligibleOn: nextEligibleOn(facts, reasons, today) };
}

function nextEligibleOn(facts: DonorFacts, reasons: IneligibleReason[], today: string): string | null {
  let latest = today;
  for (const r of reasons) {
    if (r.code === 'too_old' || r.code === 'first_time_too_old' || r.code === 'underweight') return null;
    if (r.until === null) return null;
    if (r.until > latest) latest = r.until;
  }
  // Waiting out a deferral can carry someone past the age limit (a 65-year-old with 120 days to wait).
  return tooOldOn(facts, latest) ? null : latest;
}

/**
 * What to store in donors.eligible_from: the first day the donation gap and all temporary deferrals
 * have passed (ignores age and weight, which matching checks itself); null when nothing restricts;
 * 'infinity' when a permanent deferral applies.
 */
export function eligibleFromDate(facts: Pick<DonorFacts, 'sex' | 'lastDonationOn' | 'deferrals'>): string | null {
  let latest: string | null = nextDonationDate(facts.sex, facts.lastDonationOn) ?? null;
  for (const d of facts.deferrals ?? []) {
    if (d.untilDate === null) return 'infinity';
    if (latest === null || d.untilDate > latest) latest = d.untilDate;
  }
  return latest;
}
