import type { Sql } from '../db/database';
import type { BloodGroup } from '../domain/blood';
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

/** Latitude/longitude box around a point that contains every point within radiusKm. */
export function boundingBox(latitude: number, longitude: number, radiusKm: number) {
  const dLat = (radiusKm / EARTH_RADIUS_KM) * (180 / Math.PI);
  const cos = Math.max(Math.cos((latitude * Math.PI) / 180), 0.01);
  const dLng = dLat / cos;
  return { latMin: latitude - dLat, latMax: latitude + dLat, lngMin: longitude - dLng, lngMax: longitude + dLng };
}

/** Collects query parameters as the SQL is written, so each branch names only the values it uses. */
function parameters() {
  const values: unknown[] = [];
  return { values, add: (v: unknown) => `$${values.push(v)}` };
}

/** One page of matching donors, best first, plus whether there are more. */
export async function findMatches(db: Sql, q: MatchQuery): Promise<{ rows: MatchRow[]; more: boolean }> {
  const bounds = birthDateBounds(q.today);
  const p = parameters();
  const groups = p.add(q.groups.map((g) => g.group));
  const ranks = p.add(q.groups.map((g) => g.rank));
  const today = p.add(q.today);
  const bombay = p.add(q.bombay);
  const eligibleDonor = `
    d.status = 'verified' and d.erased_at is null
    and d.blood_group = any(${groups}::text[])
    and (${bombay} = 'any' or (${bombay} = 'only' and d.is_bombay) or (${bombay} = 'exclude' and not d.is_bombay))
    and (not d.paused or d.paused_until < ${today}::date)
    and (d.eligible_from is null or d.eligible_from <= ${today}::date)
    and d.date_of_birth <= ${p.add(bounds.bornOnOrBefore)}::date and d.date_of_birth > ${p.add(bounds.bornAfter)}::date
    and (d.last_donation_on is not null or d.donation_count > 0 or d.date_of_birth > ${p.add(bounds.firstTimeBornAfter)}::date)`;
  const sameDistrict = `select d.*, null::float8 as distance_km from donors d where ${eligibleDonor} and d.district_id = ${p.add(q.districtId)}`;

  let nearby: string;
  if (q.latitude !== null && q.longitude !== null) {
    const box = boundingBox(q.latitude, q.longitude, q.radiusKm);
    const lat = p.add(q.latitude);
    const lng = p.add(q.longitude);
    const distance = `2 * ${EARTH_RADIUS_KM} * asin(least(1, sqrt(
      power(sin(radians(d.latitude - ${lat}) / 2), 2)
      + cos(radians(${lat})) * cos(radians(d.latitude)) * power(sin(radians(d.longitude - ${lng}) / 2), 2))))`;
    // Within the radius by great-circle distance, plus same-district donors whose pincode has no coordinates.
    nearby = `select * from (
        select d.*, ${distance} as distance_km from donors d
        where ${eligibleDonor}
          and d.latitude between ${p.add(box.latMin)} and ${p.add(box.latMax)}
          and d.longitude between ${p.add(box.lngMin)} and ${p.add(box.lngMax)}
      ) within_box where distance_km <= ${p.add(q.radiusKm)}
      union all
      ${sameDistrict} and d.latitude is null`;
  } else {
    nearby = sameDistrict;
  }
  const requestId = p.add(q.requestId);
  const rows = await db.many<MatchRow>(
    `with nearby as (${nearby})
     select n.id, n.blood_group, n.is_bombay, n.district_id, n.last_donation_on, n.last_contacted_at, n.donation_count,
            (${ranks}::int[])[array_position(${groups}::text[], n.blood_group)] as rank, n.distance_km, here.outcome as outcome_here
     from nearby n
     left join lateral (
       select outcome from contact_attempts ca where ca.request_id = ${requestId} and ca.donor_id = n.id
       order by ca.created_at desc, ca.id desc limit 1
     ) here on true
     -- Donors who already said yes or no, or gave, for this request are in its contact list instead.
     where here.outcome is null or here.outcome in ('called', 'no_answer')
     order by rank, n.distance_km nulls last, n.last_contacted_at nulls first, n.id
     limit ${p.add(q.limit + 1)} offset ${p.add(q.offset)}`,
    p.values,
  );
  return { rows: rows.slice(0, q.limit), more: rows.length > q.limit };
}
