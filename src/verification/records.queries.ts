import type { Sql } from '../db/database';
import type { Scope } from './queue.queries';

// Donor and request details for volunteers, always within their jurisdiction.

export interface DonorDetail {
  [key: string]: unknown;
  id: number;
  full_name: string;
  phone: string;
  email: string | null;
  sex: 'male' | 'female' | 'other';
  date_of_birth: string;
  weight_kg: number;
  blood_group: string;
  is_bombay: boolean;
  state_code: string;
  district_id: number;
  locality: string;
  pincode: string;
  last_donation_on: string | null;
  status: string;
  source_channel: string;
  preferred_language: string;
  consent_notice_version: string;
  created_at: Date;
  contact_attempts: number;
  flagged_for_admin: boolean;
  rejection_reason: string | null;
  rejection_note: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  registered_by_username: string | null;
  claimed_by_username: string | null;
  claimed_until: Date | null;
}

export function findDonorInScope(db: Sql, id: number, scope: Scope): Promise<DonorDetail | undefined> {
  return db.maybeOne<DonorDetail>(
    `select d.*, v.username as decided_by, coalesce(d.verified_at, d.rejected_at) as decided_at, r.username as registered_by_username,
            c.username as claimed_by_username
     from donors d
     left join volunteers v on v.id = coalesce(d.verified_by, d.rejected_by)
     left join volunteers r on r.id = d.registered_by
     left join volunteers c on c.id = d.claimed_by
     -- An erased donor is only an id and a blood group now: there is no page to show.
     where d.id = $1 and d.erased_at is null and ($2::int[] is null or d.district_id = any($2))`,
    [id, scope],
  );
}

export interface RequestDetail {
  [key: string]: unknown;
  id: number;
  reference: string;
  patient_name: string;
  patient_age: number;
  blood_group: string;
  is_bombay: boolean;
  component: string;
  units: number;
  urgency: string;
  needed_by: string;
  hospital_name: string;
  hospital_city: string;
  state_code: string;
  district_id: number;
  pincode: string;
  contact_name: string;
  contact_phone: string;
  relation: string | null;
  notes: string | null;
  status: string;
  source_channel: string;
  created_at: Date;
  contact_attempts: number;
  flagged_for_admin: boolean;
  rejection_reason: string | null;
  rejection_note: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  registered_by_username: string | null;
  claimed_by_username: string | null;
  claimed_until: Date | null;
}

export function findRequestInScope(db: Sql, id: number, scope: Scope): Promise<RequestDetail | undefined> {
  return db.maybeOne<RequestDetail>(
    `select b.*, v.username as decided_by, coalesce(b.verified_at, b.rejected_at) as decided_at, r.username as registered_by_username,
            c.username as claimed_by_username
     from blood_requests b
     left join volunteers v on v.id = coalesce(b.verified_by, b.rejected_by)
     left join volunteers r on r.id = b.registered_by
     left join volunteers c on c.id = b.claimed_by
     where b.id = $1 and ($2::int[] is null or b.district_id = any($2))`,
    [id, scope],
  );
}

export interface SimilarRecord {
  [key: string]: unknown;
  kind: 'donor' | 'request';
  id: number;
  label: string;
  status: string;
  reason: 'same_phone' | 'same_name_dob' | 'same_patient';
}

/** Possible duplicates of a donor: same name and date of birth, or requests from the same phone. */
export function similarToDonor(db: Sql, d: DonorDetail, scope: Scope): Promise<SimilarRecord[]> {
  return db.many<SimilarRecord>(
    `select 'donor' as kind, id, full_name as label, status, 'same_name_dob' as reason from donors
     where id <> $1 and lower(full_name) = lower($2) and date_of_birth = $3 and ($5::int[] is null or district_id = any($5))
     union all
     select 'request', id, reference, status, 'same_phone' from blood_requests
     where contact_phone = $4 and ($5::int[] is null or district_id = any($5))
     order by 1, 2 limit 20`,
    [d.id, d.full_name, d.date_of_birth, d.phone, scope],
  );
}

/** Possible duplicates of a request: other requests from the same phone or for the same patient and hospital. */
export function similarToRequest(db: Sql, r: RequestDetail, scope: Scope): Promise<SimilarRecord[]> {
  return db.many<SimilarRecord>(
    `select 'request' as kind, id, reference as label, status,
            case when contact_phone = $2 then 'same_phone' else 'same_patient' end as reason
     from blood_requests
     where id <> $1 and (contact_phone = $2 or (lower(patient_name) = lower($3) and lower(hospital_name) = lower($4)))
       and ($5::int[] is null or district_id = any($5))
     union all
     select 'donor', id, full_name, status, 'same_phone' from donors
     where phone = $2 and ($5::int[] is null or district_id = any($5))
     order by 1, 2 limit 20`,
    [r.id, r.contact_phone, r.patient_name, r.hospital_name, scope],
  );
}
