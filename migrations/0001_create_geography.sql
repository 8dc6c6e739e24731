-- States/UTs and their districts. Rows are loaded (and kept current) by the geography
-- seed step that `migrate` runs after the migrations, from the india-state-district package.
create table states (
  code text primary key check (code ~ '^[A-Z]{2}$'),
  name text not null unique check (char_length(name) between 2 and 80),
  name_hi text check (name_hi is null or char_length(name_hi) between 2 and 80)
);

create table districts (
  id integer generated always as identity primary key,
  state_code text not null references states (code) on delete restrict,
  name text not null check (char_length(name) between 2 and 80),
  constraint districts_state_code_name_key unique (state_code, name),
  -- target of the (district_id, state_code) foreign keys that prove a district belongs to its state
  constraint districts_id_state_code_key unique (id, state_code)
);
