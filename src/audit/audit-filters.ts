import { addDays, parseDate } from '../domain/dates';
import type { FieldErrors } from '../web/form-errors';
import type { AuditAction } from './audit';
import type { AuditQuery } from './audit.queries';

// The audit page's filters, read from the query string. Each bad value gets its own message;
// nothing here throws, whatever the address holds.

const ACTION_LABELS_EXIST: Record<AuditAction, true> = {
  login: true, login_failed: true, login_locked: true, lockout: true, logout: true, session_expired: true, password_changed: true,
  donor_verified: true, donor_rejected: true, donor_unreachable: true, donor_registered: true,
  request_verified: true, request_rejected: true, request_unreachable: true, request_registered: true,
  note_added: true, contact_viewed: true,
  donor_erased: true,
  request_taken: true, request_released: true, request_closed: true, request_fulfilled: true, bombay_override: true,
  organisation_created: true, organisation_updated: true, camp_created: true, camp_updated: true, camp_cancelled: true,
  camp_registration_added: true, camp_registration_cancelled: true, camp_attendance_recorded: true,
  contact_recorded: true, donor_asked: true, donor_self_updated: true, donation_recorded: true, deferral_added: true,
  volunteer_created: true, volunteer_updated: true, volunteer_deactivated: true, volunteer_reactivated: true,
  password_reset: true, jurisdiction_changed: true, audit_exported: true, camps_exported: true,
  notification_retried: true,
};

/** Every audit action, for the filter's select (the Record above makes the compiler check none is missing). */
export const AUDIT_ACTIONS = Object.keys(ACTION_LABELS_EXIST) as AuditAction[];

export const FILTER_FIELDS = ['actor', 'action', 'from', 'to'] as const;
type FilterField = (typeof FILTER_FIELDS)[number];

export interface AuditFilters {
  /** What goes back into the form, as typed. */
  values: Record<FilterField, string>;
  errors: FieldErrors;
  query: AuditQuery;
  /** The valid filters as they appear in links ("older", CSV). */
  params: URLSearchParams;
  before?: number | undefined;
}

/** Midnight at the start of an Indian calendar day. */
const startOfIndianDay = (iso: string) => new Date(`${iso}T00:00:00+05:30`);

export function parseAuditFilters(source: Record<string, unknown>): AuditFilters {
  const errors: FieldErrors = {};
  const text = (name: string) => {
    const v = source[name];
    if (v === undefined) return '';
    if (typeof v !== 'string') {
      errors[name] = { key: 'errors.invalid' };
      return '';
    }
    return v.trim();
  };
  const values = Object.fromEntries(FILTER_FIELDS.map((f) => [f, text(f)])) as Record<FilterField, string>;
  const query: AuditQuery = {};

  const actor = values.actor.toLowerCase();
  if (actor.length > 100) errors.actor ??= { key: 'errors.too_long', params: { max: 100 } };
  else if (actor) query.actor = actor;

  if (values.action && !(AUDIT_ACTIONS as string[]).includes(values.action)) errors.action ??= { key: 'audit.errors.action' };
  else if (values.action) query.action = values.action;

  const from = values.from ? parseDate(values.from) : undefined;
  const to = values.to ? parseDate(values.to) : undefined;
  if (values.from && !from) errors.from ??= { key: 'errors.date' };
  if (values.to && !to) errors.to ??= { key: 'errors.date' };
  if (from && to && to < from) errors.to ??= { key: 'audit.errors.range' };
  if (from) query.since = startOfIndianDay(from);
  if (to) query.until = startOfIndianDay(addDays(to, 1));

  const beforeRaw = text('before');
  let before: number | undefined;
  if (beforeRaw && !/^\d{1,15}$/.test(beforeRaw)) errors._form ??= { key: 'audit.errors.page' };
  else if (beforeRaw) before = Number(beforeRaw);

  const params = new URLSearchParams();
  if (query.actor) params.set('actor', query.actor);
  if (query.action) params.set('action', query.action);
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  return { values, errors, query, params, before };
}

export const hasErrors = (f: AuditFilters) => Object.keys(f.errors).length > 0;
