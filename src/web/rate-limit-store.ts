import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import type { Sql } from '../db/database';
import { countHit, currentCount, forgetKey, uncountHit } from './rate-limit.queries';

/**
 * express-rate-limit's Store over the rate_limits table, so that every app instance on one
 * database counts the same hits. One store per limiter: `limiter` names its rows.
 *
 * Errors are not swallowed: a database that cannot be reached fails the request with the 503
 * page (the error handler recognises it), as the request's own queries would have a moment later.
 */
export class PostgresRateLimitStore implements Store {
  /** Counts are shared between processes, not kept in this one. */
  readonly localKeys = false;
  /** Lets express-rate-limit tell two limiters apart when both count one request by address. */
  readonly prefix: string;
  private windowMs: number | undefined;

  constructor(
    private readonly db: Sql,
    readonly limiter: string,
  ) {
    this.prefix = `${limiter}:`;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    if (this.windowMs === undefined) throw new Error(`rate limit store "${this.limiter}" used before its limiter set it up`);
    const { hits, reset_at } = await countHit(this.db, this.limiter, key, this.windowMs);
    return { totalHits: hits, resetTime: reset_at };
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const row = await currentCount(this.db, this.limiter, key);
    return row && { totalHits: row.hits, resetTime: row.reset_at };
  }

  decrement(key: string): Promise<void> {
    return uncountHit(this.db, this.limiter, key);
  }

  resetKey(key: string): Promise<void> {
    return forgetKey(this.db, this.limiter, key);
  }
}
