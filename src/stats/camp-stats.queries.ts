import type { Sql } from '../db/database';

// Blood collected at camps: public aggregates per camp, organisation and district (camps are
// public events; no donor is ever named), and the admins' export of held camps.
// Like the other statistics, demo camps, demo organisations and demo donors' donations are left out.

/** A donation counts unless its donor is demo data (an anti-join: only the few demo rows are hashed). */
const COUNTED_DONATION = `not exists (select 1 from donors o where o.id = dn.donor_id and o.is_demo)`;

export interface HeldCampRow {
  [key: string]: unknown;
  id: number;
  title: string;
  camp_date: string;
  district_id: number;
  state_code: string;
  organisation_name: string;
  units: number;
  donors: number;
}

/** Held camps, most recent first, with the units and donors recorded at each. */
export function listHeldCamps(db: Sql, limit: number): Promise<HeldCampRow[]> {
  return db.many<HeldCampRow>(
    `with held as (
       select c.id, c.title, c.camp_date, c.district_id, c.state_code, c.organisation_id
       from camps c
       where c.status = 'held' and not c.is_demo
       order by c.camp_date desc, c.id desc
       limit $1
     )
     select h.id, h.title, h.camp_date, h.district_id, h.state_code, org.name as organisation_name,
            coalesce(sum(dn.units), 0)::int as units, count(dn.id)::int as donors
     from held h
     join partner_organisations org on org.id = h.organisation_id
     left join donations dn on dn.camp_id = h.id and ${COUNTED_DONATION}
     group by h.id, h.title, h.camp_date, h.district_id, h.state_code, org.name
     order by h.camp_date desc, h.id desc`,
    [limit],
  );
}

export interface OrganisationUnitsRow {
  [key: string]: unknown;
  name: string;
  camps: number;
  units: number;
}

/** Partner organisations by units collected at their held camps, most first. */
export function topOrganisations(db: Sql, limit: number): Promise<OrganisationUnitsRow[]> {
  return db.many<OrganisationUnitsRow>(
    `select org.name, count(distinct c.id)::int as camps, coalesce(sum(dn.units), 0)::int as units
     from partner_organisations org
     join camps c on c.organisation_id = org.id and c.status = 'held' and not c.is_demo
     left join donations dn on dn.camp_id = c.id and ${COUNTED_DONATION}
     where not org.is_demo
     group by org.id, org.name
     order by units desc, camps desc, org.name
     limit $1`,
    [limit],
  );
}

export interface DistrictMonthRow {
  [key: string]: unknown;
  district_id: number;
  /** 'YYYY-MM' of the camp's date. */
  month: string;
  units: number;
}

/** Units collected at held camps per district and calendar month, from `firstDay` (the 1st of a month) on. */
export function unitsByDistrictAndMonth(db: Sql, firstDay: string): Promise<DistrictMonthRow[]> {
  return db.many<DistrictMonthRow>(
    `select c.district_id, to_char(c.camp_date, 'YYYY-MM') as month, sum(dn.units)::int as units
     from camps c join donations dn on dn.camp_id = c.id
     where c.status = 'held' and not c.is_demo and c.camp_date >= $1::date and ${COUNTED_DONATION}
     group by c.district_id, to_char(c.camp_date, 'YYYY-MM')`,
    [firstDay],
  );
}
