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
  dateOfBirth: string;
  weightKg: number;
  lastDonationOn?: string | undefined;
}

/** What stops this person registering as a donor today (empty when nothing does). */
export function registrationProblems(facts: RegistrationFacts, today: string): RegistrationProblem[] {
  const problems: RegistrationProblem[] = [];
  const age = ageOn(facts.dateOfBirth, today);
  if (age < DONOR_RULES.minAge) {
    problems.push({ field: 'date_of_birth', code: 'too_young', eligibleFrom: addYears(facts.dateOfBirth, DONOR_RULES.minAge) });
  } else if (age > DONOR_RULES.maxAge) {
    problems.push({ field: 'date_of_birth', code: 'too_old' });
  } else if (age > DONOR_RULES.maxFirstTimeAge && !facts.lastDonationOn) {
    problems.push({ field: 'date_of_birth', code: 'first_time_too_old' });
  }
  if (facts.weightKg < DONOR_RULES.minWeightKg) problems.push({ field: 'weight_kg', code: 'underweight' });
  return problems;
}

/** The first day a donor may give whole blood again, or undefined if they never have. */
export function nextDonationDate(sex: Sex, lastDonationOn: string | undefined | null): string | undefined {
  return lastDonationOn ? addDays(lastDonationOn, DONOR_RULES.donationGapDays[sex]) : undefined;
}
