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
