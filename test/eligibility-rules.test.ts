import { describe, expect, it } from 'vitest';
import { addDays, addMonths, addYears, ageOn } from '../src/domain/dates';
import { DEFERRAL_RULES, deferralRule, deferralUntil, isDeferralCode } from '../src/domain/deferrals';
import { donorEligibility, eligibleFromDate, type DonorFacts } from '../src/domain/eligibility';
import { readLocale } from '../src/web/i18n';

const TODAY = '2026-06-15';
const adult = (o: Partial<DonorFacts> = {}): DonorFacts => ({ dateOfBirth: '1990-04-12', sex: 'male', weightKg: 68, ...o });

describe('calendar arithmetic behind the rules', () => {
  it('adds calendar months, rolling a missing day to the 1st of the next month like addYears does for 29 February', () => {
    expect(addMonths('2026-01-15', 1)).toBe('2026-02-15');
    expect(addMonths('2025-11-30', 3)).toBe('2026-03-01');
    expect(addMonths('2025-08-31', 6)).toBe('2026-03-01');
    expect(addMonths('2026-01-31', 1)).toBe('2026-03-01');
    expect(addMonths('2028-01-29', 1)).toBe('2028-02-29');
    expect(addMonths('2028-01-31', 1)).toBe('2028-03-01');
    expect(addMonths('2024-02-29', 12)).toBe('2025-03-01');
    expect(addMonths('2024-02-29', 48)).toBe('2028-02-29');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
    expect(addMonths('2026-10-31', 21)).toBe('2028-07-31');
  });

  it('counts a 29 February birthday as passed on 1 March in common years, in ageOn and addYears alike', () => {
    expect(addYears('2008-02-29', 18)).toBe('2026-03-01');
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
    expect(ageOn('2008-02-29', '2028-02-28')).toBe(19);
    expect(ageOn('2008-02-29', '2028-02-29')).toBe(20);
  });

  it('agrees everywhere: someone is n years old exactly from addYears(birth, n)', () => {
    const births = ['2008-02-29', '1964-02-29', '1961-03-01', '1960-02-28', '1990-12-31', '2000-01-01', '1966-06-15'];
    for (const birth of births) {
      for (const n of [18, 60, 61, 65, 66]) {
        const birthday = addYears(birth, n);
        for (let offset = -3; offset <= 3; offset++) {
          const day = addDays(birthday, offset);
          expect(ageOn(birth, day) >= n, `${birth} on ${day}, age ${n}`).toBe(day >= birthday);
        }
      }
    }
  });
});

describe('the deferral questionnaire', () => {
  it('has unique codes that fit donor_deferrals.reason (lowercase letters and _)', () => {
    const codes = DEFERRAL_RULES.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[a-z][a-z_]{1,49}$/);
  });

  it('gives every rule either a positive period or permanence, never both', () => {
    for (const rule of DEFERRAL_RULES) {
      const periods = [rule.days, rule.months].filter((p) => p !== undefined);
      if (rule.permanent) expect(periods, rule.code).toEqual([]);
      else expect(periods.length === 1 && periods[0]! > 0, rule.code).toBe(true);
    }
  });

  it('holds the NBTC 2017 periods', () => {
    const period = (code: string) => {
      const r = deferralRule(code)!;
      return r.permanent ? 'permanent' : r.months ? `${r.months} months` : `${r.days} days`;
    };
    expect(period('tattoo_piercing')).toBe('12 months');
    expect(period('major_surgery')).toBe('12 months');
    expect(period('minor_surgery')).toBe('6 months');
    expect(period('blood_transfusion')).toBe('12 months');
    expect(period('delivery')).toBe('12 months');
    expect(period('abortion')).toBe('6 months');
    expect(period('malaria')).toBe('3 months');
    expect(period('dengue')).toBe('6 months');
    expect(period('typhoid')).toBe('12 months');
    expect(period('tuberculosis')).toBe('24 months');
    expect(period('antibiotics')).toBe('14 days');
    expect(period('vaccination')).toBe('14 days');
    expect(period('live_vaccination')).toBe('28 days');
    expect(period('rabies_vaccination')).toBe('12 months');
    expect(period('alcohol')).toBe('1 days');
    for (const code of ['hiv', 'hepatitis_b', 'hepatitis_c']) expect(period(code)).toBe('permanent');
  });

  it('asks about pregnancy only of women', () => {
    const femaleOnly = DEFERRAL_RULES.filter((r) => r.femaleOnly).map((r) => r.code);
    expect(femaleOnly.sort()).toEqual(['abortion', 'breastfeeding', 'delivery', 'pregnancy']);
  });

  it('has a label and a one-line hint for every reason in Hindi and English, and nothing else', () => {
    for (const lang of ['hi', 'en'] as const) {
      const reasons = (readLocale(lang).deferrals as { reasons: Record<string, { label: string; hint: string }> }).reasons;
      expect(Object.keys(reasons).sort()).toEqual(DEFERRAL_RULES.map((r) => r.code).sort());
      for (const [code, text] of Object.entries(reasons)) {
        expect(text.label.length, `${lang} ${code}`).toBeGreaterThan(1);
        expect(text.hint.length, `${lang} ${code}`).toBeGreaterThan(10);
        expect(text.hint, `${lang} ${code}`).not.toContain('\n');
      }
    }
    const hi = (readLocale('hi').deferrals as { reasons: Record<string, { label: string }> }).reasons;
    expect(hi.tattoo_piercing!.label).toMatch(/[\u0900-\u097F]/);
  });

  it('knows its codes', () => {
    expect(isDeferralCode('malaria')).toBe(true);
    expect(isDeferralCode('alcohol_24h')).toBe(false);
    expect(isDeferralCode(undefined)).toBe(false);
  });
});

