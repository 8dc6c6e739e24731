import type { Sql } from '../db/database';

// Reading the audit log for the admin page and the CSV export. Newest first, paged by
// (occurred_at, id) so a page never skips or repeats rows written in the same instant.

export interface AuditRow {
  [key: string]: unknown;
  id: number;
  occurred_at: Date;
  actor_id: number | null;
  actor_username: string | null;
  actor_role: string | null;
  action: string;
  entity_type: string | null;
  entity_id: number | null;
  ip: string | null;
  details: Record<string, unknown>;
}

export interface AuditQuery {
  actor?: string | undefined;
  action?: string | undefined;
  /** Inclusive lower bound. */
  since?: Date | undefined;
  /** Exclusive upper bound. */
  until?: Date | undefined;
}

/** Rows matching the filters, older than the row `before` (an id) when given. */
export function searchAuditEvents(db: Sql, q: AuditQuery, page: { before?: number | undefined; limit: number }): Promise<AuditRow[]> {
  return db.many<AuditRow>(
    `select id, occurred_at, actor_id, actor_username, actor_role, action, entity_type, entity_id, host(ip) as ip, details
     from audit_events
     where ($1::text is null or actor_username = $1)
       and ($2::text is null or action = $2)
       and ($3::timestamptz is null or occurred_at >= $3)
       and ($4::timestamptz is null or occurred_at < $4)
       and ($5::bigint is null or (occurred_at, id) < (select b.occurred_at, b.id from audit_events b where b.id = $5))
     order by occurred_at desc, id desc
     limit $6`,
    [q.actor ?? null, q.action ?? null, q.since ?? null, q.until ?? null, page.before ?? null, page.limit],
  );
}
