import type { Sql } from '../db/database';

// "Download my data" (DPDP Act 2023 s.11): everything stored about the donor, and nothing
// about anyone else: no volunteer ids or names, no patients' or families' details.

type Json = Record<string, unknown>;

export interface MyData {
  record: Json;
  donations: Json[];
  deferrals: Json[];
  contact_attempts: Json[];
  notifications: Json[];
  sign_in_codes: Json[];
}

/** Columns of donors that identify volunteers or are internal bookkeeping. */
const NOT_THEIRS = ['verified_by', 'rejected_by', 'registered_by', 'claimed_by', 'claimed_until', 'is_demo', 'flagged_for_admin'];

export async function collectMyData(db: Sql, donorId: number): Promise<MyData | undefined> {
  // to_jsonb(d) rather than a column list, so a column added later is exported too.
  const row = await db.maybeOne<{ record: Json; phone: string; email: string | null }>(
    `select (to_jsonb(d) - $2::text[]) || jsonb_build_object('district', di.name, 'state', s.name) as record, d.phone, d.email
     from donors d join districts di on di.id = d.district_id join states s on s.code = d.state_code
     where d.id = $1 and d.erased_at is null`,
    [donorId, NOT_THEIRS],
  );
  if (!row) return undefined;
  const addresses = [row.phone, ...(row.email ? [row.email] : [])];
  const [donations, deferrals, contactAttempts, notifications, codes] = await Promise.all([
    db.many<Json>(
      `select donated_on, units, component, place, source, created_at as recorded_at
       from donations where donor_id = $1 order by donated_on, id`,
      [donorId],
    ),
    db.many<Json>(
      `select reason, until_date, source, note, created_at as recorded_at
       from donor_deferrals where donor_id = $1 order by created_at, id`,
      [donorId],
    ),
    // The call itself and how it went; the request, the patient and the volunteer are other people's data.
    db.many<Json>('select created_at as called_at, outcome, units from contact_attempts where donor_id = $1 order by created_at, id', [donorId]),
    db.many<Json>(
      `select channel, recipient, template, language, payload, status, created_at, sent_at
       from notifications where donor_id = $1 or (request_id is null and recipient = any($2::text[]))
       order by created_at, id`,
      [donorId, addresses],
    ),
    db.many<Json>('select created_at, expires_at, consumed_at, attempts, ip from donor_login_codes where phone = $1 order by created_at, id', [row.phone]),
  ]);
  return { record: row.record, donations, deferrals, contact_attempts: contactAttempts, notifications, sign_in_codes: codes };
}