describe('deferralUntil: the first day someone may donate again', () => {
  it.each([
    ['tattoo_piercing', '2025-06-15', '2026-06-15'],
    ['tattoo_piercing', '2024-02-29', '2025-03-01'],
    ['minor_surgery', '2025-08-31', '2026-03-01'],
    ['malaria', '2026-03-15', '2026-06-15'],
    ['antibiotics', '2026-06-01', '2026-06-15'],
    ['vaccination', '2026-05-25', '2026-06-08'],
    ['live_vaccination', '2026-05-25', '2026-06-22'],
    ['alcohol', '2026-06-14', '2026-06-15'],
    ['alcohol', '2026-12-31', '2027-01-01'],
    ['tuberculosis', '2026-01-10', '2028-01-10'],
  ])('%s since %s → %s', (code, since, until) => {
    expect(deferralUntil(code, since)).toBe(until);
  });

  it('is null for permanent reasons', () => {
    expect(deferralUntil('hiv', '2026-06-15')).toBeNull();
    expect(deferralUntil('hepatitis_c', '2001-01-01')).toBeNull();
  });

  it('refuses a code it does not know rather than guessing a period', () => {
    expect(() => deferralUntil('common_cold', '2026-06-15')).toThrow(/common_cold/);
  });
});

describe('donorEligibility', () => {
  it('lets a healthy adult with no history donate today', () => {
    expect(donorEligibility(adult(), TODAY)).toEqual({ eligible: true, reasons: [], nextEligibleOn: TODAY });
  });

  describe('the gap since the last whole-blood donation', () => {
    it('is 90 days for men: day 89 not yet, day 90 yes', () => {
      expect(addDays('2026-03-18', 89)).toBe(TODAY);
      expect(donorEligibility(adult({ lastDonationOn: '2026-03-18' }), TODAY)).toEqual({
        eligible: false,
        reasons: [{ code: 'donation_gap', until: '2026-06-16' }],
        nextEligibleOn: '2026-06-16',
      });
      expect(donorEligibility(adult({ lastDonationOn: '2026-03-17' }), TODAY).eligible).toBe(true);
    });

    it('is 120 days for women: day 119 not yet, day 120 yes', () => {
      expect(addDays('2026-02-16', 119)).toBe(TODAY);
      expect(donorEligibility(adult({ sex: 'female', lastDonationOn: '2026-02-16' }), TODAY).reasons).toEqual([{ code: 'donation_gap', until: '2026-06-16' }]);
      expect(donorEligibility(adult({ sex: 'female', lastDonationOn: '2026-02-15' }), TODAY).eligible).toBe(true);
      expect(donorEligibility(adult({ sex: 'male', lastDonationOn: '2026-02-16' }), TODAY).eligible).toBe(true);
    });

    it('is the longer 120 days for "other"', () => {
      expect(donorEligibility(adult({ sex: 'other', lastDonationOn: '2026-02-16' }), TODAY).nextEligibleOn).toBe('2026-06-16');
      expect(donorEligibility(adult({ sex: 'other', lastDonationOn: '2026-02-15' }), TODAY).eligible).toBe(true);
    });
  });

  describe('age, in completed years', () => {
    it('is eligible on the 18th birthday and not the day before', () => {
      expect(donorEligibility(adult({ dateOfBirth: '2008-06-15' }), TODAY).eligible).toBe(true);
      expect(donorEligibility(adult({ dateOfBirth: '2008-06-16' }), TODAY)).toEqual({
        eligible: false,
        reasons: [{ code: 'too_young', until: '2026-06-16' }],
        nextEligibleOn: '2026-06-16',
      });
    });

    it('counts someone born on 29 February as 18 on 1 March, not 28 February', () => {
      const leapling = adult({ dateOfBirth: '2008-02-29' });
      expect(donorEligibility(leapling, '2026-02-28').reasons).toEqual([{ code: 'too_young', until: '2026-03-01' }]);
      expect(donorEligibility(leapling, '2026-03-01').eligible).toBe(true);
    });

    it('takes a first-time donor at 60 but not at 61', () => {
      expect(donorEligibility(adult({ dateOfBirth: '1966-06-15' }), TODAY).eligible).toBe(true); // 60 today
      expect(donorEligibility(adult({ dateOfBirth: '1965-06-16' }), TODAY).eligible).toBe(true); // 61 tomorrow
      expect(donorEligibility(adult({ dateOfBirth: '1965-06-15' }), TODAY)).toEqual({
        eligible: false,
        reasons: [{ code: 'first_time_too_old' }],
        nextEligibleOn: null,
      });
    });

    it('applies the first-time limit to a 29 February birthday on 1 March', () => {
      const leapling = adult({ dateOfBirth: '1964-02-29' });
      expect(donorEligibility(leapling, '2025-02-28').eligible).toBe(true);
      expect(donorEligibility(leapling, '2025-03-01').reasons).toEqual([{ code: 'first_time_too_old' }]);
    });

    it('takes a repeat donor up to and including age 65, not at 66', () => {
      const repeat = { donationCount: 4 };
      expect(donorEligibility(adult({ ...repeat, dateOfBirth: '1961-06-15' }), TODAY).eligible).toBe(true); // 65 today
      expect(donorEligibility(adult({ ...repeat, dateOfBirth: '1960-06-16' }), TODAY).eligible).toBe(true); // 66 tomorrow
      expect(donorEligibility(adult({ ...repeat, dateOfBirth: '1960-06-15' }), TODAY)).toEqual({
        eligible: false,
        reasons: [{ code: 'too_old' }],
        nextEligibleOn: null,
      });
    });

    it('counts as a repeat donor anyone with a donation count or a last donation date', () => {
      const sixtyThree = '1963-01-01';
      expect(donorEligibility(adult({ dateOfBirth: sixtyThree }), TODAY).reasons).toEqual([{ code: 'first_time_too_old' }]);
      expect(donorEligibility(adult({ dateOfBirth: sixtyThree, donationCount: 0, lastDonationOn: null }), TODAY).eligible).toBe(false);
      expect(donorEligibility(adult({ dateOfBirth: sixtyThree, donationCount: 1 }), TODAY).eligible).toBe(true);
      expect(donorEligibility(adult({ dateOfBirth: sixtyThree, lastDonationOn: '2024-01-01' }), TODAY).eligible).toBe(true);
    });
  });

  it('needs at least 45 kg, and cannot predict when someone will weigh more', () => {
    expect(donorEligibility(adult({ weightKg: 45 }), TODAY).eligible).toBe(true);
    expect(donorEligibility(adult({ weightKg: 44.9 }), TODAY)).toEqual({ eligible: false, reasons: [{ code: 'underweight' }], nextEligibleOn: null });
  });

  describe('deferrals', () => {
    it('holds a temporary deferral until its end date, which is itself a donation day', () => {
      const tattoo = (untilDate: string) => adult({ deferrals: [{ reason: 'tattoo_piercing', untilDate }] });
      expect(donorEligibility(tattoo('2026-06-16'), TODAY)).toEqual({
        eligible: false,
        reasons: [{ code: 'deferred', reason: 'tattoo_piercing', until: '2026-06-16' }],
        nextEligibleOn: '2026-06-16',
      });
      expect(donorEligibility(tattoo(TODAY), TODAY).eligible).toBe(true);
      expect(donorEligibility(tattoo('2025-01-01'), TODAY).eligible).toBe(true);
    });

    it('never ends a permanent deferral', () => {
      expect(donorEligibility(adult({ deferrals: [{ reason: 'hiv', untilDate: null }] }), TODAY)).toEqual({
        eligible: false,
        reasons: [{ code: 'deferred', reason: 'hiv', until: null }],
        nextEligibleOn: null,
      });
    });
  });

  it('lists every reason at once and waits for the latest of them', () => {
    const facts = adult({
      sex: 'female',
      lastDonationOn: '2026-04-01',
      deferrals: [
        { reason: 'malaria', untilDate: '2026-07-01' },
        { reason: 'tattoo_piercing', untilDate: '2026-09-01' },
        { reason: 'antibiotics', untilDate: '2026-06-10' },
      ],
    });
    expect(donorEligibility(facts, TODAY)).toEqual({
      eligible: false,
      reasons: [
        { code: 'donation_gap', until: '2026-07-30' },
        { code: 'deferred', reason: 'malaria', until: '2026-07-01' },
        { code: 'deferred', reason: 'tattoo_piercing', until: '2026-09-01' },
      ],
      nextEligibleOn: '2026-09-01',
    });
  });

  it('says never when a temporary reason also meets a lasting one', () => {
    const facts = adult({ weightKg: 40, dateOfBirth: '2008-07-01', deferrals: [{ reason: 'dengue', untilDate: '2026-08-01' }] });
    const result = donorEligibility(facts, TODAY);
    expect(result.reasons.map((r) => r.code)).toEqual(['too_young', 'underweight', 'deferred']);
    expect(result.nextEligibleOn).toBeNull();
  });

  it('says never when waiting out a deferral would carry the donor past 65', () => {
    const turning66 = { dateOfBirth: '1960-07-01', donationCount: 10 };
    expect(donorEligibility(adult({ ...turning66, deferrals: [{ reason: 'typhoid', untilDate: '2026-08-01' }] }), TODAY).nextEligibleOn).toBeNull();
    expect(donorEligibility(adult({ ...turning66, deferrals: [{ reason: 'typhoid', untilDate: '2026-06-30' }] }), TODAY).nextEligibleOn).toBe('2026-06-30');
  });
});

