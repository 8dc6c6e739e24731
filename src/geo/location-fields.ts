import { z } from 'zod';
import type { GeoDirectory } from './geo-directory';

/** A state/UT code that exists. */
export function stateCode(geo: GeoDirectory) {
  return z.string({ error: 'errors.choose_state' }).refine((code) => geo.hasState(code), { error: 'errors.choose_state' });
}

/** Adds an error on district_id unless the chosen district belongs to the chosen state. */
export function requireDistrictInState(d: { state_code: string; district_id: number }, ctx: z.RefinementCtx, geo: GeoDirectory) {
  if (!geo.isDistrictInState(d.district_id, d.state_code)) {
    ctx.addIssue({ code: 'custom', path: ['district_id'], message: 'errors.choose_district' });
  }
}
