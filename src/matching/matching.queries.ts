import type { Sql } from '../db/database';
import { BLOOD_GROUPS, type BloodGroup } from '../domain/blood';
import { addYears } from '../domain/dates';

// Finding donors for a verified request, entirely in SQL: only the page of donors shown ever
// reaches Node. Nearby donors come from a bounding-box walk of donors_matching_geo_idx (one
// range per compatible group); donors whose pincode has no coordinates are found by district.

export const RADII_KM = [10, 25, 50, 100, 250] as const;
export const DEFAULT_RADIUS_KM = 50;
export const MATCH_PAGE_SIZE = 20;
const EARTH_RADIUS_KM = 6371;

export interface MatchQuery {
  requestId: number;
  /** Acceptable donor groups with their rank (0 = exact group; equal ranks are equally good). */
  groups: ReadonlyArray<{ group: BloodGroup; rank: number }>;
  bombay: 'only' | 'exclude' | 'any';
  districtId: number;
  latitude: number | null;
  longitude: number | null;
  radiusKm: number;
  /** 'YYYY-MM-DD' in India. */
  today: string;
  limit: number;
  offset: number;
}

export interface MatchRow {
  [key: string]: unknown;
  id: number;
  blood_group: string;
  is_bombay: boolean;
  district_id: number;
  last_donation_on: string | null;
  last_contacted_at: Date | null;
  donation_count: number;
  rank: number;
  distance_km: number | null;
  /** How the last call for this request went, if there was one. */
  outcome_here: string | null;
}

/** Age bounds as birth-date bounds, so the comparison can use plain dates. */
export function birthDateBounds(today: string) {
  return {
    // 18 or older today.
    bornOnOrBefore: addYears(today, -18),
    // Not yet 66, i.e. at most 65.
    bornAfter: addYears(today, -66),
    // First-time donors: not yet 61.
    firstTimeBornAfter: addYears(today, -61),
  };
}

/** Collects query parameters as the SQL is written, so each branch names only the values it uses. */
function parameters() {
  const values: unknown[] = [];
  return { values, add: (v: unknown) => `$${values.push(v)}` };
}

/**
 * A donor's place on a flat map: longitude scaled by the cosine of the latitude, so one unit is about
 * 111 km either way across India. donors_matching_knn_idx (GiST) indexes this expression, and
 * `<->` walks it nearest first; the exact great-circle distance is computed for the few rows kept.
 */
const MAP_POINT = 'point(d.longitude * cos(radians(d.latitude)), d.latitude)';
const KM_PER_DEGREE = (Math.PI / 180) * EARTH_RADIUS_KM;

