-- Donor self-service: sign-in with a one-time code, and erasure on withdrawal of consent.

-- One-time sign-in codes. Only a hash is kept; a code lives 10 minutes and allows 5 tries.
-- A row is written for every code asked for, registered number or not, so the per-number
-- limits (and the answers) are the same either way; rows older than a day are pruned.
create table donor_login_codes (
  id bigint generated always as identity primary key,
  phone text not null check (phone ~ '^\+91[6-9][0-9]{9}$'),
  code_hash text not null check (char_length(code_hash) between 20 and 200),
  attempts integer not null default 0 check (attempts >= 0),
  expires_at timestamptz not null,
  consumed_at timestamptz,
  ip text,
  created_at timestamptz not null default now()
);
create index donor_login_codes_by_phone_idx on donor_login_codes (phone, created_at desc);
create index donor_login_codes_by_time_idx on donor_login_codes (created_at);

-- An erased donor keeps only an id, group, sex, state/district and donation counts for statistics:
-- everything that identifies the person becomes null, and status 'erased' keeps the row out of
-- matching, the verification queue and reminders.
alter table donors
  add column erased_at timestamptz,
  alter column phone drop not null,
  alter column full_name drop not null,
  alter column date_of_birth drop not null,
  alter column weight_kg drop not null,
  alter column locality drop not null,
  alter column pincode drop not null,
  drop constraint donors_status_check,
  add constraint donors_status_check
    check (status in ('pending_verification', 'verified', 'rejected', 'erased')),
  add constraint donors_erased_has_time check ((status = 'erased') = (erased_at is not null)),
  add constraint donors_phone_unless_erased check (erased_at is not null or phone is not null),
  add constraint donors_person_unless_erased check (erased_at is not null or
    (full_name is not null and date_of_birth is not null and weight_kg is not null and locality is not null and pincode is not null)),
  add constraint donors_erased_holds_nothing check (erased_at is null or
    (full_name is null and phone is null and email is null and date_of_birth is null and weight_kg is null
     and locality is null and pincode is null and latitude is null and longitude is null and rejection_note is null));
