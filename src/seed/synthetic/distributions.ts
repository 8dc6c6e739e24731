import type { BloodGroup, Component, Sex, Urgency } from '../../domain/blood';

// The shapes of the synthetic national dataset. Each table says where its numbers come from;
// the README (section "Synthetic national dataset") repeats them for operators.

/**
 * ABO shares as commonly reported for Indian blood donors: O 37 %, B 32 %, A 22 %, AB 7.5 %.
 * Rh-negative groups get 4 % in all (O− 1.5, B− 1.2, A− 1.0, AB− 0.3: the issue asks for "about 1–2 %
 * each"); the positive groups are scaled by 96 / 98.5 so the eight add up to 100.
 */
const POSITIVE_SCALE = 96 / 98.5;
export const BLOOD_GROUP_WEIGHTS: Readonly<Record<BloodGroup, number>> = {
  'O+': 37 * POSITIVE_SCALE,
  'B+': 32 * POSITIVE_SCALE,
  'A+': 22 * POSITIVE_SCALE,
  'AB+': 7.5 * POSITIVE_SCALE,
  'O-': 1.5,
  'B-': 1.2,
  'A-': 1.0,
  'AB-': 0.3,
};

/** Bombay (hh) phenotype: about 1 in 10,000 people in India; it types as O, so only O donors carry it. */
export const BOMBAY_RATE = 1 / 10_000;
export const BOMBAY_GIVEN_GROUP_O = BOMBAY_RATE / ((BLOOD_GROUP_WEIGHTS['O+'] + BLOOD_GROUP_WEIGHTS['O-']) / 100);

/**
 * Population by state/UT code, Census of India 2011 (Primary Census Abstract, final figures).
 * Andhra Pradesh is split into Telangana and the residual state by the 2011 figures of their
 * districts (35,003,674 + 49,577,103 = 84,580,777); Jammu & Kashmir and Ladakh by the 2011 figures
 * of Leh and Kargil (133,487 + 140,802); Dadra & Nagar Haveli and Daman & Diu are added together.
 */
export const STATE_POPULATION_2011: Readonly<Record<string, number>> = {
  UP: 199_812_341, MH: 112_374_333, BR: 104_099_452, WB: 91_276_115, MP: 72_626_809, TN: 72_147_030,
  RJ: 68_548_437, KA: 61_095_297, GJ: 60_439_692, AP: 49_577_103, OD: 41_974_218, TG: 35_003_674,
  KL: 33_406_061, JH: 32_988_134, AS: 31_205_576, PB: 27_743_338, CG: 25_545_198, HR: 25_351_462,
  DL: 16_787_941, JK: 12_267_013, UK: 10_086_292, HP: 6_864_602, TR: 3_673_917, ML: 2_966_889,
  MN: 2_855_794, NL: 1_978_502, GA: 1_458_545, AR: 1_383_727, PY: 1_247_953, MZ: 1_097_206,
  CH: 1_055_450, SK: 610_577, DH: 343_709 + 243_247, AN: 380_581, LA: 133_487 + 140_802, LD: 64_473,
};

/** Hindi-speaking states and UTs, where most people choose Hindi; elsewhere fewer do. */
export const HINDI_BELT = new Set(['UP', 'BR', 'MP', 'RJ', 'HR', 'DL', 'UK', 'HP', 'JH', 'CG', 'CH']);
export const HINDI_SHARE = { hindiBelt: 0.85, elsewhere: 0.3 } as const;

/** About 70 % of donors are men, as the issue asks (women are a minority of blood donors in India). */
export const SEX_WEIGHTS: Readonly<Record<Sex, number>> = { male: 70, female: 29.9, other: 0.1 };

/** Relative weight of each age in years: most donors are 20–45. The age limits are DONOR_RULES' 18–65. */
export function ageWeight(age: number): number {
  if (age < 18 || age > 65) return 0;
  if (age < 20) return 2;
  if (age <= 45) return 4.5;
  if (age <= 55) return 2;
  if (age <= 60) return 1;
  return 0.5;
}

/** Body weight in kg: normal, by sex, cut to 45–110 (45 kg is the donor minimum). */
export const BODY_WEIGHT_KG = {
  male: { mean: 70, sd: 11 },
  female: { mean: 58, sd: 9 },
  other: { mean: 64, sd: 11 },
  min: 45,
  max: 110,
} as const;

/** Share of donors who gave in the last two years (some are still inside their 90/120-day gap). */
export const RECENT_DONATION_SHARE = 0.6;
export const RECENT_DONATION_DAYS = 730;
/** Donors registered over the last three years. */
export const REGISTRATION_WINDOW_DAYS = 1095;

export const DONOR_STATUS_WEIGHTS = { verified: 85, pending_verification: 10, rejected: 5 } as const;
export const DONOR_REJECTION_WEIGHTS = { unreachable: 35, wrong_number: 20, duplicate: 15, ineligible: 15, not_genuine: 10, declined: 5 } as const;
/** Of verified donors, this many paused themselves (half until a date, half until they resume). */
export const PAUSED_SHARE = 0.02;
export const EMAIL_SHARE = 0.2;
export const DONOR_CHANNEL_WEIGHTS = { web: 70, helpline: 10, whatsapp: 8, camp: 5, facebook: 3, walk_in: 3, twitter: 1 } as const;

/** Requests: the component asked for (the figures), units, urgency. */
export const COMPONENT_WEIGHTS: Readonly<Record<Component, number>> = { red_cells: 60, whole_blood: 15, platelets: 15, plasma: 10 };
export const UNITS_WEIGHTS: Readonly<Record<string, number>> = { 1: 45, 2: 35, 3: 10, 4: 6, 5: 1.5, 6: 1.5, 8: 0.5, 10: 0.5 };
export const URGENCY_WEIGHTS: Readonly<Record<Urgency, number>> = { emergency: 30, urgent: 45, planned: 25 };
/** Days from posting to the needed-by date, as the demo data and the request form suggest. */
export const URGENCY_DAYS: Readonly<Record<Urgency, number>> = { emergency: 0, urgent: 2, planned: 10 };

/** Mostly finished requests; about 5 % waiting for verification and 10 % being filled. */
export const REQUEST_STATUS_WEIGHTS = {
  pending_verification: 5, open: 6, in_progress: 4, fulfilled: 50, closed: 20, expired: 15,
} as const;
/** Of closed requests, the share a volunteer rejected at verification (the rest were closed later, with a reason). */
export const REJECTED_SHARE_OF_CLOSED = 0.4;
export const REQUEST_REJECTION_WEIGHTS = { unreachable: 30, wrong_number: 15, duplicate: 25, not_genuine: 10, no_longer_needed: 15, other: 5 } as const;
export const CLOSED_REASON_WEIGHTS = {
  arranged_elsewhere: 40, no_longer_needed: 20, patient_discharged: 15, patient_died: 5, duplicate: 5, unreachable: 10, other: 5,
} as const;
export const REQUEST_CHANNEL_WEIGHTS = { web: 55, helpline: 25, whatsapp: 12, facebook: 4, twitter: 2, walk_in: 2 } as const;
/** Requests posted over the last two years. */
export const REQUEST_WINDOW_DAYS = 730;

/** Patients' ages: [from, to] in years and a weight for the band. */
export const PATIENT_AGE_BANDS: ReadonlyArray<readonly [number, number, number]> = [
  [0, 14, 12], [15, 29, 25], [30, 44, 22], [45, 59, 21], [60, 90, 20],
];
