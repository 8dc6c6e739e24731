import type { Request } from 'express';
import type { Sql } from '../db/database';

// The append-only audit log. Details carry ids and codes, never names or phone numbers.

export type AuditAction =
  | 'login' | 'login_failed' | 'login_locked' | 'lockout' | 'logout' | 'session_expired' | 'password_changed'
  | 'donor_verified' | 'donor_rejected' | 'donor_unreachable' | 'donor_registered'
  | 'request_verified' | 'request_rejected' | 'request_unreachable' | 'request_registered'
  | 'note_added' | 'contact_viewed'
  | 'donor_erased'
  | 'request_taken' | 'request_released' | 'request_closed' | 'request_fulfilled' | 'bombay_override'
  | 'organisation_created' | 'organisation_updated' | 'camp_created' | 'camp_updated' | 'camp_cancelled'
  | 'camp_registration_added' | 'camp_registration_cancelled' | 'camp_attendance_recorded'
  | 'contact_recorded' | 'donor_asked' | 'donor_self_updated' | 'donation_recorded' | 'deferral_added'
  | 'volunteer_created' | 'volunteer_updated' | 'volunteer_deactivated' | 'volunteer_reactivated'
  | 'password_reset' | 'jurisdiction_changed' | 'audit_exported' | 'camps_exported'
  | 'notification_retried';

export type AuditEntity = 'donor' | 'blood_request' | 'volunteer' | 'audit' | 'camp' | 'organisation';

export interface Actor {
  id: number;
  username: string;
  role: 'volunteer' | 'admin';
}

export interface AuditEvent {
  actor?: Actor | undefined;
  /** For events without a signed-in actor (a failed sign-in): the username that was tried. */
  username?: string | undefined;
  action: AuditAction;
  entity?: { type: AuditEntity; id: number } | undefined;
  ip?: string | undefined;
  details?: Record<string, unknown>;
}

export async function recordAudit(db: Sql, e: AuditEvent): Promise<void> {
  await db.exec(
    `insert into audit_events (actor_id, actor_username, actor_role, action, entity_type, entity_id, ip, details)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      e.actor?.id ?? null,
      e.actor?.username ?? e.username?.slice(0, 100) ?? null,
      e.actor?.role ?? null,
      e.action,
      e.entity?.type ?? null,
      e.entity?.id ?? null,
      e.ip ?? null,
      JSON.stringify(e.details ?? {}),
    ],
  );
}

/** The client address as Express sees it (honouring TRUST_PROXY). */
export function clientIp(req: Request): string | undefined {
  return req.ip?.replace(/^::ffff:/, '') || undefined;
}
