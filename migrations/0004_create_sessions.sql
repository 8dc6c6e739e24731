-- Session store for express-session (connect-pg-simple's layout, with timestamptz).
create table sessions (
  sid text primary key,
  sess json not null,
  expire timestamptz not null
);

-- connect-pg-simple prunes expired sessions by this column.
create index sessions_expire_idx on sessions (expire);
