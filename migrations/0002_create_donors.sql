-- Voluntary blood donors. Check constraints mirror src/donors/donors.schema.ts.
create table donors (
  id bigint generated always as identity primary key,
  full_name text not null check (char_length(full_name) between 2 and 100),
  phone text not null check (phone ~ '^\+91[6-9][0-9]{9}$'),
  email text check (email is null or (char_length(email) <= 254 and email ~ '^[^@\s]+@[^@\s]+$')),
  sex text not null check (sex in ('male', 'female', 'other')),
  date_of_birth date not null check (date_of_birth > date '1900-01-01'),
  weight_kg numeric(4, 1) not null check (weight_kg between 45 and 250),
  blood_group text not null check (blood_group in ('A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-')),
  -- Bombay (hh) phenotype types as O in routine tests but can only receive Bombay blood.
  is_bombay boolean not null default false,
  state_code text not null references states (code) on delete restrict,
  district_id integer not null,
  locality text not null check (char_length(locality) between 2 and 100),
  pincode text not null check (pincode ~ '^[1-9][0-9]{5}$'),
  latitude double precision check (latitude between -90 and 90),
  longitude double precision check (longitude between -180 and 180),
  last_donation_on date,
  status text not null default 'pending_verification'
    check (status in ('pending_verification', 'verified', 'rejected')),
  source_channel text not null default 'web'
    check (source_channel in ('web', 'helpline', 'whatsapp', 'facebook', 'twitter', 'walk_in', 'camp')),
  preferred_language text not null default 'hi' check (preferred_language in ('hi', 'en')),
  consent_notice_version text not null check (char_length(consent_notice_version) between 1 and 20),
  consent_given_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint donors_phone_key unique (phone),
  constraint donors_district_in_state_fkey foreign key (district_id, state_code)
    references districts (id, state_code) on delete restrict,
  constraint donors_bombay_is_group_o check (not is_bombay or blood_group in ('O+', 'O-')),
  constraint donors_last_donation_after_birth check (last_donation_on is null or last_donation_on > date_of_birth)
);

-- Serves the volunteers' verification queue: pending donors of a district, oldest first.
create index donors_pending_by_district_idx on donors (district_id, created_at) where status = 'pending_verification';
