import { z } from 'zod';
import { BOMBAY_COMPATIBLE_GROUPS, type BloodGroup } from '../domain/blood';
import type { AddProblem } from '../web/forms';
import type { GeoDirectory } from './geo-directory';

/** A state/UT code that exists. */
export function stateCode(geo: GeoDirectory) {
  return z.string({ error: 'errors.choose_state' }).refine((code) => geo.hasState(code), { error: 'errors.choose_state' });
}

/** The chosen district must belong to the chosen state. */
export function checkDistrictInState(d: { state_code?: string; district_id?: number }, problem: AddProblem, geo: GeoDirectory) {
  if (d.district_id !== undefined && d.state_code !== undefined && !geo.isDistrictInState(d.district_id, d.state_code)) {
    problem('district_id', 'errors.choose_district');
  }
}

/** Bombay (hh) is typed as O by routine tests, so the flag only goes with O+ or O−. */
export function checkBombayGroup(d: { is_bombay?: boolean; blood_group?: BloodGroup }, problem: AddProblem) {
  if (d.is_bombay && d.blood_group && !BOMBAY_COMPATIBLE_GROUPS.includes(d.blood_group)) problem('is_bombay', 'errors.bombay_needs_o');
}
