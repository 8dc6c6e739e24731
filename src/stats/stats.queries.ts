import type { Sql } from '../db/database';
import { INDIA_TIME_ZONE } from '../domain/dates';

// Public statistics: set-based aggregates only, never a row per person.
// Demo rows (is_demo) are always left out, so a seeded database never inflates the public figures.
// Hashed aggregates over whole tables: with a million donors, 200,000 requests and 300,000
// donations the three queries take about 0.4 s together, once per STATS_CACHE_SECONDS per
// process (see stats-cache.ts), not per page view.

/** Verified donors still registered: erased donors withdrew consent and are no longer counted as donors. */
const COUNTED_DONOR = `status = 'verified' and not is_demo and erased_at is null`;

/** A request a volunteer found to be a duplicate or not genuine was never really received. */
const COUNTED_REQUEST = `not is_demo
  and coalesce(rejection_reason, '') not in ('duplicate', 'not_genuine')
  and coalesce(closed_reason, '') <> 'duplicate'`;

export interface DonorCountRow {
  [key: string]: unknown;
  blood_group: string;
  is_bombay: boolean;
  state_code: string;
  donors: number;
}

/**
 * Verified donors per (blood group, Bombay, state): at most 9 × 36 rows, which the caller adds up
 * by group and by state. One hashed pass over donors, cheaper than grouping sets, which sort.
 */
export function countVerifiedDonors(db: Sql): Promise<DonorCountRow[]> {
  return db.many<DonorCountRow>(
    `select blood_group, is_bombay, state_code, count(*)::int as donors
     from donors
     where ${COUNTED_DONOR}
     group by blood_group, is_bombay, state_code`,
  );
}

export interface RequestMonthRow {
  [key: string]: unknown;
  /** 'YYYY-MM', a calendar month in India. */
  month: string;
  received: number;
  fulfilled: number;
}

/**
 * Requests received and fulfilled in each of the 12 calendar months (Indian time) up to and
 * including the month of `now`; months with none are rows of zeros.
 */
export function countRequestsByMonth(db: Sql, now: Date): Promise<RequestMonthRow[]> {
  return db.many<RequestMonthRow>(
    `with bounds as (
       select date_trunc('month', $1::timestamptz at time zone $2::text) - interval '11 months' as first_month
     ),
     received as (
       select date_trunc('month', r.created_at at time zone $2::text) as month, count(*)::int as n
       from blood_requests r, bounds b
       where ${COUNTED_REQUEST} and r.created_at >= (b.first_month at time zone $2::text)
       group by 1
     ),
     fulfilled as (
       -- fulfilled_at is set by the fulfil transition; updated_at covers a row fulfilled without it.
       select date_trunc('month', coalesce(r.fulfilled_at, r.updated_at) at time zone $2::text) as month, count(*)::int as n
       from blood_requests r, bounds b
       where r.status = 'fulfilled' and ${COUNTED_REQUEST}
         and coalesce(r.fulfilled_at, r.updated_at) >= (b.first_month at time zone $2::text)
       group by 1
     )
     select to_char(m.month, 'YYYY-MM') as month, coalesce(rc.n, 0) as received, coalesce(f.n, 0) as fulfilled
     from bounds b
     cross join generate_series(b.first_month, b.first_month + interval '11 months', interval '1 month') as m (month)
     left join received rc on rc.month = m.month
     left join fulfilled f on f.month = m.month
     order by m.month`,
    [now, INDIA_TIME_ZONE],
  );
}

export interface TotalsRow {
  [key: string]: unknown;
  requests_received: number;
  requests_fulfilled: number;
  /** Units given by donors through a request of this portal. */
  units_arranged: number;
  /** Every donation recorded: through a request, self-reported, or at a camp. */
  donations: number;
}

/** All-time totals for the top of the page. */
export function countTotals(db: Sql): Promise<TotalsRow> {
  return db.one<TotalsRow>(
    `select r.requests_received, r.requests_fulfilled, d.units_arranged, d.donations
     from (
       select count(*)::int as requests_received, (count(*) filter (where status = 'fulfilled'))::int as requests_fulfilled
       from blood_requests where ${COUNTED_REQUEST}
     ) r
     cross join (
       -- A donation counts when neither its donor nor its request is demo data. Anti-joins only
       -- hash the few demo rows, where a plain join would hash every donor.
       select count(*)::int as donations,
              coalesce(sum(dn.units) filter (where dn.request_id is not null), 0)::int as units_arranged
       from donations dn
       where not exists (select 1 from donors o where o.id = dn.donor_id and o.is_demo)
         and not exists (select 1 from blood_requests q where q.id = dn.request_id and q.is_demo)
     ) d`,
  );
}
