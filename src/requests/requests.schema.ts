import { z } from 'zod';
import { BLOOD_GROUPS, BOMBAY_COMPATIBLE_GROUPS, COMPONENTS, MAX_UNITS, MIN_UNITS, URGENCIES } from '../domain/blood';
import { addDays } from '../domain/dates';
import type { GeoDirectory } from '../geo/geo-directory';
import { requireDistrictInState, stateCode } from '../geo/location-fields';
import { checkbox, choice, indianMobile, mustTick, optionalText, pincode, requiredDate, requiredText, selectedId, wholeNumber } from '../web/fields';
import { normaliseReference } from '../domain/reference';

/** How far ahead a request may be planned. */
export const MAX_DAYS_AHEAD = 90;

/** The request form's fields, in the order they appear on the page. */
export const REQUEST_FIELDS = [
  'patient_name', 'patient_age', 'blood_group', 'is_bombay', 'component', 'units', 'urgency', 'needed_by',
  'hospital_name', 'hospital_city', 'state_code', 'district_id', 'pincode',
  'contact_name', 'contact_phone', 'relation', 'notes', 'consent', 'form_token',
] as const;

export function requestSchema({ today, geo }: { today: string; geo: GeoDirectory }) {
  return z
    .object({
      patient_name: requiredText(100, 2),
      patient_age: wholeNumber(0, 120, 'errors.patient_age_range'),
      blood_group: choice(BLOOD_GROUPS, 'errors.choose_blood_group'),
      is_bombay: checkbox,
      component: choice(COMPONENTS, 'errors.choose_component'),
      units: wholeNumber(MIN_UNITS, MAX_UNITS, 'errors.units_range'),
      urgency: choice(URGENCIES, 'errors.choose_urgency'),
      needed_by: requiredDate,
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
    })
    .superRefine((d, ctx) => {
      requireDistrictInState(d, ctx, geo);
      if (d.needed_by < today) {
        ctx.addIssue({ code: 'custom', path: ['needed_by'], message: 'errors.date_in_past' });
      } else if (d.needed_by > addDays(today, MAX_DAYS_AHEAD)) {
        ctx.addIssue({ code: 'custom', path: ['needed_by'], message: 'errors.needed_by_too_far', params: { days: MAX_DAYS_AHEAD } });
      }
      if (d.is_bombay && !BOMBAY_COMPATIBLE_GROUPS.includes(d.blood_group)) {
        ctx.addIssue({ code: 'custom', path: ['is_bombay'], message: 'errors.bombay_needs_o' });
      }
    });
}

export type RequestInput = z.output<ReturnType<typeof requestSchema>>;

export const TRACK_FIELDS = ['reference', 'contact_phone'] as const;

export const trackSchema = z.object({
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
});
