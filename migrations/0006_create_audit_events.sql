-- Who did what, when, from where. Append-only: rows are never changed or removed
-- (DPDP: access logs kept at least a year; personal data goes in details only as ids).
create table audit_events (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  actor_id integer references volunteers (id) on delete restrict,
  actor_username text check (actor_username is null or char_length(actor_username) <= 100),
  actor_role text check (actor_role is null or actor_role in ('volunteer', 'admin', 'system')),
  action text not null check (action ~ '^[a-z_]{3,40}$'),
  entity_type text check (entity_type is null or entity_type in ('donor', 'blood_request', 'volunteer', 'audit')),
  entity_id bigint,
  ip inet,
  details jsonb not null default '{}'::jsonb
);

create index audit_events_by_time_idx on audit_events (occurred_at desc, id desc);
create index audit_events_by_actor_idx on audit_events (actor_id, occurred_at desc);
create index audit_events_by_entity_idx on audit_events (entity_type, entity_id, occurred_at);
create index audit_events_by_action_idx on audit_events (action, occurred_at desc);

create function audit_events_are_append_only() returns trigger
language plpgsql as $$
begin
  raise exception 'audit_events is append-only: % is not allowed', tg_op
    using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_events_no_update_or_delete
  before update or delete on audit_events
  for each row execute function audit_events_are_append_only();

create trigger audit_events_no_truncate
  before truncate on audit_events
  for each statement execute function audit_events_are_append_only();
