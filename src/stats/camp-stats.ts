import type { Sql } from '../db/database';
import { formatDate, todayInIndia } from '../domain/dates';
import type { GeoDirectory } from '../geo/geo-directory';
import type { Language } from '../web/i18n';
import { listHeldCamps, topOrganisations, unitsByDistrictAndMonth } from './camp-stats.queries';
import { barWidth, monthLabel } from './stats-view';

// The camp sections of /stats: numbers computed once per cache period (language-free), then
// turned into rows in the page's language.

export const LATEST_CAMPS = 12;
export const TOP_ORGANISATIONS = 10;
/** Districts shown as columns of the month table; the "all districts" column counts the rest too. */
export const TOP_DISTRICTS = 5;

export interface CampStats {
  latest: Array<{ title: string; campDate: string; districtId: number; stateCode: string; units: number; donors: number }>;
  organisations: Array<{ name: string; camps: number; units: number }>;
  /** The last 12 calendar months (India), oldest first. */
  months: string[];
  /** The districts that collected most in those months, most first; units per month in `months` order. */
  districts: Array<{ districtId: number; units: number[]; total: number }>;
  /** Every district together, per month. */
  allDistricts: number[];
}

/** 'YYYY-MM' of the 12 months up to and including the month of `today`, oldest first. */
export function lastTwelveMonths(today: string): string[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return Array.from({ length: 12 }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - (11 - i), 1));
    return d.toISOString().slice(0, 7);
  });
}

export async function computeCampStats(db: Sql, at: Date): Promise<CampStats> {
  const months = lastTwelveMonths(todayInIndia(at));
  const [latest, organisations, cells] = await Promise.all([
    listHeldCamps(db, LATEST_CAMPS),
    topOrganisations(db, TOP_ORGANISATIONS),
    unitsByDistrictAndMonth(db, `${months[0]}-01`),
  ]);

  const byDistrict = new Map<number, number[]>();
  const allDistricts = months.map(() => 0);
  for (const cell of cells) {
    const i = months.indexOf(cell.month);
    if (i < 0) continue; // a held camp dated after this month (recorded early): not in the window
    const row = byDistrict.get(cell.district_id) ?? months.map(() => 0);
    row[i]! += cell.units;
    allDistricts[i]! += cell.units;
    byDistrict.set(cell.district_id, row);
  }
  const districts = [...byDistrict]
    .map(([districtId, units]) => ({ districtId, units, total: units.reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.total - a.total || a.districtId - b.districtId)
    .slice(0, TOP_DISTRICTS);

  return {
    latest: latest.map((c) => ({ title: c.title, campDate: c.camp_date, districtId: c.district_id, stateCode: c.state_code, units: c.units, donors: c.donors })),
    organisations: organisations.map((o) => ({ name: o.name, camps: o.camps, units: o.units })),
    months,
    districts,
    allDistricts,
  };
}

const numberFormats: Record<Language, Intl.NumberFormat> = {
  en: new Intl.NumberFormat('en-IN'),
  hi: new Intl.NumberFormat('hi-IN'),
};

export function campStatsView(stats: CampStats, lang: Language, geo: GeoDirectory) {
  const n = (value: number) => numberFormats[lang].format(value);
  const campMax = Math.max(0, ...stats.latest.map((c) => c.units));
  const orgMax = Math.max(0, ...stats.organisations.map((o) => o.units));
  return {
    latest: stats.latest.map((c) => ({
      title: c.title,
      date: formatDate(c.campDate),
      district: `${geo.districtName(c.districtId)}, ${geo.stateName(c.stateCode, lang)}`,
      units: n(c.units),
      donors: n(c.donors),
      width: barWidth(c.units, campMax),
    })),
    organisations: stats.organisations.map((o) => ({ name: o.name, camps: n(o.camps), units: n(o.units), width: barWidth(o.units, orgMax) })),
    districtColumns: stats.districts.map((d) => geo.districtName(d.districtId)),
    months: stats.months.map((month, i) => ({
      label: monthLabel(month, lang),
      districts: stats.districts.map((d) => n(d.units[i]!)),
      all: n(stats.allDistricts[i]!),
    })),
    hasDistricts: stats.districts.length > 0,
  };
}

export type CampStatsView = ReturnType<typeof campStatsView>;
