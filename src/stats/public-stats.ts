import type { Sql } from '../db/database';
import { BLOOD_GROUPS, type BloodGroup } from '../domain/blood';
import { computeCampStats, type CampStats } from './camp-stats';
import { countRequestsByMonth, countTotals, countVerifiedDonors, type RequestMonthRow } from './stats.queries';

// The numbers behind /stats, independent of language: the cache keeps one copy for both.

export interface PublicStats {
  totals: {
    verifiedDonors: number;
    requestsReceived: number;
    requestsFulfilled: number;
    unitsArranged: number;
    donations: number;
  };
  /** The eight ABO/Rh groups (Bombay donors excluded), then Bombay, so the rows add up to the total. */
  byGroup: Array<{ group: BloodGroup | 'bombay'; donors: number }>;
  /** States with at least one verified donor, most donors first. */
  byState: Array<{ stateCode: string; donors: number }>;
  /** The last 12 months in Indian time, oldest first. */
  months: RequestMonthRow[];
  /** Blood collected at held camps. */
  camps: CampStats;
}

export async function computePublicStats(db: Sql, at: Date): Promise<PublicStats> {
  const [donorRows, months, totals, camps] = await Promise.all([countVerifiedDonors(db), countRequestsByMonth(db, at), countTotals(db), computeCampStats(db, at)]);

  const groupCounts = new Map<string, number>();
  const stateCounts = new Map<string, number>();
  let bombay = 0;
  let verifiedDonors = 0;
  for (const row of donorRows) {
    verifiedDonors += row.donors;
    stateCounts.set(row.state_code, (stateCounts.get(row.state_code) ?? 0) + row.donors);
    if (row.is_bombay) bombay += row.donors;
    else groupCounts.set(row.blood_group, (groupCounts.get(row.blood_group) ?? 0) + row.donors);
  }
  const byGroup: PublicStats['byGroup'] = BLOOD_GROUPS.map((group) => ({ group, donors: groupCounts.get(group) ?? 0 }));
  byGroup.push({ group: 'bombay', donors: bombay });
  const byState = [...stateCounts].map(([stateCode, donors]) => ({ stateCode, donors }));

  return {
    totals: {
      verifiedDonors,
      requestsReceived: totals.requests_received,
      requestsFulfilled: totals.requests_fulfilled,
      unitsArranged: totals.units_arranged,
      donations: totals.donations,
    },
    byGroup,
    byState: byState.sort((a, b) => b.donors - a.donors || a.stateCode.localeCompare(b.stateCode)),
    months,
    camps,
  };
}
