import type { Sql } from '../db/database';
import { loadDonorEligibility } from './donor-eligibility';
import { deferralsOf, donationsOf } from './donor-history.queries';

/** What a volunteer sees about a donor's fitness to give: eligibility today, deferrals, donations. */
export async function loadDonorCare(db: Sql, donorId: number, today: string) {
  return {
    eligibility: await loadDonorEligibility(db, donorId, today),
    deferrals: await deferralsOf(db, donorId),
    donations: await donationsOf(db, donorId),
    today,
  };
}