/** One page of matching donors, best first, plus whether there are more. */
export async function findMatches(db: Sql, q: MatchQuery): Promise<{ rows: MatchRow[]; more: boolean }> {
  const bounds = birthDateBounds(q.today);
  const p = parameters();
  const today = p.add(q.today);
  const bombay = p.add(q.bombay);
  const requestId = p.add(q.requestId);
  const eligibleDonor = `
    d.status = 'verified' and d.erased_at is null
    and (${bombay} = 'any' or (${bombay} = 'only' and d.is_bombay) or (${bombay} = 'exclude' and not d.is_bombay))
    and (not d.paused or d.paused_until < ${today}::date)
    and (d.eligible_from is null or d.eligible_from <= ${today}::date)
    and d.date_of_birth <= ${p.add(bounds.bornOnOrBefore)}::date and d.date_of_birth > ${p.add(bounds.bornAfter)}::date
    and (d.last_donation_on is not null or d.donation_count > 0 or d.date_of_birth > ${p.add(bounds.firstTimeBornAfter)}::date)
    -- Donors who already said yes or no, or gave, for this request are in its contact list instead.
    and coalesce((select ca.outcome from contact_attempts ca where ca.request_id = ${requestId} and ca.donor_id = d.id
                  order by ca.created_at desc, ca.id desc limit 1), 'called') in ('called', 'no_answer')`;
  const columns = 'd.id, d.blood_group, d.is_bombay, d.district_id, d.last_donation_on, d.last_contacted_at, d.donation_count';

  const allGroups = p.add(q.groups.map((g) => g.group));
  const ranks = p.add(q.groups.map((g) => g.rank));
  const district = p.add(q.districtId);
  const branches: string[] = [];

  // How the last call about this request went, for the few rows shown.
  const withOutcome = (from: string) => `select m.*, (select ca.outcome from contact_attempts ca where ca.request_id = ${requestId} and ca.donor_id = m.id
      order by ca.created_at desc, ca.id desc limit 1) as outcome_here from (${from}) m
      order by m.rank, m.distance_km nulls last, m.last_contacted_at nulls first, m.id`;

  if (q.latitude !== null && q.longitude !== null) {
    // Enough rows from each branch to fill this page and know whether another follows.
    const wanted = p.add(q.offset + q.limit + 1);
    const lat = p.add(q.latitude);
    const lng = p.add(q.longitude);
    // The hospital on the same flat map, and a square around it a little larger than the radius.
    const x = q.longitude * Math.cos((q.latitude * Math.PI) / 180);
    const y = q.latitude;
    const reach = (q.radiusKm / KM_PER_DEGREE) * 1.05;
    const here = `point(${p.add(x)}, ${p.add(y)})`;
    const square = () => `box(point(${p.add(x - reach)}, ${p.add(y - reach)}), point(${p.add(x + reach)}, ${p.add(y + reach)}))`;
    const radius = p.add(q.radiusKm);
    const distance = `2 * ${EARTH_RADIUS_KM} * asin(least(1, sqrt(
      power(sin(radians(d.latitude - ${lat}) / 2), 2)
      + cos(radians(${lat})) * cos(radians(d.latitude)) * power(sin(radians(d.longitude - ${lng}) / 2), 2))))`;
    // One branch per acceptable group, each walking that group's own GiST index nearest first
    // (donors_matching_knn_<group>_idx) and stopping after `wanted` rows, however dense the area;
    // rows beyond the radius are cut below. The group is written into the SQL as a literal so the
    // planner can pick the group's partial index; it comes from the fixed list BLOOD_GROUPS only.
    // Bombay donors are so rare (1 in 10,000) that a walk could cross the country: for a Bombay
    // patient the square around the hospital bounds the search instead.
    const bounded = q.bombay === 'only' ? `and ${MAP_POINT} <@ ${square()}` : '';
    for (const { group, rank } of q.groups) {
      if (!(BLOOD_GROUPS as readonly string[]).includes(group)) throw new Error(`not a blood group: ${group}`);
      branches.push(`(select ${columns}, ${rank} as rank, ${distance} as distance_km from donors d
        where ${eligibleDonor} and d.blood_group = '${group}' and d.latitude is not null ${bounded}
        order by ${MAP_POINT} <-> ${here} limit ${wanted})`);
    }
    // Same-district donors whose PIN code has no coordinates.
    branches.push(`(select ${columns}, (${ranks}::int[])[array_position(${allGroups}::text[], d.blood_group)] as rank, null::float8 as distance_km
      from donors d where ${eligibleDonor} and d.blood_group = any(${allGroups}::text[]) and d.district_id = ${district} and d.latitude is null
      order by rank, d.last_contacted_at nulls first, d.id limit ${wanted})`);
    const rows = await db.many<MatchRow>(
      withOutcome(`select * from (${branches.join(' union all ')}) b
       where b.distance_km is null or b.distance_km <= ${radius}
       order by b.rank, b.distance_km nulls last, b.last_contacted_at nulls first, b.id
       limit ${p.add(q.limit + 1)} offset ${p.add(q.offset)}`),
      p.values,
    );
    return page(rows, q.limit);
  }

  // No coordinates for the hospital: everyone matching in its district.
  const rows = await db.many<MatchRow>(
    withOutcome(`select ${columns}, (${ranks}::int[])[array_position(${allGroups}::text[], d.blood_group)] as rank, null::float8 as distance_km
     from donors d where ${eligibleDonor} and d.blood_group = any(${allGroups}::text[]) and d.district_id = ${district}
     order by rank, d.last_contacted_at nulls first, d.id
     limit ${p.add(q.limit + 1)} offset ${p.add(q.offset)}`),
    p.values,
  );
  return page(rows, q.limit);
}

function page(rows: MatchRow[], limit: number) {
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}
