import { z } from 'zod';
import { asciiDigits } from '../domain/digits';
import type { GeoDirectory } from '../geo/geo-directory';
import { stateCode } from '../geo/location-fields';
import { checkPlace } from '../organisations/organisations.schema';
import type { OrganisationRow } from '../organisations/organisations.queries';
import type { Scope } from '../verification/queue.queries';
import { optionalText, pincode, requiredDate, requiredText, selectedId, wholeNumber } from '../web/fields';
import type { FieldErrors } from '../web/form-errors';
import type { FormDefinition } from '../web/forms';
import { CAMP_STATUSES, MAX_CAMP_CAPACITY, type CampStatus } from './camp-vocabulary';
import type { CampRow } from './camps.queries';

// The camp form and the rules for changing a camp once people have registered for it.

/** "09:30", "9:30", "9.30", a picker's "09:30:00", Devanagari digits → "09:30"; undefined if not a 24-hour time. */
export function parseClockTime(input: string): string | undefined {
  const match = /^(\d{1,2})[:.](\d{2})(?::00)?$/.exec(asciiDigits(input).trim());
  if (!match) return undefined;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  if (hours > 23 || minutes > 59) return undefined;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

const clockTime = z
  .string({ error: 'errors.required' })
  .transform((s, ctx) => {
    if (s.trim() === '') {
      ctx.addIssue({ code: 'custom', message: 'errors.required' });
      return z.NEVER;
    }
    const time = parseClockTime(s);
    if (!time) {
      ctx.addIssue({ code: 'custom', message: 'camp_admin.errors.time' });
      return z.NEVER;
    }
    return time;
  });

export interface CampFormOptions {
  today: () => string;
  /** The camp being edited, as stored; absent when creating one. */
  current?: CampRow | undefined;
  /** The organisation the submitted organisation_id names, looked up within the scope. */
  organisation?: OrganisationRow | undefined;
}

/**
 * The camp form. A new camp may not be dated in the past; an edit may keep a past date (the camp
 * happened) but not move to one. The edit rules are checked here against the row as read, so every
 * problem shows in one round, and again on the locked row before saving.
 */
export function campForm(geo: GeoDirectory, scope: Scope, options: CampFormOptions) {
  const { current } = options;
  const fields = {
    title: requiredText(150, 2),
    state_code: stateCode(geo),
    district_id: selectedId('errors.choose_district'),
    organisation_id: selectedId('camp_admin.errors.choose_organisation'),
    blood_bank: requiredText(150, 2),
    venue: requiredText(300, 2),
    pincode,
    camp_date: requiredDate,
    starts_at: clockTime,
    ends_at: clockTime,
    capacity: wholeNumber(1, MAX_CAMP_CAPACITY, 'camp_admin.errors.capacity_range'),
    notes: optionalText(1000),
  };
  return {
    order: Object.keys(fields),
    fields,
    check(d, problem) {
      const today = options.today();
      checkPlace(d, problem, geo, scope);
      if (d.organisation_id !== undefined) {
        const key = organisationProblem(options.organisation, d.state_code, current?.organisation_id);
        if (key) problem('organisation_id', key);
      }
      if (d.starts_at && d.ends_at && d.ends_at <= d.starts_at) problem('ends_at', 'camp_admin.errors.end_before_start');
      if (!current && d.camp_date && d.camp_date < today) problem('camp_date', 'errors.date_in_past');
      if (current) for (const [field, e] of Object.entries(editProblems(current, d, today))) problem(field, e.key, e.params);
    },
  } satisfies FormDefinition<typeof fields>;
}

/** What may not change on a camp as it stands: its date and seats, once held or cancelled or taken. */
export function editProblems(
  current: Pick<CampRow, 'status' | 'camp_date' | 'capacity' | 'registered_count'>,
  next: { camp_date?: string | undefined; capacity?: number | undefined },
  today: string,
): FieldErrors {
  const errors: FieldErrors = {};
  const locked = current.status === 'held' ? 'camp_admin.errors.held_locked' : 'camp_admin.errors.cancelled_locked';
  if (next.camp_date !== undefined && next.camp_date !== current.camp_date) {
    if (current.status !== 'planned') errors.camp_date = { key: locked };
    else if (next.camp_date < today) errors.camp_date = { key: 'errors.date_in_past' };
  }
  if (next.capacity === undefined || next.capacity === current.capacity) return errors;
  if (current.status !== 'planned') errors.capacity = { key: locked };
  else if (next.capacity < current.registered_count) errors.capacity = { key: 'camp_admin.errors.capacity_below_registered', params: { count: current.registered_count } };
  return errors;
}

/**
 * Whether the chosen organisation may run this camp: it must be found within the scope, be in the
 * camp's state, and be active, unless it is the organisation the camp already has.
 */
export function organisationProblem(org: OrganisationRow | undefined, campState: string | undefined, currentOrganisationId?: number): string | undefined {
  if (!org) return 'camp_admin.errors.choose_organisation';
  if (!org.is_active && org.id !== currentOrganisationId) return 'camp_admin.errors.organisation_inactive';
  if (campState !== undefined && org.state_code !== campState) return 'camp_admin.errors.organisation_other_state';
  return undefined;
}

/** The status filter of the camp list; an unknown value is reported by the caller. */
export function campStatusFilter(value: string | undefined): CampStatus | undefined {
  return (CAMP_STATUSES as readonly string[]).includes(value ?? '') ? (value as CampStatus) : undefined;
}

export const cancelForm = {
  order: ['cancelled_reason'],
  fields: { cancelled_reason: requiredText(300, 2) },
};
