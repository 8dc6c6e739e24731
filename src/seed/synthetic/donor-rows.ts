import { BOMBAY_COMPATIBLE_GROUPS, SEXES, type BloodGroup, type Sex } from '../../domain/blood';
import { addYears } from '../../domain/dates';
import { DONOR_RULES, nextDonationDate } from '../../domain/eligibility';
import type { CopyValue } from '../../db/copy';
import { DAY, HOUR, MINUTE, type SyntheticClock } from './clock';
import {
  ageWeight, BLOOD_GROUP_WEIGHTS, BODY_WEIGHT_KG, BOMBAY_GIVEN_GROUP_O, DONOR_CHANNEL_WEIGHTS, DONOR_REJECTION_WEIGHTS,
  DONOR_STATUS_WEIGHTS, EMAIL_SHARE, HINDI_BELT, HINDI_SHARE, PAUSED_SHARE, RECENT_DONATION_DAYS, RECENT_DONATION_SHARE,
  REGISTRATION_WINDOW_DAYS, SEX_WEIGHTS,
} from './distributions';
import { PhoneSequence, SYNTHETIC_DONOR_NAME_PREFIX } from './identities';
import type { Places } from './places';
import { LabelPicker, WeightedPicker, type Random } from './random';

// Rows of synthetic donors for COPY. Everything that can be is computed once into lookup tables
// (ages, birthdays, weights, eligibility dates); the loop per row only draws numbers and indexes.

export const DONOR_COLUMNS = [
  'full_name', 'phone', 'email', 'sex', 'date_of_birth', 'weight_kg', 'blood_group', 'is_bombay',
  'state_code', 'district_id', 'locality', 'pincode', 'latitude', 'longitude', 'last_donation_on',
  'status', 'source_channel', 'preferred_language', 'consent_notice_version', 'consent_given_at',
  'created_at', 'updated_at', 'verified_at', 'rejected_at', 'rejection_reason',
  'paused', 'paused_until', 'eligible_from', 'is_demo',
] as const;

const LOCALITIES = [
  'Civil Lines', 'Station Road', 'Gandhi Nagar', 'Nehru Colony', 'Ram Nagar', 'Shastri Nagar', 'Subhash Chowk', 'Model Town',
  'Indira Colony', 'Sadar Bazar', 'Azad Nagar', 'Rajendra Nagar', 'Patel Nagar', 'Ambedkar Colony', 'Shivaji Nagar', 'Tilak Road',
  'Old City', 'Cantonment', 'Railway Colony', 'Housing Board Colony', 'Main Bazaar', 'Police Lines', 'College Road', 'Hospital Road',
  'Ward 3', 'Ward 7', 'Ward 12', 'Sector 4', 'Sector 9', 'Sector 15', 'Village Panchayat Bhawan', 'Mandi Road',
];

/** Born more than this many days ago means 18 or older (18 years are at most 6,575 days). */
const ADULT_DAYS = 6576;
const DECISION_DAYS = 3;
const DECISION_DELAY = { min: 10 * MINUTE, max: DECISION_DAYS * 24 * HOUR };
const BODY_WEIGHT_TABLE_SIZE = 4096;
const MAX_LAST_DONATION_DAYS = 3650;

export interface DonorRowOptions {
  clock: SyntheticClock;
  places: Places;
  random: Random;
  phones: PhoneSequence;
  consentNoticeVersion: string;
  /** Numbers in names run from here (1 on a first run). */
  firstNumber?: number;
}

/** Days before today on which someone aged exactly `age` today may have been born: [min, max]. */
function birthDayRange(clock: SyntheticClock, age: number): [number, number] {
  const daysBack = (iso: string) => Math.round((Date.parse(clock.today) - Date.parse(iso)) / DAY);
  return [daysBack(addYears(clock.today, -age)), daysBack(addYears(clock.today, -(age + 1))) - 1];
}

/** Body weights as 'kg.d' strings, sampled once from the normal distribution of each sex. */
function bodyWeightTable(sex: Sex, random: Random): string[] {
  const { mean, sd } = BODY_WEIGHT_KG[sex];
  return Array.from({ length: BODY_WEIGHT_TABLE_SIZE }, () => {
    // Box–Muller; 1 - random() is never 0.
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.min(BODY_WEIGHT_KG.max, Math.max(BODY_WEIGHT_KG.min, mean + sd * z)).toFixed(1);
  });
}

