import { z } from 'zod';
import { ORGANISATION_KINDS } from '../camps/camp-vocabulary';
import type { GeoDirectory } from '../geo/geo-directory';
import { checkDistrictInState, stateCode } from '../geo/location-fields';
import { inScope } from '../verification/scope';
import type { Scope } from '../verification/queue.queries';
import { choice, optionalIndianMobile, optionalText, requiredText, selectedId } from '../web/fields';
import type { FieldErrors } from '../web/form-errors';
import type { AddProblem, FormDefinition } from '../web/forms';


/** The chosen district must belong to the state and lie within the volunteer's jurisdiction. */
export function checkPlace(d: { state_code?: string; district_id?: number }, problem: AddProblem, geo: GeoDirectory, scope: Scope) {
  checkDistrictInState(d, problem, geo);
  if (d.district_id !== undefined && !inScope(scope, d.district_id)) problem('district_id', 'camp_admin.errors.outside_jurisdiction');
}

export function organisationForm(geo: GeoDirectory, scope: Scope) {
  const fields = {
    name: requiredText(150, 2),
    kind: choice(ORGANISATION_KINDS, 'camp_admin.errors.choose_kind'),
    state_code: stateCode(geo),
    district_id: selectedId('errors.choose_district'),
    contact_name: optionalText(100).pipe(z.string().min(2, { error: 'errors.too_short' }).optional()),
    contact_phone: optionalIndianMobile,
  };
  return {
    order: Object.keys(fields),
    fields,
    check: (d, problem) => checkPlace(d, problem, geo, scope),
  } satisfies FormDefinition<typeof fields>;
}

export const ACTIVITY_FILTERS = ['active', 'inactive'] as const;

/**
 * The place filters of a list page (state, district) from the query string. A value that is not
 * one of the choices is reported and ignored, never an error page.
 */
export function readPlaceFilters(query: Record<string, unknown>, geo: GeoDirectory, scope: Scope) {
  const errors: FieldErrors = {};
  const state = queryText(query, 'state');
  const stateCode = state && geo.hasState(state) ? state : undefined;
  if (state && !stateCode) errors.state = { key: 'queue.bad_filter' };
  const district = queryText(query, 'district');
  let districtId: number | undefined;
  if (district && /^\d{1,9}$/.test(district) && geo.district(Number(district)) && inScope(scope, Number(district))) districtId = Number(district);
  else if (district) errors.district = { key: 'queue.bad_filter' };
  if (districtId !== undefined && stateCode && !geo.isDistrictInState(districtId, stateCode)) {
    errors.district = { key: 'queue.bad_filter' };
    districtId = undefined;
  }
  return { stateCode, districtId, errors };
}

/** A non-empty string from the query string, or undefined (repeated parameters arrive as arrays). */
export function queryText(query: Record<string, unknown>, name: string): string | undefined {
  const v = query[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

