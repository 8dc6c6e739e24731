import pg from 'pg';
import { inTransaction, type Database, type Row, type Sql } from './database';
import { isDatabaseUnavailable } from './errors';

// The one module that talks to node-postgres.

// Return `date` columns as 'YYYY-MM-DD' strings: they are calendar dates, not instants,
// and turning them into JS Dates would shift them by the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);
// bigint counts fit comfortably in a JS number here.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v: string) => Number(v));

interface Queryer {
  query(text: string, values?: unknown[]): Promise<pg.QueryResult>;
}

export function sqlOver(q: Queryer): Sql {
  const run = (text: string, values?: readonly unknown[]) => q.query(text, values as unknown[] | undefined);
  return {
    async many<T extends Row>(text: string, values?: readonly unknown[]) {
      return (await run(text, values)).rows as T[];
    },
    async maybeOne<T extends Row>(text: string, values?: readonly unknown[]) {
      return (await run(text, values)).rows[0] as T | undefined;
    },
    async one<T extends Row>(text: string, values?: readonly unknown[]) {
      const row = (await run(text, values)).rows[0] as T | undefined;
      if (!row) throw new Error(`Expected one row from: ${text.trim().split('\n')[0]}`);
      return row;
    },
    async exec(text: string, values?: readonly unknown[]) {
      return (await run(text, values)).rowCount ?? 0;
    },
  };
}

export interface PoolOptions {
  connectionString: string;
  max: number;
  kind: Database['kind'];
  /** Called when an idle client errors (e.g. the server restarted); the pool replaces it. */
  onIdleError?: (err: Error) => void;
  /** Extra work when the database is closed (stopping the embedded server). */
  onClose?: () => Promise<void>;
}

export interface PooledDatabase extends Database {
  /** The raw pool, handed only to libraries that need one (the session store). */
  readonly pool: pg.Pool;
  /** Resolves once no connection has been in use for a moment (shutdown), or after timeoutMs. */
  settled(timeoutMs: number): Promise<void>;
}

const SETTLED_QUIET_MS = 200;

export function createPooledDatabase(options: PoolOptions): PooledDatabase {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: 'raktdaan-mitra',
    // JIT compilation pays off for long analytical queries, not for a portal's short ones: the
    // matching query's cost estimate crosses jit_above_cost and compiling took 56 ms of a 58 ms run.
    ...(options.kind === 'postgres' ? { options: '-c jit=off' } : {}),
  });
  pool.on('error', (err) => options.onIdleError?.(err));
  // A connection that fails while checked out (between two statements of a transaction, or in the
  // instant between being handed out and its first query) reports an 'error' event on its client,
  // and an event nobody listens to would crash the process. Listening is enough: the next statement
  // on that client fails on its own (the visitor gets the "busy" page) and the pool discards a
  // client that is no longer queryable when it is released.
  pool.on('connect', (client) => client.on('error', () => undefined));

  async function withConnection<T>(fn: (conn: Sql) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      return await fn(sqlOver(client));
    } catch (err) {
      // A connection-level failure means this client must not go back to the pool.
      if (isDatabaseUnavailable(err)) broken = err as Error;
      throw err;
    } finally {
      client.release(broken);
    }
  }

  let closed = false;
  return {
    kind: options.kind,
    pool,
    ...sqlOver(pool),
    withConnection,
    async settled(timeoutMs: number) {
      const giveUpAt = Date.now() + timeoutMs;
      let quietSince = Date.now();
      while (Date.now() < giveUpAt) {
        if (pool.waitingCount > 0 || pool.idleCount < pool.totalCount) quietSince = Date.now();
        else if (Date.now() - quietSince >= SETTLED_QUIET_MS) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    withTransaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      return withConnection((conn) => inTransaction(conn, () => fn(conn)));
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
      await options.onClose?.();
    },
  };
}
