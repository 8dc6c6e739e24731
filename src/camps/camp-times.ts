import { addDays, todayInIndia } from '../domain/dates';

// Camps are planned in Indian wall-clock time (a date plus HH:MM). India has one time zone and no
// daylight saving, so a wall-clock time is always UTC+05:30.

const IST_OFFSET_MS = (5 * 60 + 30) * 60_000;
const DAY_MS = 24 * 3_600_000;
/** The evening before a camp, when its reminder goes out. */
const REMINDER_TIME = '18:00';

const clockFormatter = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Kolkata', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** The instant of a date ('YYYY-MM-DD') and time ('HH:MM' or 'HH:MM:SS') on a clock in India. */
export function indiaInstant(date: string, time: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, d, hh, mm) - IST_OFFSET_MS);
}

/** 'HH:MM' on a clock in India. */
export function indiaTimeOfDay(at: Date): string {
  return clockFormatter.format(at);
}

export interface CampTimes {
  camp_date: string;
  /** 'HH:MM' */
  starts_at: string;
  ends_at: string;
  status: string;
}

/**
 * A camp takes registrations while it is planned and has not ended. The same rule is the
 * conditional UPDATE in registrations.queries.ts, which decides under concurrency.
 */
export function registrationOpen(camp: CampTimes, at: Date): boolean {
  if (camp.status !== 'planned') return false;
  const today = todayInIndia(at);
  return camp.camp_date > today || (camp.camp_date === today && camp.ends_at > indiaTimeOfDay(at));
}

/** The camp's date has not passed (it may already have ended today). */
export function campIsUpcoming(camp: CampTimes, at: Date): boolean {
  return camp.camp_date >= todayInIndia(at);
}

/**
 * When the reminder goes: 18:00 in India the day before the camp, or at once when the camp starts
 * within 24 hours (a reminder the evening before would come too late, or would already have passed).
 */
export function reminderTime(camp: Pick<CampTimes, 'camp_date' | 'starts_at'>, at: Date): Date {
  const start = indiaInstant(camp.camp_date, camp.starts_at);
  if (start.getTime() - at.getTime() <= DAY_MS) return at;
  const evening = indiaInstant(addDays(camp.camp_date, -1), REMINDER_TIME);
  // A camp starting late in the evening: the evening before may already have passed.
  return evening.getTime() > at.getTime() ? evening : at;
}
