-- Verification by volunteers: who verified or rejected a record and when, contact attempts,
-- records flagged for an admin, assisted entry, notes, and demo data.

alter table donors
  add column verified_at timestamptz,
  add column verified_by integer references volunteers (id) on delete restrict,
  add column rejected_at timestamptz,
  add column rejected_by integer references volunteers (id) on delete restrict,
  add column rejection_reason text check (rejection_reason is null or rejection_reason in
    ('unreachable', 'wrong_number', 'not_genuine', 'duplicate', 'ineligible', 'declined', 'other')),
  add column rejection_note text check (rejection_note is null or char_length(rejection_note) <= 500),
  add column contact_attempts integer not null default 0 check (contact_attempts >= 0),
  add column flagged_for_admin boolean not null default false,
  add column registered_by integer references volunteers (id) on delete restrict,
  add column is_demo boolean not null default false,
  add constraint donors_verified_has_who check (status <> 'verified' or (verified_at is not null)),
  add constraint donors_rejected_has_reason check (status <> 'rejected' or (rejected_at is not null and rejection_reason is not null));

alter table blood_requests
  add column verified_at timestamptz,
  add column verified_by integer references volunteers (id) on delete restrict,
  add column rejected_at timestamptz,
  add column rejected_by integer references volunteers (id) on delete restrict,
  add column rejection_reason text check (rejection_reason is null or rejection_reason in
    ('unreachable', 'wrong_number', 'not_genuine', 'duplicate', 'no_longer_needed', 'other')),
  add column rejection_note text check (rejection_note is null or char_length(rejection_note) <= 500),
  add column contact_attempts integer not null default 0 check (contact_attempts >= 0),
  add column flagged_for_admin boolean not null default false,
  add column registered_by integer references volunteers (id) on delete restrict,
  add column is_demo boolean not null default false;

-- Lets the queue find "same name and date of birth" duplicates quickly.
create index donors_name_dob_idx on donors (lower(full_name), date_of_birth);
create index blood_requests_contact_phone_idx on blood_requests (contact_phone);
create index donors_flagged_idx on donors (created_at) where flagged_for_admin;
create index blood_requests_flagged_idx on blood_requests (created_at) where flagged_for_admin;

-- Free-text notes volunteers leave on a donor or a request while verifying.
create table case_notes (
  id bigint generated always as identity primary key,
  donor_id bigint references donors (id) on delete cascade,
  request_id bigint references blood_requests (id) on delete cascade,
  volunteer_id integer not null references volunteers (id) on delete restrict,
  body text not null check (char_length(body) between 1 and 1000),
  created_at timestamptz not null default now(),
  constraint case_notes_one_subject check (num_nonnulls(donor_id, request_id) = 1)
);

create index case_notes_by_donor_idx on case_notes (donor_id, created_at) where donor_id is not null;
create index case_notes_by_request_idx on case_notes (request_id, created_at) where request_id is not null;