describe('eligibleFromDate: what donors.eligible_from holds', () => {
  it('is null when nothing restricts the donor', () => {
    expect(eligibleFromDate({ sex: 'male' })).toBeNull();
    expect(eligibleFromDate({ sex: 'female', lastDonationOn: null, deferrals: [] })).toBeNull();
  });

  it('is the end of the donation gap', () => {
    expect(eligibleFromDate({ sex: 'male', lastDonationOn: '2026-03-18' })).toBe('2026-06-16');
    expect(eligibleFromDate({ sex: 'female', lastDonationOn: '2026-03-18' })).toBe('2026-07-16');
  });

  it('is the latest of the gap and every temporary deferral', () => {
    expect(eligibleFromDate({ sex: 'male', lastDonationOn: '2026-06-01', deferrals: [{ reason: 'alcohol', untilDate: '2026-06-02' }] })).toBe('2026-08-30');
    expect(
      eligibleFromDate({
        sex: 'male',
        lastDonationOn: '2026-06-01',
        deferrals: [
          { reason: 'tattoo_piercing', untilDate: '2027-05-01' },
          { reason: 'malaria', untilDate: '2026-09-01' },
        ],
      }),
    ).toBe('2027-05-01');
    expect(eligibleFromDate({ sex: 'male', deferrals: [{ reason: 'vaccination', untilDate: '2026-06-20' }] })).toBe('2026-06-20');
  });

  it("is 'infinity' once any deferral is permanent", () => {
    expect(eligibleFromDate({ sex: 'male', lastDonationOn: '2026-06-01', deferrals: [{ reason: 'malaria', untilDate: '2026-09-01' }, { reason: 'hepatitis_b', untilDate: null }] })).toBe('infinity');
  });
});
