import { displayBloodGroup } from '../domain/blood';
import { formatDateTime } from '../domain/dates';
import type { GeoDirectory } from '../geo/geo-directory';
import type { Language } from '../web/i18n';
import type { PublicStats } from './public-stats';

// Turns the language-free numbers into what the page shows: Indian digit grouping (1,00,000),
// month and state names in the page's language, and bar lengths as a share of the chart's largest value.

export interface Bar {
  label: string;
  value: string;
  /** 0–100: the length of the bar, in the SVG's 100-unit-wide viewBox. */
  width: number;
}

const numberFormats: Record<Language, Intl.NumberFormat> = {
  en: new Intl.NumberFormat('en-IN'),
  hi: new Intl.NumberFormat('hi-IN'),
};

// English abbreviates well ("Sept 2025"); Hindi short forms ("सित॰") read poorly, so Hindi uses full names.
const monthFormats: Record<Language, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-IN', { month: 'short', year: 'numeric', timeZone: 'UTC' }),
  hi: new Intl.DateTimeFormat('hi-IN', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

/** Bar length for value on a chart whose longest bar is max; a non-zero value always shows a sliver. */
export function barWidth(value: number, max: number): number {
  if (max <= 0 || value <= 0) return 0;
  return Math.max(1, Math.round((value / max) * 1000) / 10);
}

export function monthLabel(month: string, lang: Language): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return monthFormats[lang].format(new Date(Date.UTC(y, m - 1, 1)));
}

// The camp sections are shaped by campStatsView (src/stats/camp-stats.ts).
export function statsView(stats: Omit<PublicStats, 'camps'>, computedAt: Date, lang: Language, t: (key: string) => string, geo: GeoDirectory) {
  const n = (value: number) => numberFormats[lang].format(value);
  const bars = (rows: Array<{ label: string; donors: number }>): Bar[] => {
    const max = Math.max(0, ...rows.map((r) => r.donors));
    return rows.map((r) => ({ label: r.label, value: n(r.donors), width: barWidth(r.donors, max) }));
  };

  const states = stats.byState
    .map((s) => ({ label: geo.stateName(s.stateCode, lang), donors: s.donors }))
    .sort((a, b) => b.donors - a.donors || a.label.localeCompare(b.label, lang));
  const monthMax = Math.max(0, ...stats.months.flatMap((m) => [m.received, m.fulfilled]));

  return {
    totals: [
      { label: t('stats.total_donors'), value: n(stats.totals.verifiedDonors) },
      { label: t('stats.total_requests'), value: n(stats.totals.requestsReceived) },
      { label: t('stats.total_fulfilled'), value: n(stats.totals.requestsFulfilled) },
      { label: t('stats.total_units'), value: n(stats.totals.unitsArranged) },
      { label: t('stats.total_donations'), value: n(stats.totals.donations) },
    ],
    groups: bars(stats.byGroup.map((g) => ({ label: g.group === 'bombay' ? t('stats.bombay') : displayBloodGroup(g.group), donors: g.donors }))),
    states: bars(states),
    months: stats.months.map((m) => ({
      label: monthLabel(m.month, lang),
      received: { value: n(m.received), width: barWidth(m.received, monthMax) },
      fulfilled: { value: n(m.fulfilled), width: barWidth(m.fulfilled, monthMax) },
    })),
    updatedAt: formatDateTime(computedAt),
  };
}

export type StatsView = ReturnType<typeof statsView>;
