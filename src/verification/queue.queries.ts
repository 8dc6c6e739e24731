import type { Sql } from '../db/database';

// The verification queue: pending donors and requests of the volunteer's jurisdiction,
// emergency requests first, then oldest first. `scope` is the list of district ids the
// volunteer may see, or null for admins; it is applied in SQL on every query.

export type Scope = number[] | null;

export interface QueueFilters {
  kind?: 'donor' | 'request' | undefined;
  districtId?: number | undefined;
  bloodGroup?: string | undefined;
  urgency?: string | undefined;
}

/** Where the previous page ended: (rank, created_at as exact text, kind, id). */
export type QueueCursor = [number, string, string, number];

export interface QueueItem {
  [key: string]: unknown;
  kind: 'donor' | 'request';
  id: number;
  reference: string | null;
  name: string;
  blood_group: string;
  is_bombay: boolean;
  district_id: number;
  urgency: string | null;
  rank: number;
  created_at: Date;
  created_key: string;
  contact_attempts: number;
  flagged_for_admin: boolean;
  units: number | null;
  component: string | null;
  source_channel: string;
  claimed_by_username: string | null;
  claimed_until: Date | null;
}

export function pendingQueue(db: Sql, scope: Scope, f: QueueFilters, after: QueueCursor | undefined, limit: number): Promise<QueueItem[]> {
  return db.many<QueueItem>(
    `with items as (
       select 'request'::text as kind, r.id, r.reference, r.patient_name as name, r.blood_group, r.is_bombay, r.district_id,
              r.urgency, case r.urgency when 'emergency' then 0 when 'urgent' then 1 else 2 end as rank,
              r.created_at, r.contact_attempts, r.flagged_for_admin, r.units, r.component, r.source_channel,
              r.claimed_by, r.claimed_until
       from blood_requests r
       where r.status = 'pending_verification'
         and ($1::int[] is null or r.district_id = any($1))
         and ($2::text is null or $2 = 'request')
         and ($3::int is null or r.district_id = $3)
         and ($4::text is null or r.blood_group = $4)
         and ($5::text is null or r.urgency = $5)
       union all
       (select 'donor', d.id, null, d.full_name, d.blood_group, d.is_bombay, d.district_id,
              null, 2, d.created_at, d.contact_attempts, d.flagged_for_admin, null, null, d.source_channel,
              d.claimed_by, d.claimed_until
       from donors d
       where d.status = 'pending_verification'
         and ($1::int[] is null or d.district_id = any($1))
         and ($2::text is null or $2 = 'donor')
         and ($3::int is null or d.district_id = $3)
         and ($4::text is null or d.blood_group = $4)
         and $5::text is null
         -- The page's cursor, applied here too so that this branch can stop after one page: donors all
         -- rank 2, so within the branch the order is (created_at, id).
         and ($6::int is null or $6 < 2 or ($6 = 2 and (d.created_at, 'donor', d.id) > ($7::timestamptz, $8::text, $9::bigint)))
       order by d.created_at, d.id
       limit $10)
     )
     select i.*, i.created_at::text as created_key, c.username as claimed_by_username
     from items i left join volunteers c on c.id = i.claimed_by
     where $6::int is null or (i.rank, i.created_at, i.kind, i.id) > ($6, $7::timestamptz, $8::text, $9::bigint)
     order by i.rank, i.created_at, i.kind, i.id
     limit $10`,
    [scope, f.kind ?? null, f.districtId ?? null, f.bloodGroup ?? null, f.urgency ?? null, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, after?.[3] ?? null, limit],
  );
}

export interface QueueCount {
  [key: string]: unknown;
  kind: 'donor' | 'request';
  urgency: string | null;
  count: number;
  oldest: Date;
}

/** Pending records by type and urgency, with the oldest waiting time of each. */
export function pendingCounts(db: Sql, scope: Scope): Promise<QueueCount[]> {
  return db.many<QueueCount>(
    `select 'request' as kind, urgency, count(*)::int as count, min(created_at) as oldest
     from blood_requests where status = 'pending_verification' and ($1::int[] is null or district_id = any($1))
     group by urgency
     union all
     select 'donor', null, count(*)::int, min(created_at)
     from donors where status = 'pending_verification' and ($1::int[] is null or district_id = any($1))
     having count(*) > 0`,
    [scope],
  );
}
