import { asciiDigits } from './digits';

// Calendar dates as 'YYYY-MM-DD' strings, in Indian Standard Time.

export const INDIA_TIME_ZONE = 'Asia/Kolkata';

const isoFormatter = new Intl.DateTimeFormat('en-CA', { timeZone: INDIA_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in India, whatever the server's own time zone. */
export function todayInIndia(now: Date): string {
  return isoFormatter.format(now);
}

/**
 * Accepts what people type or what a date picker sends: 2024-03-09, 09/03/2024, 9-3-2024, 09.03.2024.
 * Returns 'YYYY-MM-DD' for a real calendar date, otherwise undefined.
 */
export function parseDate(input: string): string | undefined {
  const s = asciiDigits(input).trim();
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (match) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s))) {
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    return undefined;
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return toIso(date);
}

export function addDays(iso: string, days: number): string {
  const date = fromIso(iso);
  date.setUTCDate(date.getUTCDate() + days);
  return toIso(date);
}

export function addYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  // 29 February plus a year is 1 March, as birthdays are counted in India's official forms.
  const date = new Date(Date.UTC(y + years, m - 1, d));
  return toIso(date);
}

/**
 * Calendar months later. A day the target month lacks (31 August + 6 months) becomes the 1st of the
 * month after, the same rule addYears applies to 29 February, so a period is never cut short.
 */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const firstOfTarget = new Date(Date.UTC(y, m - 1 + months, 1));
  const daysInTarget = new Date(Date.UTC(firstOfTarget.getUTCFullYear(), firstOfTarget.getUTCMonth() + 1, 0)).getUTCDate();
  if (d > daysInTarget) firstOfTarget.setUTCMonth(firstOfTarget.getUTCMonth() + 1);
  else firstOfTarget.setUTCDate(d);
  return toIso(firstOfTarget);
}

/**
 * Completed years between birth and on (both 'YYYY-MM-DD'). Agrees with addYears: someone born on
 * 29 February turns n on addYears(birth, n), i.e. on 1 March in a year without 29 February.
 */
export function ageOn(birth: string, on: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [oy, om, od] = on.split('-').map(Number) as [number, number, number];
  return oy - by - (om < bm || (om === bm && od < bd) ? 1 : 0);
}

/** DD/MM/YYYY, the format used on Indian forms, in both languages. */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  const iso = value instanceof Date ? todayInIndia(value) : value;
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

const timeFormatter = new Intl.DateTimeFormat('en-GB', { timeZone: INDIA_TIME_ZONE, hour: '2-digit', minute: '2-digit', hour12: false });

/** DD/MM/YYYY HH:MM in Indian time. */
export function formatDateTime(value: Date | null | undefined): string {
  if (!value) return '';
  return `${formatDate(value)} ${timeFormatter.format(value)}`;
}

function fromIso(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

function toIso(date: Date): string {
  return date.toISOString().slice(0, 10);
}
