import type { Sql } from '../db/database';
import { addRequestEvent } from '../requests/requests.queries';
import type { Scope } from './queue.queries';

// Verification actions on donors and blood requests. Each action is a conditional UPDATE
// (still pending, inside the volunteer's jurisdiction): when two volunteers act at once,
// exactly one update matches and the other learns who got there first.

export const RECORD_KINDS = {
  donor: { table: 'donors', verified: 'verified', rejected: 'rejected', entity: 'donor' },
  request: { table: 'blood_requests', verified: 'open', rejected: 'closed', entity: 'blood_request' },
} as const;
export type RecordKind = keyof typeof RECORD_KINDS;

export const DONOR_REJECTION_REASONS = ['unreachable', 'wrong_number', 'not_genuine', 'duplicate', 'ineligible', 'declined', 'other'] as const;
export const REQUEST_REJECTION_REASONS = ['unreachable', 'wrong_number', 'not_genuine', 'duplicate', 'no_longer_needed', 'other'] as const;

/** After this many unanswered calls a record is flagged for an admin. */
export const MAX_CONTACT_ATTEMPTS = 3;

const pendingInScope = `status = 'pending_verification' and ($2::int[] is null or district_id = any($2))`;

export async function verifyRecord(db: Sql, kind: RecordKind, id: number, scope: Scope, volunteerId: number, at: Date): Promise<boolean> {
  const k = RECORD_KINDS[kind];
  const done = await db.exec(
    `update ${k.table} set status = $3, verified_by = $4, verified_at = $5, updated_at = $5, claimed_by = null, claimed_until = null
     where id = $1 and ${pendingInScope}`,
    [id, scope, k.verified, volunteerId, at],
  );
  if (done && kind === 'request') await addRequestEvent(db, id, k.verified, at);
  return done === 1;
}

export async function rejectRecord(
  db: Sql,
  kind: RecordKind,
  id: number,
  scope: Scope,
  volunteerId: number,
  at: Date,
  reason: string,
  note: string | undefined,
): Promise<boolean> {
  const k = RECORD_KINDS[kind];
  const done = await db.exec(
    `update ${k.table} set status = $3, rejected_by = $4, rejected_at = $5, rejection_reason = $6, rejection_note = $7, updated_at = $5,
            claimed_by = null, claimed_until = null
     where id = $1 and ${pendingInScope}`,
    [id, scope, k.rejected, volunteerId, at, reason, note ?? null],
  );
  if (done && kind === 'request') await addRequestEvent(db, id, k.rejected, at);
  return done === 1;
}

/** Counts an unanswered call; the third flags the record for an admin. */
export function recordUnreachable(db: Sql, kind: RecordKind, id: number, scope: Scope, at: Date) {
  return db.maybeOne<{ contact_attempts: number; flagged_for_admin: boolean }>(
    `update ${RECORD_KINDS[kind].table}
     set contact_attempts = contact_attempts + 1, flagged_for_admin = flagged_for_admin or contact_attempts + 1 >= $3, updated_at = $4
     where id = $1 and ${pendingInScope}
     returning contact_attempts, flagged_for_admin`,
    [id, scope, MAX_CONTACT_ATTEMPTS, at],
  );
}

export async function addNote(db: Sql, kind: RecordKind, id: number, scope: Scope, volunteerId: number, body: string, at: Date) {
  const column = kind === 'donor' ? 'donor_id' : 'request_id';
  const row = await db.maybeOne<{ id: number }>(
    `insert into case_notes (${column}, volunteer_id, body, created_at)
     select id, $3, $4, $5 from ${RECORD_KINDS[kind].table} where id = $1 and ($2::int[] is null or district_id = any($2))
     returning id`,
    [id, scope, volunteerId, body, at],
  );
  return row?.id;
}

/** How long "I am calling" holds before others are no longer warned off. */
export const CLAIM_MINUTES = 15;

/** Claims a pending record for a call, unless someone else's claim is still running; returns the claim's end. */
export async function claimRecord(db: Sql, kind: RecordKind, id: number, scope: Scope, volunteerId: number, at: Date) {
  const until = new Date(at.getTime() + CLAIM_MINUTES * 60_000);
  const row = await db.maybeOne<{ claimed_until: Date }>(
    `update ${RECORD_KINDS[kind].table} set claimed_by = $3, claimed_until = $4
     where id = $1 and ${pendingInScope} and (claimed_by is null or claimed_by = $3 or claimed_until <= $5)
     returning claimed_until`,
    [id, scope, volunteerId, until, at],
  );
  return row?.claimed_until;
}

/** Ends one's own claim (the call is over). */
export async function releaseClaim(db: Sql, kind: RecordKind, id: number, scope: Scope, volunteerId: number): Promise<boolean> {
  const done = await db.exec(
    `update ${RECORD_KINDS[kind].table} set claimed_by = null, claimed_until = null
     where id = $1 and ($2::int[] is null or district_id = any($2)) and claimed_by = $3`,
    [id, scope, volunteerId],
  );
  return done === 1;
}

export interface HandledState {
  [key: string]: unknown;
  status: string;
  by_username: string | null;
  at: Date | null;
  claimed_by_username: string | null;
  claimed_until: Date | null;
}

/** Who last decided on a record, for "already handled by X at time"; undefined outside the scope. */
export function handledState(db: Sql, kind: RecordKind, id: number, scope: Scope): Promise<HandledState | undefined> {
  return db.maybeOne<HandledState>(
    `select r.status, v.username as by_username, coalesce(r.verified_at, r.rejected_at) as at,
            c.username as claimed_by_username, r.claimed_until
     from ${RECORD_KINDS[kind].table} r
     left join volunteers v on v.id = coalesce(r.verified_by, r.rejected_by)
     left join volunteers c on c.id = r.claimed_by
     where r.id = $1 and ($2::int[] is null or r.district_id = any($2))`,
    [id, scope],
  );
}

export interface HistoryEntry {
  [key: string]: unknown;
  at: Date;
  username: string | null;
  action: string;
  note: string | null;
  details: Record<string, unknown>;
}

/** What happened to a record: its audit events and notes, oldest first. */
export function recordHistory(db: Sql, kind: RecordKind, id: number): Promise<HistoryEntry[]> {
  const column = kind === 'donor' ? 'donor_id' : 'request_id';
  return db.many<HistoryEntry>(
    `select occurred_at as at, actor_username as username, action, null as note, details
     from audit_events where entity_type = $2 and entity_id = $1 and action <> 'note_added'
     union all
     select n.created_at, v.username, 'note_added', n.body, '{}'::jsonb
     from case_notes n join volunteers v on v.id = n.volunteer_id where n.${column} = $1
     order by 1, 3`,
    [id, RECORD_KINDS[kind].entity],
  );
}
