import { todayInIndia } from '../../domain/dates';

// Dates and times for millions of rows without a Date object per value: calendar days are looked up
// in a precomputed table and timestamps are written in Indian time as text that PostgreSQL reads.

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
const IST_OFFSET = 330 * MINUTE;
const PAST_DAYS = 30_000; // beyond the oldest donor's birthday (66 years)
const FUTURE_DAYS = 400;

const two = (n: number) => String(n).padStart(2, '0');
const HH_MM = Array.from({ length: 1440 }, (_, m) => `${two(Math.floor(m / 60))}:${two(m % 60)}`);
const SS = Array.from({ length: 60 }, (_, s) => two(s));

export class SyntheticClock {
  readonly nowMs: number;
  readonly today: string;
  /** Days since 1970-01-01 of today in India. */
  private readonly todayIndex: number;
  private readonly days: string[];

  constructor(now: Date) {
    this.nowMs = now.getTime();
    this.today = todayInIndia(now);
    this.todayIndex = Math.floor((this.nowMs + IST_OFFSET) / DAY);
    this.days = Array.from({ length: PAST_DAYS + FUTURE_DAYS + 1 }, (_, i) =>
      new Date((this.todayIndex - PAST_DAYS + i) * DAY).toISOString().slice(0, 10));
  }

  /** 'YYYY-MM-DD' of today plus offset days (negative: in the past). */
  day(offset: number): string {
    const d = this.days[PAST_DAYS + offset];
    if (d === undefined) throw new RangeError(`day offset ${offset} is outside the synthetic calendar`);
    return d;
  }

  /** The instant the India day at offset begins. */
  dayStartMs(offset: number): number {
    return (this.todayIndex + offset) * DAY - IST_OFFSET;
  }

  /** A timestamptz literal in Indian time ('2026-06-15 12:00:05+05:30') for an instant. */
  timestamp(ms: number): string {
    const local = ms + IST_OFFSET;
    const dayIndex = Math.floor(local / DAY);
    const second = Math.floor((local - dayIndex * DAY) / 1000);
    return `${this.day(dayIndex - this.todayIndex)} ${HH_MM[(second / 60) | 0]}:${SS[second % 60]}+05:30`;
  }
}
