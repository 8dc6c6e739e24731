import type { Sql } from '../db/database';

// Rate-limit counters shared by every app instance (migrations/0015). Windows are measured with
// the database's clock, the one clock all instances agree on.

export type RateLimitCount = {
  hits: number;
  reset_at: Date;
};

/**
 * Counts one hit in one statement: a new key, or one whose window has ended, starts at 1 with a
 * fresh window; otherwise the count goes up. Concurrent hits on a key queue on its row lock, so
 * none is lost.
 */
export function countHit(db: Sql, limiter: string, key: string, windowMs: number): Promise<RateLimitCount> {
  return db.one<RateLimitCount>(
    `insert into rate_limits as r (limiter, key, hits, reset_at)
     values ($1, $2, 1, now() + $3::double precision * interval '1 millisecond')
     on conflict (limiter, key) do update set
       hits = case when r.reset_at <= now() then 1 else r.hits + 1 end,
       reset_at = case when r.reset_at <= now() then excluded.reset_at else r.reset_at end
     returning hits, reset_at`,
    [limiter, key, windowMs],
  );
}

/** The count in the current window, if the key has one. */
export function currentCount(db: Sql, limiter: string, key: string): Promise<RateLimitCount | undefined> {
  return db.maybeOne<RateLimitCount>(
    'select hits, reset_at from rate_limits where limiter = $1 and key = $2 and reset_at > now()',
    [limiter, key],
  );
}

/** Takes back one hit of the current window (never below zero). */
export async function uncountHit(db: Sql, limiter: string, key: string): Promise<void> {
  await db.exec(
    'update rate_limits set hits = greatest(hits - 1, 0) where limiter = $1 and key = $2 and reset_at > now()',
    [limiter, key],
  );
}

export async function forgetKey(db: Sql, limiter: string, key: string): Promise<void> {
  await db.exec('delete from rate_limits where limiter = $1 and key = $2', [limiter, key]);
}

/** Deletes counters whose window has ended (they would restart at 1 anyway); returns how many. */
export function pruneExpiredRateLimits(db: Sql): Promise<number> {
  return db.exec('delete from rate_limits where reset_at <= now()');
}
