-- Requests for blood posted by patients' families. Check constraints mirror src/requests/requests.schema.ts.
create table blood_requests (
  id bigint generated always as identity primary key,
  -- Public tracking reference: random, unambiguous characters (no 0/O, 1/I/L).
  reference text not null check (reference ~ '^PM-[2-9A-HJKMNP-Z]{6}$'),
  -- One-time token from the form, so a double submit or refresh never creates a second request.
  form_token uuid not null,
  patient_name text not null check (char_length(patient_name) between 2 and 100),
  patient_age integer not null check (patient_age between 0 and 120),
  blood_group text not null check (blood_group in ('A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-')),
  is_bombay boolean not null default false,
  component text not null check (component in ('whole_blood', 'red_cells', 'platelets', 'plasma')),
  units integer not null check (units between 1 and 20),
  hospital_name text not null check (char_length(hospital_name) between 2 and 150),
  hospital_city text not null check (char_length(hospital_city) between 2 and 100),
  state_code text not null references states (code) on delete restrict,
  district_id integer not null,
  pincode text not null check (pincode ~ '^[1-9][0-9]{5}$'),
  latitude double precision check (latitude between -90 and 90),
  longitude double precision check (longitude between -180 and 180),
  needed_by date not null,
  urgency text not null check (urgency in ('emergency', 'urgent', 'planned')),
  contact_name text not null check (char_length(contact_name) between 2 and 100),
  contact_phone text not null check (contact_phone ~ '^\+91[6-9][0-9]{9}$'),
  relation text check (relation is null or char_length(relation) between 1 and 50),
  notes text check (notes is null or char_length(notes) <= 500),
  status text not null default 'pending_verification'
    check (status in ('pending_verification', 'open', 'in_progress', 'fulfilled', 'closed', 'expired')),
  source_channel text not null default 'web'
    check (source_channel in ('web', 'helpline', 'whatsapp', 'facebook', 'twitter', 'walk_in', 'camp')),
  preferred_language text not null default 'hi' check (preferred_language in ('hi', 'en')),
  consent_notice_version text not null check (char_length(consent_notice_version) between 1 and 20),
  consent_given_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint blood_requests_reference_key unique (reference),
  constraint blood_requests_form_token_key unique (form_token),
  constraint blood_requests_district_in_state_fkey foreign key (district_id, state_code)
    references districts (id, state_code) on delete restrict,
  constraint blood_requests_bombay_is_group_o check (not is_bombay or blood_group in ('O+', 'O-'))
);

-- Serves the volunteers' verification queue.
create index blood_requests_pending_by_district_idx on blood_requests (district_id, created_at)
  where status = 'pending_verification';

-- Every status a request passes through, with its time: the family's tracking timeline.
create table blood_request_events (
  id bigint generated always as identity primary key,
  request_id bigint not null references blood_requests (id) on delete cascade,
  status text not null
    check (status in ('pending_verification', 'open', 'in_progress', 'fulfilled', 'closed', 'expired')),
  occurred_at timestamptz not null default now()
);

create index blood_request_events_by_request_idx on blood_request_events (request_id, occurred_at);
