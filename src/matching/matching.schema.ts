import { z } from 'zod';
import { COMPONENTS } from '../domain/blood';
import { addDays } from '../domain/dates';
import { CLOSE_REASONS, CONTACT_OUTCOMES } from '../domain/request-lifecycle';
import type { FormDefinition, Shape } from '../web/forms';
import { choice, optionalDate, optionalText, selectedId } from '../web/fields';

// Forms on a request's page: how a call to a donor went, closing the request.

/** Donations are recorded soon after they happen; older ones go through the donor's own page. */
export const DONATION_RECORD_WINDOW_DAYS = 30;

const optionalUnits = z
  .string({ error: 'errors.whole_number' })
  .optional()
  .transform((s) => s?.trim() || undefined)
  .pipe(z.string().regex(/^[1-9]\d?$/, { error: 'matching.units_range' }).optional())
  .transform((s) => (s === undefined ? undefined : Number(s)))
  .pipe(z.number().max(2, { error: 'matching.units_range' }).optional());

export function contactForm(today: string) {
  const fields = {
    donor_id: selectedId('matching.choose_donor'),
    outcome: choice(CONTACT_OUTCOMES, 'matching.choose_outcome'),
    units: optionalUnits,
    donated_on: optionalDate,
    component: choice(COMPONENTS, 'errors.choose_component').optional().or(z.literal('').transform(() => undefined)),
    place: optionalText(150),
    contact_note: optionalText(500),
  } satisfies Shape;
  return {
    order: ['outcome', 'units', 'donated_on', 'component', 'place', 'contact_note', 'donor_id'],
    fields,
    check(d, problem) {
      if (d.outcome === 'donated') {
        if (!d.donated_on) problem('donated_on', 'errors.required');
        else if (d.donated_on > today) problem('donated_on', 'matching.donated_in_future');
        else if (d.donated_on < addDays(today, -DONATION_RECORD_WINDOW_DAYS)) problem('donated_on', 'matching.donated_too_long_ago');
      }
      if (d.place !== undefined && d.place.length < 2) problem('place', 'errors.too_short');
    },
  } satisfies FormDefinition<typeof fields>;
}

export const closeForm = (() => {
  const fields = { closed_reason: choice(CLOSE_REASONS, 'matching.choose_close_reason'), closed_note: optionalText(500) } satisfies Shape;
  return {
    order: ['closed_reason', 'closed_note'],
    fields,
    check(d, problem) {
      if (d.closed_reason === 'other' && !d.closed_note) problem('closed_note', 'verification.explain_other');
    },
  } satisfies FormDefinition<typeof fields>;
})();
