import { z } from 'zod';
import { BLOOD_GROUPS, BOMBAY_COMPATIBLE_GROUPS, SEXES } from '../domain/blood';
import { formatDate } from '../domain/dates';
import { registrationProblems } from '../domain/eligibility';
import type { GeoDirectory } from '../geo/geo-directory';
import { requireDistrictInState, stateCode } from '../geo/location-fields';
import { checkbox, choice, decimalNumber, indianMobile, mustTick, optionalDate, optionalText, pincode, requiredDate, requiredText, selectedId } from '../web/fields';

/** The donor form's fields, in the order they appear on the page. */
export const DONOR_FIELDS = [
  'full_name', 'phone', 'email', 'sex', 'date_of_birth', 'weight_kg', 'blood_group', 'is_bombay',
  'state_code', 'district_id', 'locality', 'pincode', 'last_donation_on', 'consent',
] as const;

export function donorSchema({ today, geo }: { today: string; geo: GeoDirectory }) {
  return z
    .object({
      full_name: requiredText(100, 2),
      phone: indianMobile,
      email: optionalText(254).pipe(z.email({ error: 'errors.email' }).optional()),
      sex: choice(SEXES, 'errors.choose_sex'),
      date_of_birth: requiredDate,
      weight_kg: decimalNumber(1, 250, 'errors.weight_range'),
      blood_group: choice(BLOOD_GROUPS, 'errors.choose_blood_group'),
      is_bombay: checkbox,
      state_code: stateCode(geo),
      district_id: selectedId('errors.choose_district'),
      locality: requiredText(100, 2),
      pincode,
      last_donation_on: optionalDate,
      consent: mustTick('errors.consent'),
    })
    .superRefine((d, ctx) => {
      requireDistrictInState(d, ctx, geo);
      if (d.date_of_birth > today) {
        ctx.addIssue({ code: 'custom', path: ['date_of_birth'], message: 'errors.date_in_future' });
        return;
      }
      if (d.last_donation_on && d.last_donation_on > today) {
        ctx.addIssue({ code: 'custom', path: ['last_donation_on'], message: 'errors.date_in_future' });
      } else if (d.last_donation_on && d.last_donation_on <= d.date_of_birth) {
        ctx.addIssue({ code: 'custom', path: ['last_donation_on'], message: 'errors.donation_before_birth' });
      }
      if (d.is_bombay && !BOMBAY_COMPATIBLE_GROUPS.includes(d.blood_group)) {
        ctx.addIssue({ code: 'custom', path: ['is_bombay'], message: 'errors.bombay_needs_o' });
      }
      const facts = { dateOfBirth: d.date_of_birth, weightKg: d.weight_kg, lastDonationOn: d.last_donation_on };
      for (const p of registrationProblems(facts, today)) {
        const params = p.code === 'too_young' ? { eligibleFrom: formatDate(p.eligibleFrom) } : undefined;
        ctx.addIssue({ code: 'custom', path: [p.field], message: `errors.eligibility.${p.code}`, params });
      }
    });
}

export type DonorInput = z.output<ReturnType<typeof donorSchema>>;
