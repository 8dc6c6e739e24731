-- Hit counters of the rate limits (form posts, sign-in, tracking, sign-in codes), per limiter and
-- client address, so that every app instance on this database counts the same hits.
-- Unlogged: a counter is written on every form post, and skipping the WAL makes that write
-- cheap. A crash empties the table and standbys do not have it; either only forgets at most
-- one window of counts, which is harmless.
create unlogged table rate_limits (
  limiter text not null check (limiter ~ '^[a-z][a-z_]{0,29}$'),
  key text not null check (char_length(key) between 1 and 200),
  hits integer not null check (hits >= 0),
  -- When this window ends; the next hit after it starts a new window at 1.
  reset_at timestamptz not null,
  primary key (limiter, key)
);

-- The pruning task deletes counters whose window has ended. Hits within a window leave
-- reset_at unchanged, so they stay HOT updates that do not touch this index.
create index rate_limits_reset_at_idx on rate_limits (reset_at);
