import { describe, expect, it } from 'vitest';
import { formatIndianMobile, isValidPincode, normaliseIndianMobile } from '../src/domain/contact';
import { addDays, addYears, ageOn, formatDate, formatDateTime, parseDate, todayInIndia } from '../src/domain/dates';
import { DONOR_RULES, nextDonationDate, registrationProblems } from '../src/domain/eligibility';
import { generateReference, normaliseReference, REFERENCE_ALPHABET } from '../src/domain/reference';
import { displayBloodGroup } from '../src/domain/blood';

describe('Indian mobile numbers', () => {
  it.each([
    ['9876543210', '+919876543210'],
    ['98765 43210', '+919876543210'],
    ['+91 98765-43210', '+919876543210'],
    ['+919876543210', '+919876543210'],
    ['919876543210', '+919876543210'],
    ['09876543210', '+919876543210'],
    ['0091 98765 43210', '+919876543210'],
    ['(+91) 6000000000', '+916000000000'],
    ['९८७६५ ४३२१०', '+919876543210'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normaliseIndianMobile(input)).toBe(expected);
  });

  it.each(['', '12345', '5876543210', '98765432100', '+1 415 555 0100', '98765abcde', '+92 9876543210', '٩٨٧٦٥٤٣٢١٠'])('rejects %j', (input) => {
    expect(normaliseIndianMobile(input)).toBeUndefined();
  });

  it('formats for reading aloud', () => {
    expect(formatIndianMobile('+919876543210')).toBe('+91 98765 43210');
  });
});

describe('PIN codes', () => {
  it.each([['२११००१', true], ['211001', true], ['110001', true], ['011001', false], ['21100', false], ['2110011', false], ['21100a', false]])('%s valid: %s', (pin, ok) => {
    expect(isValidPincode(pin)).toBe(ok);
  });
});

describe('dates', () => {
  it('parses what people type and what date pickers send', () => {
    expect(parseDate('1995-01-25')).toBe('1995-01-25');
    expect(parseDate('25/01/1995')).toBe('1995-01-25');
    expect(parseDate('5-1-1995')).toBe('1995-01-05');
    expect(parseDate('25.01.1995')).toBe('1995-01-25');
    expect(parseDate(' 29/02/2024 ')).toBe('2024-02-29');
    expect(parseDate('२५/०१/१९९५')).toBe('1995-01-25');
  });

  it('rejects impossible or ambiguous dates', () => {
    for (const bad of ['29/02/2023', '31/04/2024', '2024-13-01', '00/01/2024', '1/1/24', 'tomorrow', '']) {
      expect(parseDate(bad)).toBeUndefined();
    }
  });

  it('knows today in India even when the server runs on UTC', () => {
    expect(todayInIndia(new Date('2026-06-14T18:29:00Z'))).toBe('2026-06-14');
    expect(todayInIndia(new Date('2026-06-14T18:31:00Z'))).toBe('2026-06-15');
  });

  it('counts completed years of age', () => {
    expect(ageOn('2008-06-15', '2026-06-14')).toBe(17);
    expect(ageOn('2008-06-15', '2026-06-15')).toBe(18);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });

  it('adds days and years across month and leap-year ends', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addYears('2008-02-29', 18)).toBe('2026-03-01');
  });

  it('shows DD/MM/YYYY and Indian time', () => {
    expect(formatDate('2026-06-05')).toBe('05/06/2026');
    expect(formatDate(null)).toBe('');
    expect(formatDateTime(new Date('2026-06-15T06:30:00Z'))).toBe('15/06/2026 12:00');
  });
});

describe('donor registration rules', () => {
  const today = '2026-06-15';
  const facts = (dateOfBirth: string, weightKg = 60, lastDonationOn?: string) => ({ dateOfBirth, weightKg, lastDonationOn });

  it('accepts an adult of normal weight', () => {
    expect(registrationProblems(facts('1990-01-01'), today)).toEqual([]);
  });

  it('turns away someone under 18 with the date they become eligible', () => {
    expect(registrationProblems(facts('2008-06-16'), today)).toEqual([{ field: 'date_of_birth', code: 'too_young', eligibleFrom: '2026-06-16' }]);
    expect(registrationProblems(facts('2008-06-15'), today)).toEqual([]);
  });

  it('accepts 65-year-olds and turns away 66-year-olds', () => {
    expect(registrationProblems(facts('1960-06-16', 60, '2025-01-01'), today)).toEqual([]);
    expect(registrationProblems(facts('1960-06-15', 60, '2025-01-01'), today)).toEqual([{ field: 'date_of_birth', code: 'too_old' }]);
  });

  it('lets only repeat donors register between 61 and 65', () => {
    expect(registrationProblems(facts('1965-06-16'), today)).toEqual([]);
    expect(registrationProblems(facts('1965-06-15'), today)).toEqual([{ field: 'date_of_birth', code: 'first_time_too_old' }]);
    expect(registrationProblems(facts('1965-06-15', 60, '2024-01-01'), today)).toEqual([]);
  });

  it('needs at least 45 kg', () => {
    expect(registrationProblems(facts('1990-01-01', 45), today)).toEqual([]);
    expect(registrationProblems(facts('1990-01-01', 44.9), today)).toEqual([{ field: 'weight_kg', code: 'underweight' }]);
  });

  it('reports age and weight problems together', () => {
    expect(registrationProblems(facts('2010-01-01', 40), today).map((p) => p.code)).toEqual(['too_young', 'underweight']);
  });

  it('spaces whole-blood donations 90 days for men and 120 days for women and others', () => {
    expect(nextDonationDate('male', '2026-01-01')).toBe('2026-04-01');
    expect(nextDonationDate('female', '2026-01-01')).toBe('2026-05-01');
    expect(nextDonationDate('other', '2026-01-01')).toBe('2026-05-01');
    expect(nextDonationDate('male', null)).toBeUndefined();
    expect(DONOR_RULES.minWeightKg).toBe(45);
  });
});

describe('request references', () => {
  it('are PM- and six unambiguous characters, and practically never repeat', () => {
    const refs = new Set(Array.from({ length: 2000 }, generateReference));
    expect(refs.size).toBe(2000);
    for (const ref of refs) expect(ref).toMatch(/^PM-[2-9A-HJKMNP-Z]{6}$/);
    expect(REFERENCE_ALPHABET).not.toMatch(/[01OIL]/);
  });

  it('accept what people type', () => {
    expect(normaliseReference('pm-7k3qx9')).toBe('PM-7K3QX9');
    expect(normaliseReference('PM 7K3 QX9')).toBe('PM-7K3QX9');
    expect(normaliseReference('7K3QX9')).toBe('PM-7K3QX9');
    expect(normaliseReference('PM-7K3QX')).toBeUndefined();
    expect(normaliseReference('PM-7K3QX0')).toBeUndefined();
  });
});

describe('blood groups', () => {
  it('display with a true minus sign', () => {
    expect(displayBloodGroup('AB-')).toBe('AB−');
    expect(displayBloodGroup('O+')).toBe('O+');
  });
});
