-- Police Mitra volunteers (usually constables) and administrators.
create table volunteers (
  id integer generated always as identity primary key,
  username text not null check (username ~ '^[a-z0-9][a-z0-9._-]{2,39}$'),
  full_name text not null check (char_length(full_name) between 2 and 100),
  role text not null default 'volunteer' check (role in ('volunteer', 'admin')),
  password_hash text not null check (password_hash like '$2%'),
  must_change_password boolean not null default true,
  is_active boolean not null default true,
  badge_number text check (badge_number is null or char_length(badge_number) between 1 and 30),
  rank text check (rank is null or char_length(rank) between 1 and 50),
  police_station text check (police_station is null or char_length(police_station) between 2 and 100),
  phone text check (phone is null or phone ~ '^\+91[6-9][0-9]{9}$'),
  is_demo boolean not null default false,
  last_login_at timestamptz,
  password_changed_at timestamptz,
  deactivated_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint volunteers_username_key unique (username),
  constraint volunteers_inactive_has_date check (is_active or deactivated_at is not null)
);

-- Where a volunteer works: a whole state (district_id null) or single districts of it.
-- Admins see everything and need no rows here.
create table volunteer_jurisdictions (
  id integer generated always as identity primary key,
  volunteer_id integer not null references volunteers (id) on delete cascade,
  state_code text not null references states (code) on delete restrict,
  district_id integer,
  constraint volunteer_jurisdictions_district_in_state_fkey foreign key (district_id, state_code)
    references districts (id, state_code) on delete restrict,
  constraint volunteer_jurisdictions_unique unique nulls not distinct (volunteer_id, state_code, district_id)
);

create index volunteer_jurisdictions_by_volunteer_idx on volunteer_jurisdictions (volunteer_id);

-- Failed sign-ins per username, whether or not the account exists, so that a lockout
-- answers the same for unknown and known usernames. Shared by every app instance.
create table login_throttles (
  username text primary key check (char_length(username) <= 100),
  failed_count integer not null default 0 check (failed_count >= 0),
  locked_until timestamptz,
  last_failed_at timestamptz
);
