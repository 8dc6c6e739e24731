import { z } from 'zod';
import { BLOOD_GROUPS, SEXES } from '../domain/blood';
import { formatDate } from '../domain/dates';
import { registrationProblems } from '../domain/eligibility';
import type { GeoDirectory } from '../geo/geo-directory';
import { checkBombayGroup, checkDistrictInState, stateCode } from '../geo/location-fields';
import { checkbox, choice, decimalNumber, indianMobile, mustTick, optionalDate, optionalText, pincode, requiredDate, requiredText, selectedId } from '../web/fields';
import type { FormDefinition } from '../web/forms';

/** The donor form; `today` is asked at each submission (dates are judged in Indian time). */
export function donorForm({ today: todayFn, geo }: { today: () => string; geo: GeoDirectory }) {
  const fields = {
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
  };
  return {
    order: Object.keys(fields),
    fields,
    check(d, problem) {
      const today = todayFn();
      checkDistrictInState(d, problem, geo);
      checkBombayGroup(d, problem);
      if (d.last_donation_on && d.last_donation_on > today) problem('last_donation_on', 'errors.date_in_future');
      else if (d.last_donation_on && d.date_of_birth && d.last_donation_on <= d.date_of_birth) problem('last_donation_on', 'errors.donation_before_birth');
      if (d.date_of_birth && d.date_of_birth > today) {
        problem('date_of_birth', 'errors.date_in_future');
        return;
      }
      const facts = { dateOfBirth: d.date_of_birth, weightKg: d.weight_kg, lastDonationOn: d.last_donation_on };
      for (const p of registrationProblems(facts, today)) {
        problem(p.field, `errors.eligibility.${p.code}`, p.code === 'too_young' ? { eligibleFrom: formatDate(p.eligibleFrom) } : undefined);
      }
    },
  } satisfies FormDefinition<typeof fields>;
}

export type DonorInput = z.output<z.ZodObject<ReturnType<typeof donorForm>['fields']>>;
