-- Matching donors to verified requests, brokering contact, donations and deferrals.

alter table donors
  -- Donor-chosen pause ("not available now"); paused_until null with paused = true means until resumed.
  add column paused boolean not null default false,
  add column paused_until date,
  -- First day the donor may be offered again: the later of the donation gap and any deferral.
  -- Kept up to date by the app (src/domain/eligibility.ts) whenever either changes, so matching
  -- is a simple indexed comparison. Null means no restriction.
  add column eligible_from date,
  add column last_contacted_at timestamptz,
  add column reminder_opt_in boolean not null default false,
  add column donation_count integer not null default 0 check (donation_count >= 0),
  add constraint donors_paused_until_only_when_paused check (paused or paused_until is null);

alter table blood_requests
  -- The volunteer handling the request: only they see donor contact details for it.
  add column handled_by integer references volunteers (id) on delete set null,
  add column handled_since timestamptz,
  add column units_pledged integer not null default 0 check (units_pledged >= 0),
  add column units_donated integer not null default 0 check (units_donated >= 0),
  -- An admin may let Bombay (hh) donors be offered to a non-Bombay recipient (rare blood is precious).
  add column allow_bombay_donors boolean not null default false,
  add column closed_reason text check (closed_reason is null or closed_reason in
    ('arranged_elsewhere', 'no_longer_needed', 'patient_discharged', 'patient_died', 'duplicate', 'unreachable', 'other')),
  add column closed_note text check (closed_note is null or char_length(closed_note) <= 500),
  add column closed_at timestamptz,
  add column fulfilled_at timestamptz;

-- Temporary (until a date) or permanent (until null) deferrals, self-declared or entered by a volunteer.
create table donor_deferrals (
  id bigint generated always as identity primary key,
  donor_id bigint not null references donors (id) on delete cascade,
  reason text not null check (reason ~ '^[a-z][a-z_]{1,49}$'),
  until_date date,
  source text not null check (source in ('self', 'volunteer')),
  recorded_by integer references volunteers (id) on delete set null,
  note text check (note is null or char_length(note) <= 500),
  created_at timestamptz not null default now(),
  constraint donor_deferrals_volunteer_has_who check (source <> 'volunteer' or recorded_by is not null)
);
create index donor_deferrals_by_donor_idx on donor_deferrals (donor_id);

-- Each call a volunteer makes to a donor for a request, and how it went.
create table contact_attempts (
  id bigint generated always as identity primary key,
  request_id bigint not null references blood_requests (id) on delete cascade,
  donor_id bigint not null references donors (id) on delete cascade,
  volunteer_id integer not null references volunteers (id) on delete restrict,
  outcome text not null check (outcome in ('called', 'no_answer', 'declined', 'agreed', 'donated')),
  units integer check (units is null or units between 1 and 20),
  note text check (note is null or char_length(note) <= 500),
  created_at timestamptz not null default now()
);
create index contact_attempts_by_request_idx on contact_attempts (request_id, created_at);
create index contact_attempts_by_donor_idx on contact_attempts (donor_id, created_at);

-- Donations: arranged through a request, reported by the donor, or at a camp.
create table donations (
  id bigint generated always as identity primary key,
  donor_id bigint not null references donors (id) on delete restrict,
  request_id bigint references blood_requests (id) on delete set null,
  donated_on date not null,
  units integer not null default 1 check (units between 1 and 20),
  component text not null check (component in ('whole_blood', 'red_cells', 'platelets', 'plasma')),
  place text check (place is null or char_length(place) between 2 and 150),
  source text not null check (source in ('request', 'self_reported', 'camp')),
  recorded_by integer references volunteers (id) on delete set null,
  created_at timestamptz not null default now()
);
create index donations_by_donor_idx on donations (donor_id, donated_on desc);
create index donations_by_request_idx on donations (request_id) where request_id is not null;
create index donations_by_month_idx on donations (donated_on);

-- Matching: verified donors by group, near a point. The bounding-box query walks this index.
create index donors_matching_geo_idx on donors (blood_group, latitude, longitude)
  where status = 'verified' and latitude is not null;
-- Donors whose pincode has no coordinates are matched by district.
create index donors_matching_district_idx on donors (district_id, blood_group) where status = 'verified';
-- The periodic jobs: requests past their date, donors becoming eligible again.
create index blood_requests_active_needed_by_idx on blood_requests (needed_by)
  where status in ('open', 'in_progress');
create index donors_eligible_from_reminder_idx on donors (eligible_from) where reminder_opt_in and status = 'verified';
