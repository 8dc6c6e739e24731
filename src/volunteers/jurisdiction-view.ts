import type { GeoDirectory } from '../geo/geo-directory';
import type { Language } from '../web/i18n';
import type { JurisdictionRow } from './volunteers.queries';

// Jurisdiction rows turned into what the admin pages show and what the jurisdiction form starts with.

export interface JurisdictionPart {
  state: string;
  /** District names; empty means the whole state. */
  districts: string[];
}

/** Per account: one part per state, e.g. { state: 'Uttar Pradesh', districts: ['Lucknow', 'Prayagraj'] }. */
export function summariseJurisdictions(rows: JurisdictionRow[], geo: GeoDirectory, lang: Language): Map<number, JurisdictionPart[]> {
  const byAccount = new Map<number, Map<string, JurisdictionPart>>();
  for (const row of rows) {
    const states = byAccount.get(row.volunteer_id) ?? new Map<string, JurisdictionPart>();
    byAccount.set(row.volunteer_id, states);
    const part = states.get(row.state_code) ?? { state: geo.stateName(row.state_code, lang), districts: [] };
    states.set(row.state_code, part);
    if (row.district_id !== null) part.districts.push(geo.districtName(row.district_id));
  }
  return new Map(
    [...byAccount].map(([id, states]) => [id, [...states.values()].map((p) => ({ ...p, districts: p.districts.sort((a, b) => a.localeCompare(b)) }))]),
  );
}

/** The jurisdiction form's starting values for an account (its first state, as the form edits one). */
export function jurisdictionValues(rows: JurisdictionRow[]): { state_code: string; scope: string; district_ids: string[] } {
  const first = rows[0];
  if (!first) return { state_code: '', scope: 'districts', district_ids: [] };
  const ofState = rows.filter((r) => r.state_code === first.state_code);
  const wholeState = ofState.some((r) => r.district_id === null);
  return {
    state_code: first.state_code,
    scope: wholeState ? 'whole_state' : 'districts',
    district_ids: wholeState ? [] : ofState.map((r) => String(r.district_id)),
  };
}
