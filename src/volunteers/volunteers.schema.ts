import { z } from 'zod';
import type { GeoDirectory } from '../geo/geo-directory';
import { optionalIndianMobile, optionalText, requiredText } from '../web/fields';
import type { AddProblem, FormDefinition } from '../web/forms';
import type { Jurisdiction } from './volunteers.queries';

// The admin forms for volunteer accounts. Messages that only these forms need (admin.errors.*)
// are added by the cross-field checks, because parseForm keeps only "errors.*" keys from zod.

export const ROLES = ['volunteer', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const SCOPES = ['whole_state', 'districts'] as const;

const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,39}$/;

/** A choice that always parses: undefined when missing or not one of the values, for check() to report. */
const looseChoice = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values).optional().catch(undefined);


/** Checkbox values as numbers; one box sends a string, several an array. Anything odd is dropped. */
const districtIdList = z
  .unknown()
  .optional()
  .transform((v) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string' && /^\d{1,9}$/.test(x)).map(Number));

const detailsFields = {
  full_name: requiredText(100, 2),
  role: looseChoice(ROLES),
  badge_number: optionalText(30),
  rank: optionalText(50),
  police_station: optionalText(100).pipe(z.string().min(2, { error: 'errors.too_short' }).optional()),
  phone: optionalIndianMobile,
};

const jurisdictionFields = {
  state_code: z.string().optional().catch(undefined),
  scope: looseChoice(SCOPES),
  district_ids: districtIdList,
};

const newAccountFields = {
  username: z
    .string({ error: 'errors.required' })
    .transform((s) => s.trim().toLowerCase())
    .pipe(z.string().min(1, { error: 'errors.required' })),
  ...detailsFields,
  ...jurisdictionFields,
};

type JurisdictionInput = { state_code?: string | undefined; scope?: (typeof SCOPES)[number] | undefined; district_ids?: number[] };

function checkJurisdiction(d: JurisdictionInput, problem: AddProblem, geo: GeoDirectory) {
  if (!d.state_code || !geo.hasState(d.state_code)) problem('state_code', 'errors.choose_state');
  if (!d.scope) return problem('scope', 'admin.errors.choose_scope');
  if (d.scope !== 'districts') return;
  const ids = d.district_ids ?? [];
  if (ids.length === 0) problem('district_ids', 'admin.errors.choose_districts');
  else if (d.state_code && ids.some((id) => !geo.isDistrictInState(id, d.state_code!))) problem('district_ids', 'errors.choose_district');
}

function checkRole(d: { role?: Role | undefined }, problem: AddProblem) {
  if (!d.role) problem('role', 'admin.errors.choose_role');
}

/** The checked form's jurisdiction; only call it after check() passed. */
export function jurisdictionFrom(d: JurisdictionInput): Jurisdiction {
  return { stateCode: d.state_code!, districtIds: d.scope === 'districts' ? [...new Set(d.district_ids)].sort((a, b) => a - b) : [] };
}

export function newAccountForm(geo: GeoDirectory) {
  return {
    order: Object.keys(newAccountFields),
    fields: newAccountFields,
    check(d, problem) {
      if (d.username && !USERNAME_PATTERN.test(d.username)) problem('username', 'admin.errors.username_format');
      checkRole(d, problem);
      // Admins see every district; a volunteer works only where assigned.
      if (d.role !== 'admin') checkJurisdiction(d, problem, geo);
    },
  } satisfies FormDefinition<typeof newAccountFields>;
}

export function accountDetailsForm() {
  return { order: Object.keys(detailsFields), fields: detailsFields, check: checkRole } satisfies FormDefinition<typeof detailsFields>;
}

export function jurisdictionForm(geo: GeoDirectory) {
  return {
    order: Object.keys(jurisdictionFields),
    fields: jurisdictionFields,
    check: (d, problem) => checkJurisdiction(d, problem, geo),
  } satisfies FormDefinition<typeof jurisdictionFields>;
}

/** What goes back into the form: the strings, plus the ticked districts (which formValues drops). */
export function tickedDistricts(body: unknown): string[] {
  const v = (typeof body === 'object' && body !== null ? (body as Record<string, unknown>).district_ids : undefined) ?? [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}
