import type { Sql } from '../db/database';

// A donor's deferrals and donations, for the volunteers' donor page and the donor's own page.

export interface DeferralRow {
  [key: string]: unknown;
  id: number;
  reason: string;
  until_date: string | null;
  source: 'self' | 'volunteer';
  note: string | null;
  created_at: Date;
  recorded_by_username: string | null;
}

export function deferralsOf(db: Sql, donorId: number) {
  return db.many<DeferralRow>(
    `select f.id, f.reason, f.until_date, f.source, f.note, f.created_at, v.username as recorded_by_username
     from donor_deferrals f left join volunteers v on v.id = f.recorded_by
     where f.donor_id = $1 order by f.created_at desc, f.id desc`,
    [donorId],
  );
}

export interface DonorDonationRow {
  [key: string]: unknown;
  id: number;
  donated_on: string;
  units: number;
  component: string;
  place: string | null;
  source: 'request' | 'self_reported' | 'camp';
  request_reference: string | null;
}

export function donationsOf(db: Sql, donorId: number) {
  return db.many<DonorDonationRow>(
    `select n.id, n.donated_on, n.units, n.component, n.place, n.source, b.reference as request_reference
     from donations n left join blood_requests b on b.id = n.request_id
     where n.donor_id = $1 order by n.donated_on desc, n.id desc`,
    [donorId],
  );
}
