import { COMPONENTS, type Component, type Sex } from '../domain/blood';
import { DEFERRAL_RULES, deferralRule } from '../domain/deferrals';
import { normaliseReference } from '../domain/reference';
import type { FieldErrors } from '../web/form-errors';
import { OPEN_REGISTRATION_STATUSES, type AttendanceRow } from './attendance.queries';

// The attendance form: one row per registration, each named after the registration's id
// (result_12, units_12, component_12, for_12). Rows are few per page, so the whole form stays
// within the body parser's 100-field limit.

export const ATTENDANCE_PAGE_SIZE = 20;
export const CAMP_UNIT_CHOICES = [1, 2] as const;
export const DEFAULT_CAMP_COMPONENT: Component = 'whole_blood';

export type RowChoice =
  | { registrationId: number; outcome: 'donated'; units: number; component: Component; forReference: string | undefined }
  | { registrationId: number; outcome: 'deferred'; reason: string }
  | { registrationId: number; outcome: 'no_show' };

export const rowFields = (id: number) => ({ result: `result_${id}`, units: `units_${id}`, component: `component_${id}`, forRef: `for_${id}` });

/** Reasons a volunteer may give at a camp: the whole questionnaire, pregnancy-related ones for women only. */
export function campDeferralReasons(sex: Sex): string[] {
  return DEFERRAL_RULES.filter((r) => !r.femaleOnly || sex === 'female').map((r) => r.code);
}

export function isOpenRow(row: AttendanceRow): boolean {
  return OPEN_REGISTRATION_STATUSES.includes(row.status);
}

/** The registration ids a form covered, from its hidden "rows" field ("12,13,14"). */
export function submittedRowIds(body: unknown): number[] {
  const raw = (body as Record<string, unknown> | undefined)?.rows;
  if (typeof raw !== 'string' || raw.length > 400) return [];
  const ids = raw.split(',').filter((s) => /^\d{1,15}$/.test(s)).map(Number);
  return [...new Set(ids)].slice(0, ATTENDANCE_PAGE_SIZE);
}

/** What the form shows for a row that has not been submitted yet. */
export function initialRowValues(row: AttendanceRow): Record<string, string> {
  const f = rowFields(row.registration_id);
  return { [f.result]: '', [f.units]: '1', [f.component]: DEFAULT_CAMP_COMPONENT, [f.forRef]: row.for_reference ?? '' };
}

const text = (body: Record<string, unknown>, name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');

/**
 * Reads every open row of the form. Each problem is reported on its own field, with the donor's
 * number so the error summary says which row it is about. A row left at "not recorded yet" is not a choice;
 * a row recorded meanwhile is counted in alreadyRecorded and not read.
 */
export function parseAttendance(body: unknown, rows: AttendanceRow[]): { choices: RowChoice[]; alreadyRecorded: number; values: Record<string, string>; errors: FieldErrors } {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const choices: RowChoice[] = [];
  const values: Record<string, string> = {};
  const errors: FieldErrors = {};
  // Rows recorded since the form was opened (a second tab, another volunteer): left as they are, and said so.
  const alreadyRecorded = rows.filter((row) => !isOpenRow(row) && text(b, rowFields(row.registration_id).result) !== '').length;
  for (const row of rows.filter(isOpenRow)) {
    const f = rowFields(row.registration_id);
    const donor = { donor: row.donor_id };
    for (const name of Object.values(f)) values[name] = text(b, name);
    const result = values[f.result]!;
    if (result === '') continue;
    if (result === 'no_show') {
      choices.push({ registrationId: row.registration_id, outcome: 'no_show' });
    } else if (result.startsWith('deferred:')) {
      const reason = result.slice('deferred:'.length);
      if (!deferralRule(reason) || !campDeferralReasons(row.sex).includes(reason)) errors[f.result] = { key: 'attendance.errors.choose_result', params: donor };
      else choices.push({ registrationId: row.registration_id, outcome: 'deferred', reason });
    } else if (result === 'donated') {
      const units = Number(values[f.units]);
      const component = values[f.component] as Component;
      const forText = values[f.forRef]!.trim();
      const forReference = forText ? normaliseReference(forText) : undefined;
      if (!(CAMP_UNIT_CHOICES as readonly number[]).includes(units) || !/^\d$/.test(values[f.units]!)) errors[f.units] = { key: 'attendance.errors.units', params: donor };
      if (!COMPONENTS.includes(component)) errors[f.component] = { key: 'attendance.errors.component', params: donor };
      if (forText && !forReference) errors[f.forRef] = { key: 'attendance.errors.reference_format', params: donor };
      if (!errors[f.units] && !errors[f.component] && !errors[f.forRef]) {
        choices.push({ registrationId: row.registration_id, outcome: 'donated', units, component, forReference });
      }
    } else {
      errors[f.result] = { key: 'attendance.errors.choose_result', params: donor };
    }
  }
  return { choices, alreadyRecorded, values, errors };
}