export function* donorRows(count: number, o: DonorRowOptions): Generator<CopyValue[]> {
  const { clock, places, random, phones } = o;
  const sexPicker = new LabelPicker(SEX_WEIGHTS);
  const groupPicker = new LabelPicker(BLOOD_GROUP_WEIGHTS);
  const statusPicker = new LabelPicker(DONOR_STATUS_WEIGHTS);
  const rejectionPicker = new LabelPicker(DONOR_REJECTION_WEIGHTS);
  const channelPicker = new LabelPicker(DONOR_CHANNEL_WEIGHTS);
  const ages = Array.from({ length: DONOR_RULES.maxAge + 1 }, (_, a) => a);
  const agePicker = new WeightedPicker(ages.map(ageWeight));
  const birthRanges = ages.map((a) => (ageWeight(a) > 0 ? birthDayRange(clock, a) : [0, 0]));
  const weights = Object.fromEntries(SEXES.map((s) => [s, bodyWeightTable(s, random)])) as Record<Sex, string[]>;
  // eligible_from for a donation d days ago, by sex: nextDonationDate itself, once per day and sex.
  const eligibleFrom = Object.fromEntries(SEXES.map((s) => [
    s, Array.from({ length: MAX_LAST_DONATION_DAYS + 1 }, (_, d) => nextDonationDate(s, clock.day(-d)) ?? null),
  ])) as Record<Sex, Array<string | null>>;
  const isBombayCapable = new Set<BloodGroup>(BOMBAY_COMPATIBLE_GROUPS);
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const todayStart = clock.dayStartMs(0);
  const first = o.firstNumber ?? 1;

  for (let n = first; n < first + count; n++) {
    const sex = sexPicker.pick(random());
    const age = agePicker.pick(random());
    const [youngest, oldest] = birthRanges[age]!;
    const bornDaysAgo = between(youngest!, oldest!);
    const adultDays = bornDaysAgo - ADULT_DAYS; // days since the 18th birthday, at least

    // Registered after turning 18. A decision takes up to three days: decided donors registered
    // earlier than that, and someone who turned 18 only days ago is still waiting.
    const registeredWithin = Math.max(0, Math.min(REGISTRATION_WINDOW_DAYS, adultDays));
    let status: 'verified' | 'pending_verification' | 'rejected' = statusPicker.pick(random());
    if (registeredWithin < DECISION_DAYS) status = 'pending_verification';
    const registeredDaysAgo = between(status === 'pending_verification' ? 0 : DECISION_DAYS, registeredWithin);
    let createdMs = clock.dayStartMs(-registeredDaysAgo) + Math.floor(random() * DAY);
    if (createdMs > clock.nowMs) createdMs = todayStart + Math.floor(random() * (clock.nowMs - todayStart));
    const decidedMs = status === 'pending_verification'
      ? null
      : createdMs + Math.min(DECISION_DELAY.min + Math.floor(random() * (DECISION_DELAY.max - DECISION_DELAY.min)), clock.nowMs - createdMs);

    // Some gave in the last two years; everyone over 60 has given before (first-time donors must be ≤ 60).
    let lastDonationDaysAgo: number | null = null;
    const donationWindow = Math.min(RECENT_DONATION_DAYS, adultDays);
    if (random() < RECENT_DONATION_SHARE && donationWindow >= 1) lastDonationDaysAgo = between(1, donationWindow);
    else if (age > DONOR_RULES.maxFirstTimeAge) lastDonationDaysAgo = between(RECENT_DONATION_DAYS + 1, Math.min(MAX_LAST_DONATION_DAYS, adultDays));

    const group = groupPicker.pick(random());
    const place = places.pick(random);
    const hindiShare = HINDI_BELT.has(place.stateCode) ? HINDI_SHARE.hindiBelt : HINDI_SHARE.elsewhere;
    const paused = status === 'verified' && random() < PAUSED_SHARE;

    yield [
      SYNTHETIC_DONOR_NAME_PREFIX + n,
      phones.take(),
      random() < EMAIL_SHARE ? `synthetic.donor.${n}@example.invalid` : null,
      sex,
      clock.day(-bornDaysAgo),
      weights[sex][(random() * BODY_WEIGHT_TABLE_SIZE) | 0]!,
      group,
      isBombayCapable.has(group) && random() < BOMBAY_GIVEN_GROUP_O,
      place.stateCode,
      place.districtId,
      LOCALITIES[(random() * LOCALITIES.length) | 0]!,
      place.pincode,
      place.latitude,
      place.longitude,
      lastDonationDaysAgo === null ? null : clock.day(-lastDonationDaysAgo),
      status,
      channelPicker.pick(random()),
      random() < hindiShare ? 'hi' : 'en',
      o.consentNoticeVersion,
      clock.timestamp(createdMs),
      clock.timestamp(createdMs),
      clock.timestamp(decidedMs ?? createdMs),
      status === 'verified' ? clock.timestamp(decidedMs!) : null,
      status === 'rejected' ? clock.timestamp(decidedMs!) : null,
      status === 'rejected' ? rejectionPicker.pick(random()) : null,
      paused,
      // Half of those who paused chose a date to come back, within three months.
      paused && random() < 0.5 ? clock.day(between(1, 90)) : null,
      lastDonationDaysAgo === null ? null : eligibleFrom[sex][lastDonationDaysAgo]!,
      true,
    ];
  }
}
