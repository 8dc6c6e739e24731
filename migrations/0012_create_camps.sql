-- Voluntary blood-donation camps run with partner organisations, pre-registration for a seat,
-- attendance, and donations made "for" a family member's request.

-- NGOs, colleges, companies, religious bodies … that organise camps with the campaign.
create table partner_organisations (
  id integer generated always as identity primary key,
  name text not null check (char_length(name) between 2 and 150),
  kind text not null check (kind in ('ngo', 'college', 'company', 'religious', 'other')),
  contact_name text check (contact_name is null or char_length(contact_name) between 2 and 100),
  contact_phone text check (contact_phone is null or contact_phone ~ '^\+91[6-9][0-9]{9}$'),
  state_code text not null references states (code) on delete restrict,
  district_id integer not null,
  is_active boolean not null default true,
  created_by integer references volunteers (id) on delete set null,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint partner_organisations_district_in_state_fkey foreign key (district_id, state_code)
    references districts (id, state_code) on delete restrict
);
-- One organisation of a name per district (case-insensitive): prevents the same college twice.
create unique index partner_organisations_name_district_key on partner_organisations (lower(name), district_id);
create index partner_organisations_by_district_idx on partner_organisations (district_id);

create table camps (
  id integer generated always as identity primary key,
  title text not null check (char_length(title) between 2 and 150),
  organisation_id integer not null references partner_organisations (id) on delete restrict,
  -- The licensed blood bank that collects the blood (camps are run under a blood bank's licence).
  blood_bank text not null check (char_length(blood_bank) between 2 and 150),
  venue text not null check (char_length(venue) between 2 and 300),
  state_code text not null references states (code) on delete restrict,
  district_id integer not null,
  pincode text not null check (pincode ~ '^[1-9][0-9]{5}$'),
  latitude double precision check (latitude between -90 and 90),
  longitude double precision check (longitude between -180 and 180),
  camp_date date not null,
  -- Local (India) wall-clock times on camp_date.
  starts_at time not null,
  ends_at time not null,
  capacity integer not null check (capacity between 1 and 2000),
  -- Seats taken by current registrations; kept by the same transaction that adds or cancels one,
  -- so "the last seat" is decided by one conditional UPDATE and this check.
  registered_count integer not null default 0 check (registered_count >= 0),
  status text not null default 'planned' check (status in ('planned', 'held', 'cancelled')),
  cancelled_reason text check (cancelled_reason is null or char_length(cancelled_reason) between 2 and 300),
  units_collected integer not null default 0 check (units_collected >= 0),
  notes text check (notes is null or char_length(notes) <= 1000),
  created_by integer references volunteers (id) on delete set null,
  updated_by integer references volunteers (id) on delete set null,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint camps_district_in_state_fkey foreign key (district_id, state_code)
    references districts (id, state_code) on delete restrict,
  constraint camps_ends_after_start check (ends_at > starts_at),
  constraint camps_seats_within_capacity check (registered_count <= capacity),
  constraint camps_cancelled_has_reason check (status <> 'cancelled' or cancelled_reason is not null)
);
-- Public list: upcoming camps by date, by district.
create index camps_by_date_idx on camps (camp_date, district_id) where status <> 'cancelled';
create index camps_by_district_idx on camps (district_id, camp_date);
create index camps_by_organisation_idx on camps (organisation_id);

-- A donor's seat at a camp.
create table camp_registrations (
  id bigint generated always as identity primary key,
  camp_id integer not null references camps (id) on delete cascade,
  donor_id bigint not null references donors (id) on delete cascade,
  -- "I am donating for this patient": a family member's or friend's blood request.
  for_request_id bigint references blood_requests (id) on delete set null,
  status text not null default 'registered'
    check (status in ('registered', 'cancelled', 'donated', 'deferred', 'no_show')),
  source text not null default 'web' check (source in ('web', 'volunteer', 'walk_in')),
  registered_by integer references volunteers (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint camp_registrations_camp_donor_key unique (camp_id, donor_id)
);
create index camp_registrations_by_donor_idx on camp_registrations (donor_id);
create index camp_registrations_for_request_idx on camp_registrations (for_request_id) where for_request_id is not null;

alter table donations
  add column camp_id integer references camps (id) on delete set null,
  -- Set when the donor gave "for" a patient's request (family and friends), even at a camp.
  add column for_request_id bigint references blood_requests (id) on delete set null,
  add constraint donations_camp_source check (camp_id is null or source = 'camp');
-- A donor gives at most once per camp: attendance can be saved twice without counting twice.
create unique index donations_camp_donor_key on donations (camp_id, donor_id) where camp_id is not null;
create index donations_for_request_idx on donations (for_request_id) where for_request_id is not null;

-- The audit log also records changes to camps and partner organisations.
alter table audit_events drop constraint audit_events_entity_type_check;
alter table audit_events add constraint audit_events_entity_type_check
  check (entity_type is null or entity_type in ('donor', 'blood_request', 'volunteer', 'audit', 'camp', 'organisation'));
