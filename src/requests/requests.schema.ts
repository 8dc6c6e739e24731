import { z } from 'zod';
import { BLOOD_GROUPS, COMPONENTS, MAX_UNITS, MIN_UNITS, URGENCIES } from '../domain/blood';
import { addDays } from '../domain/dates';
import type { GeoDirectory } from '../geo/geo-directory';
import { checkBombayGroup, checkDistrictInState, stateCode } from '../geo/location-fields';
import type { FormDefinition } from '../web/forms';
import { checkbox, choice, indianMobile, mustTick, optionalText, pincode, requiredDate, requiredText, selectedId, wholeNumber } from '../web/fields';
import { normaliseReference } from '../domain/reference';

/** How far ahead a request may be planned. */
export const MAX_DAYS_AHEAD = 90;

/** The request form; `today` is asked at each submission (dates are judged in Indian time). */
export function requestForm({ today: todayFn, geo }: { today: () => string; geo: GeoDirectory }) {
  const fields = {
    blood_group: choice(BLOOD_GROUPS, 'errors.choose_blood_group'),
    is_bombay: checkbox,
    component: choice(COMPONENTS, 'errors.choose_component'),
    units: wholeNumber(MIN_UNITS, MAX_UNITS, 'errors.units_range'),
    urgency: choice(URGENCIES, 'errors.choose_urgency'),
    needed_by: requiredDate,
    patient_name: requiredText(100, 2),
    patient_age: wholeNumber(0, 120, 'errors.patient_age_range'),
    hospital_name: requiredText(150, 2),
    hospital_city: requiredText(100, 2),
    state_code: stateCode(geo),
    district_id: selectedId('errors.choose_district'),
    pincode,
    contact_name: requiredText(100, 2),
    contact_phone: indianMobile,
    relation: optionalText(50),
    notes: optionalText(500),
    consent: mustTick('errors.consent_request'),
    form_token: z.uuid({ error: 'errors.form_expired' }),
  };
  return {
    // The form token is hidden, so its message heads the summary.
    order: ['form_token', ...Object.keys(fields).filter((f) => f !== 'form_token')],
    fields,
    check(d, problem) {
      const today = todayFn();
      checkDistrictInState(d, problem, geo);
      checkBombayGroup(d, problem);
      if (d.needed_by && d.needed_by < today) problem('needed_by', 'errors.date_in_past');
      else if (d.needed_by && d.needed_by > addDays(today, MAX_DAYS_AHEAD)) problem('needed_by', 'errors.needed_by_too_far', { days: MAX_DAYS_AHEAD });
    },
  } satisfies FormDefinition<typeof fields>;
}

export type RequestInput = z.output<z.ZodObject<ReturnType<typeof requestForm>['fields']>>;

const trackFields = {
  reference: z
    .string({ error: 'errors.required' })
    .transform((s, ctx) => {
      if (s.trim() === '') {
        ctx.addIssue({ code: 'custom', message: 'errors.required' });
        return z.NEVER;
      }
      const ref = normaliseReference(s);
      if (!ref) {
        ctx.addIssue({ code: 'custom', message: 'errors.reference' });
        return z.NEVER;
      }
      return ref;
    }),
  contact_phone: indianMobile,
};

export const trackForm: FormDefinition<typeof trackFields> = { order: Object.keys(trackFields), fields: trackFields };
