import { addDays, addMonths } from './dates';

// The deferral questionnaire: things that stop someone giving blood for a while, or for good.
// Volunteers pick from it and donors answer it; the labels and hints live in locales/*/deferrals.json
// (deferrals.reasons.<code>.label / .hint). To change a period, change it here only.
//
// Source: NBTC/NACO "Guidelines for Blood Donor Selection & Blood Donor Referral" (2017), whose criteria
// table became Drugs and Cosmetics Rules Schedule F Part XII-B (G.S.R. 166(E), 2020). Periods were checked
// against reproductions of that table (blood-centre sites, and code quoting the gazette items, e.g. tattoo
// item 48 "Defer for 12 months", delivery item 15, abortion item 16, malaria item 58, dengue/chikungunya
// item 60, typhoid item 59, antibiotics item 92, vaccines items 79/80/82), not the PDF itself. Minor surgery
// and tooth extraction (6 months) could only be matched to older Indian standards: check them first.
// Where the guideline names no fixed period ("until all symptoms subside", "total period of lactation")
// the rule is marked `recheck`: the period is when we ask again, not a medical rule.

export interface DeferralRule {
  /** Stored in donor_deferrals.reason: lowercase letters and _ only (the table's check constraint). */
  code: string;
  days?: number;
  months?: number;
  permanent?: boolean;
  /** No fixed period in the guidelines; the period is when to ask again. */
  recheck?: boolean;
  /** Asked only of women (pregnancy and its aftermath). */
  femaleOnly?: boolean;
}

/** Most common first, as the questionnaire shows them; permanent ones last. */
export const DEFERRAL_RULES: readonly DeferralRule[] = [
  // Illness and medicines. "Since": the day the person got well / took the last dose / had the drink.
  { code: 'fever', days: 14, recheck: true }, // NBTC: until symptoms subside and afebrile; NBTC advisories: 2 weeks after an acute viral illness
  { code: 'antibiotics', days: 14 }, // 2 weeks after the last dose
  { code: 'alcohol', days: 1 }, // not in the 24 hours before donating
  { code: 'malaria', months: 3 }, // 3 months after full recovery
  { code: 'dengue', months: 6 }, // dengue or chikungunya: 6 months after full recovery
  { code: 'typhoid', months: 12 }, // 12 months after full recovery
  { code: 'hepatitis_a_e', months: 12 }, // known hepatitis A or E (jaundice): 12 months
  { code: 'hepatitis_contact', months: 12 }, // spouse, partner or household contact of someone with hepatitis
  { code: 'tuberculosis', months: 24 }, // 2 years after confirmation of cure
  // Procedures. "Since": the day of the procedure or of recovery.
  { code: 'tattoo_piercing', months: 12 }, // tattoo, body piercing or acupuncture: 12 months
  { code: 'minor_surgery', months: 6 }, // 6 months after recovery
  { code: 'major_surgery', months: 12 }, // 12 months after recovery
  { code: 'dental_extraction', months: 6 }, // tooth extraction or dental surgery under anaesthesia: 6 months
  { code: 'blood_transfusion', months: 12 }, // received blood: 12 months
  // Vaccines. "Since": the day of the (last) dose.
  { code: 'vaccination', days: 14 }, // killed or toxoid vaccines (tetanus, typhoid, flu, COVID-19…): 14 days
  { code: 'live_vaccination', days: 28 }, // live vaccines (measles, mumps, rubella, oral polio, yellow fever…): 28 days
  { code: 'rabies_vaccination', months: 12 }, // rabies vaccine after an animal bite, or hepatitis B immunoglobulin: 1 year
  // Pregnancy. "Since": the day pregnancy was reported / the birth / the abortion or miscarriage.
  { code: 'pregnancy', months: 21, femaleOnly: true, recheck: true }, // up to 9 months' pregnancy + 12 months after delivery; replaced by "delivery" after the birth
  { code: 'delivery', months: 12, femaleOnly: true }, // 12 months after delivery
  { code: 'abortion', months: 6, femaleOnly: true }, // 6 months after abortion or miscarriage
  { code: 'breastfeeding', months: 6, femaleOnly: true, recheck: true }, // the whole period of breast-feeding
  // Permanent.
  { code: 'hiv', permanent: true },
  { code: 'hepatitis_b', permanent: true },
  { code: 'hepatitis_c', permanent: true },
  { code: 'heart_disease', permanent: true },
  { code: 'cancer', permanent: true },
  { code: 'insulin_diabetes', permanent: true },
  { code: 'epilepsy', permanent: true },
  { code: 'bleeding_disorder', permanent: true },
];

const BY_CODE = new Map(DEFERRAL_RULES.map((rule) => [rule.code, rule]));

export function deferralRule(code: string): DeferralRule | undefined {
  return BY_CODE.get(code);
}

export function isDeferralCode(code: unknown): code is string {
  return typeof code === 'string' && BY_CODE.has(code);
}

/**
 * End of a deferral that began on `since` (YYYY-MM-DD): the first day the person may donate again,
 * or null for a permanent deferral. Throws on an unknown code (callers validate with isDeferralCode).
 */
export function deferralUntil(code: string, since: string): string | null {
  const rule = BY_CODE.get(code);
  if (!rule) throw new Error(`Unknown deferral reason: ${code}`);
  if (rule.permanent) return null;
  let until = since;
  if (rule.months) until = addMonths(until, rule.months);
  if (rule.days) until = addDays(until, rule.days);
  return until;
}
