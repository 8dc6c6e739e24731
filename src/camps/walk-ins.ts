import type { Request } from 'express';
import { clientIp, recordAudit } from '../audit/audit';
import type { Sql } from '../db/database';
import type { Scope } from '../verification/queue.queries';
import { attendancePosition } from './attendance.queries';
import { ATTENDANCE_PAGE_SIZE } from './attendance.schema';
import { findCampInScope, lockCampInScope, type CampRow } from './camps.queries';
import { findRegistration, registerForCamp } from './registrations.queries';

// Walk-ins: people who turn up at a camp without having registered. They are never refused
// (they are there, and the blood bank decides), and they do not take one of the seats counted
// against capacity. Used by the attendance page and by assisted donor entry.

export const attendancePath = (campId: number) => `/volunteer/camps/${campId}/attendance`;

/** Why attendance (and walk-ins) cannot be recorded for this camp today, as a message key; undefined when it can. */
export function attendanceClosedReason(camp: Pick<CampRow, 'status' | 'camp_date'>, today: string): string | undefined {
  if (camp.status === 'cancelled') return 'attendance.errors.camp_cancelled';
  if (today < camp.camp_date) return 'attendance.errors.before_camp_day';
  return undefined;
}

/** The camp named by a form or address value (?camp=12), if this volunteer may add walk-ins to it today. */
export async function findWalkInCamp(db: Sql, value: unknown, scope: Scope, today: string): Promise<CampRow | undefined> {
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) return undefined;
  const camp = await findCampInScope(db, Number(value), scope);
  return camp && !attendanceClosedReason(camp, today) ? camp : undefined;
}

/** The same check inside a transaction, holding the camp row so a cancellation cannot slip in between. */
export async function lockWalkInCamp(tx: Sql, campId: number, scope: Scope, today: string): Promise<CampRow | undefined> {
  const camp = await lockCampInScope(tx, campId, scope);
  return camp && !attendanceClosedReason(camp, today) ? camp : undefined;
}

/**
 * Adds the donor to the camp's list as a walk-in (registerForCamp: never refused for capacity, not
 * counted in registered_count) and records it in the audit log. Returns where their row is on the
 * attendance page, or undefined when they were on the list already.
 */
export async function registerWalkIn(tx: Sql, req: Request, campId: number, donorId: number, at: Date): Promise<string | undefined> {
  const outcome = await registerForCamp(tx, { campId, donorId, source: 'walk_in', registeredBy: req.volunteer!.id, at });
  if (outcome !== 'registered') return undefined;
  await recordAudit(tx, {
    actor: req.volunteer, action: 'camp_registration_added', entity: { type: 'camp', id: campId }, ip: clientIp(req), details: { donorId, source: 'walk_in' },
  });
  const registration = (await findRegistration(tx, campId, donorId))!;
  const position = await attendancePosition(tx, campId, registration.id);
  return `${attendancePath(campId)}?page=${Math.max(1, Math.ceil(position / ATTENDANCE_PAGE_SIZE))}#row-${registration.id}`;
}
