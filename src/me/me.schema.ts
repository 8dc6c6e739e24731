import { z } from 'zod';
import { COMPONENTS, type Sex } from '../domain/blood';
import { DEFERRAL_RULES } from '../domain/deferrals';
import { normaliseReference } from '../domain/reference';
import type { GeoDirectory } from '../geo/geo-directory';
import { checkDistrictInState, stateCode } from '../geo/location-fields';
import { choice, indianMobile, mustTick, optionalDate, optionalText, pincode, requiredDate, requiredText, selectedId, wholeNumber } from '../web/fields';
import type { FormDefinition } from '../web/forms';

// The forms of /me. Dates are judged against `today` in Indian time, asked at each submission.

export const LANGUAGE_CHOICES = ['hi', 'en'] as const;

/** A donation reported by the donor themself: one or two units, as a blood bank takes. */
export const MAX_SELF_REPORTED_UNITS = 2;

export function pauseForm(today: () => string) {
  const fields = { paused_until: optionalDate };
  return {
    order: Object.keys(fields),
    fields,
    check(d, problem) {
      if (d.paused_until && d.paused_until <= today()) problem('paused_until', 'me.errors.pause_until_future');
    },
  } satisfies FormDefinition<typeof fields>;
}

const reminderFields = { reminder_opt_in: choice(['yes', 'no'], 'me.errors.choose_reminder') };
export const reminderForm: FormDefinition<typeof reminderFields> = { order: Object.keys(reminderFields), fields: reminderFields };

const contactFields = {
  phone: indianMobile,
  email: optionalText(254).pipe(z.email({ error: 'errors.email' }).optional()),
  preferred_language: choice(LANGUAGE_CHOICES, 'me.errors.choose_language'),
};
export const contactForm: FormDefinition<typeof contactFields> = { order: Object.keys(contactFields), fields: contactFields };

export function locationForm(geo: GeoDirectory) {
  const fields = {
    state_code: stateCode(geo),
    district_id: selectedId('errors.choose_district'),
    locality: requiredText(100, 2),
    pincode,
  };
  return {
    order: Object.keys(fields),
    fields,
    check: (d, problem) => checkDistrictInState(d, problem, geo),
  } satisfies FormDefinition<typeof fields>;
}

/** A date that happened: not in the future, and not before the donor was born. */
function checkPastDate(field: string, value: string | undefined, today: string, dateOfBirth: string, problem: (f: string, k: string) => void) {
  if (!value) return;
  if (value > today) problem(field, 'errors.date_in_future');
  else if (value <= dateOfBirth) problem(field, 'me.errors.before_birth');
}

export function donationForm(today: () => string, dateOfBirth: string) {
  const fields = {
    donated_on: requiredDate,
    units: wholeNumber(1, MAX_SELF_REPORTED_UNITS, 'me.errors.units_range'),
    component: choice(COMPONENTS, 'errors.choose_component'),
    place: optionalText(150).pipe(z.string().min(2, { error: 'errors.too_short' }).optional()),
    // "For a patient's request": the reference a family member or friend gave, as people type it.
    for_reference: optionalText(20).transform((typed, ctx) => {
      if (typed === undefined) return undefined;
      const reference = normaliseReference(typed);
      if (!reference) ctx.addIssue({ code: 'custom', message: 'attendance.me_for.reference_format' });
      return reference;
    }),
  };
  return {
    order: Object.keys(fields),
    fields,
    check: (d, problem) => checkPastDate('donated_on', d.donated_on, today(), dateOfBirth, problem),
  } satisfies FormDefinition<typeof fields>;
}

/** The temporary deferrals a donor may declare (permanent ones are for a volunteer or doctor to record). */
export function selfDeclarableReasons(sex: Sex): string[] {
  return DEFERRAL_RULES.filter((r) => !r.permanent && (!r.femaleOnly || sex === 'female')).map((r) => r.code);
}

export function healthForm(today: () => string, donor: { sex: Sex; date_of_birth: string }) {
  const reasons = selfDeclarableReasons(donor.sex);
  const fields = {
    reason: z.string({ error: 'me.errors.choose_reason' }).refine((r) => reasons.includes(r), { error: 'me.errors.choose_reason' }),
    since: requiredDate,
  };
  return {
    order: Object.keys(fields),
    fields,
    check: (d, problem) => checkPastDate('since', d.since, today(), donor.date_of_birth, problem),
  } satisfies FormDefinition<typeof fields>;
}

const eraseFields = { confirm: mustTick('me.errors.confirm_erase') };
export const eraseForm: FormDefinition<typeof eraseFields> = { order: Object.keys(eraseFields), fields: eraseFields };
