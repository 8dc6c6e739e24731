-- Donor self-service: sign-in with a one-time code, and erasure on withdrawal of consent.

-- One-time sign-in codes. Only a hash is kept; a code lives 10 minutes and allows 5 tries.
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

-- An erased donor keeps only an id, group, state/district and donation counts for statistics.
alter table donors
  add column erased_at timestamptz,
  alter column phone drop not null,
  add constraint donors_phone_unless_erased check (erased_at is not null or phone is not null);
