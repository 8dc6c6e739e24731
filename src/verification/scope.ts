import type { GeoDirectory, StateOption } from '../geo/geo-directory';
import type { DistrictRow } from '../geo/geo.queries';
import type { Language } from '../web/i18n';
import type { Scope } from './queue.queries';

// Turning a jurisdiction (district ids, or null for everywhere) into the choices a volunteer sees.

export function scopedStates(geo: GeoDirectory, lang: Language, scope: Scope): StateOption[] {
  const states = geo.statesFor(lang);
  if (scope === null) return states;
  return states.filter((s) => geo.districtsOf(s.code).some((d) => scope.includes(d.id)));
}

/** Districts of a state within the scope; with no state chosen, all of the scope (admins must choose a state). */
export function scopedDistricts(geo: GeoDirectory, scope: Scope, stateCode: string): DistrictRow[] {
  if (stateCode) return geo.districtsOf(stateCode).filter((d) => scope === null || scope.includes(d.id));
  if (scope === null) return [];
  return scope.map((id) => geo.district(id)).filter((d): d is DistrictRow => d !== undefined).sort((a, b) => a.name.localeCompare(b.name));
}

export function inScope(scope: Scope, districtId: number): boolean {
  return scope === null || scope.includes(districtId);
}
