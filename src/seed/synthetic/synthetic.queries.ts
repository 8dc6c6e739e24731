import type { Sql } from '../../db/database';
import { DONOR_PHONE_PREFIX, SYNTHETIC_DONOR_NAME_PREFIX, SYNTHETIC_PATIENT_NAME_PREFIX } from './identities';

// SQL of the synthetic dataset. A synthetic row is is_demo with a "Synthetic …" name; demo rows
// (is_demo, "Demo …") and real rows (is_demo = false) are never deleted here.

const SYNTHETIC_DONOR = `is_demo and full_name like '${SYNTHETIC_DONOR_NAME_PREFIX}%'`;
const SYNTHETIC_REQUEST = `is_demo and patient_name like '${SYNTHETIC_PATIENT_NAME_PREFIX}%'`;

export interface RowCensus {
  [key: string]: unknown;
  real_donors: number;
  real_requests: number;
  /** Demo rows, and erased rows whose name is gone: kept, but they stop a TRUNCATE. */
  other_donors: number;
  other_requests: number;
  synthetic_donors: number;
  synthetic_requests: number;
}

export function countRows(db: Sql): Promise<RowCensus> {
  return db.one<RowCensus>(
    `select
       (select count(*) from donors where not is_demo)::int as real_donors,
       (select count(*) from blood_requests where not is_demo)::int as real_requests,
       (select count(*) from donors where is_demo and not coalesce(${SYNTHETIC_DONOR}, false))::int as other_donors,
       (select count(*) from blood_requests where is_demo and not coalesce(${SYNTHETIC_REQUEST}, false))::int as other_requests,
       (select count(*) from donors where ${SYNTHETIC_DONOR})::int as synthetic_donors,
       (select count(*) from blood_requests where ${SYNTHETIC_REQUEST})::int as synthetic_requests`,
  );
}

/** Donor phone numbers in the synthetic range held by rows that stay (donors.phone is unique). */
export async function phonesInSyntheticRange(db: Sql): Promise<Set<string>> {
  const rows = await db.many<{ phone: string }>(
    `select phone from donors where phone like $1 || '%' and not coalesce(${SYNTHETIC_DONOR}, false)`,
    [DONOR_PHONE_PREFIX],
  );
  return new Set(rows.map((r) => r.phone));
}

/** References of requests that stay (blood_requests.reference is unique). */
export async function referencesInUse(db: Sql): Promise<Set<string>> {
  const rows = await db.many<{ reference: string }>(`select reference from blood_requests where not coalesce(${SYNTHETIC_REQUEST}, false)`);
  return new Set(rows.map((r) => r.reference));
}

/**
 * Empties the tables of donors and requests in one go; only for a database whose donors and
 * requests are all synthetic. Naming every table that references them (instead of CASCADE)
 * makes PostgreSQL refuse if a later migration adds another one, rather than empty it unasked.
 */
export async function truncateSyntheticTables(tx: Sql): Promise<void> {
  await tx.exec(
    `truncate donors, blood_requests, blood_request_events, case_notes, donor_deferrals, contact_attempts, donations,
              camp_registrations, notifications`,
  );
  // The registrations that held seats are gone.
  await tx.exec('update camps set registered_count = 0 where registered_count <> 0');
}

/** Deletes synthetic donors and requests with what hangs off them; everything else stays. */
export async function deleteSyntheticRows(tx: Sql): Promise<void> {
  // Seats synthetic donors held (walk-ins and cancelled ones never counted) go back to their camps.
  await tx.exec(
    `update camps c set registered_count = greatest(0, c.registered_count - r.seats)
     from (select camp_id, count(*)::int as seats from camp_registrations
           where donor_id in (select id from donors where ${SYNTHETIC_DONOR}) and status <> 'cancelled' and source <> 'walk_in'
           group by camp_id) r
     where c.id = r.camp_id`,
  );
  // Donations restrict deleting their donor; events, notes, calls, deferrals and seats cascade.
  await tx.exec(`delete from donations where donor_id in (select id from donors where ${SYNTHETIC_DONOR})`);
  await tx.exec(`delete from blood_requests where ${SYNTHETIC_REQUEST}`);
  await tx.exec(`delete from donors where ${SYNTHETIC_DONOR}`);
}

/** Each synthetic request's timeline, from the times in its own columns: one event per status it reached. */
export function addSyntheticRequestEvents(tx: Sql): Promise<number> {
  return tx.exec(
    `insert into blood_request_events (request_id, status, occurred_at)
     select id, 'pending_verification', created_at from blood_requests where ${SYNTHETIC_REQUEST}
     union all
     select id, 'open', verified_at from blood_requests where ${SYNTHETIC_REQUEST} and verified_at is not null
     union all
     select id, 'in_progress', handled_since from blood_requests where ${SYNTHETIC_REQUEST} and handled_since is not null
     union all
     select id, status, coalesce(fulfilled_at, closed_at, rejected_at, updated_at) from blood_requests
     where ${SYNTHETIC_REQUEST} and status in ('fulfilled', 'closed', 'expired')`,
  );
}

/** Statements that take a table's secondary indexes and foreign keys away, and put them back as they were. */
export interface DeferredChecks {
  drop: string[];
  restore: string[];
}

/**
 * For a bulk load: PostgreSQL checks foreign keys row by row and keeps every index up to date
 * as rows arrive, which made COPY into donors about three times slower than into the bare table.
 * Dropping them and building them again afterwards (one sort per index, one join per key) is much
 * faster. Definitions are read from the catalogue, so a later migration's indexes come back too.
 * Primary keys and unique indexes stay: they guard the load itself. Run inside the load's
 * transaction, so a failed load restores everything.
 */
export async function deferIndexesAndForeignKeys(tx: Sql, table: 'donors' | 'blood_requests'): Promise<DeferredChecks> {
  const rows = await tx.many<{ drop_sql: string; restore_sql: string; kind: string }>(
    `select format('alter table %s drop constraint %I', conrelid::regclass, conname) as drop_sql,
            format('alter table %s add constraint %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid)) as restore_sql,
            case contype when 'f' then 'foreign key' else 'constraint' end as kind
     from pg_constraint c where conrelid = $1::regclass
       and (contype = 'f' or (contype = 'u' and not exists (select 1 from pg_constraint f where f.contype = 'f' and f.conindid = c.conindid)))
     union all
     select format('drop index %s', indexrelid::regclass), pg_get_indexdef(indexrelid), 'index'
     from pg_index where indrelid = $1::regclass and not indisunique and not indisprimary
     order by kind, drop_sql`,
    [table],
  );
  for (const r of rows) await tx.exec(r.drop_sql);
  return { drop: rows.map((r) => r.drop_sql), restore: rows.map((r) => r.restore_sql) };
}

export async function restoreIndexesAndForeignKeys(tx: Sql, deferred: DeferredChecks): Promise<void> {
  // Index builds sort in memory up to this much, instead of spilling to disk in small runs.
  await tx.exec(`set local maintenance_work_mem = '256MB'`);
  for (const statement of deferred.restore) await tx.exec(statement);
}

/** Fresh planner statistics (and visibility map) for the loaded tables; runs outside a transaction. */
export async function vacuumAnalyzeLoadedTables(db: Sql): Promise<void> {
  await db.exec('vacuum (analyze) donors, blood_requests, blood_request_events');
}
