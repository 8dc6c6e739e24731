// The database interface the rest of the app uses. Only src/db/ knows about `pg`.

export type Row = Record<string, unknown>;

/** Anything that can run SQL: the pool, or one client inside a transaction. */
export interface Sql {
  /** All rows. */
  many<T extends Row>(text: string, values?: readonly unknown[]): Promise<T[]>;
  /** The first row, or undefined. */
  maybeOne<T extends Row>(text: string, values?: readonly unknown[]): Promise<T | undefined>;
  /** Exactly one row; throws when there is none. */
  one<T extends Row>(text: string, values?: readonly unknown[]): Promise<T>;
  /** Runs a statement and returns the number of rows it touched. */
  exec(text: string, values?: readonly unknown[]): Promise<number>;
}

export interface Database extends Sql {
  readonly kind: 'embedded' | 'postgres';
  /** Runs fn inside BEGIN … COMMIT on one connection; any throw rolls back. */
  withTransaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /** Runs fn on one dedicated connection (session-level state such as advisory locks). */
  withConnection<T>(fn: (conn: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** BEGIN … COMMIT around fn on a connection that is already held; any throw rolls back. */
export async function inTransaction<T>(conn: Sql, fn: () => Promise<T>): Promise<T> {
  await conn.exec('begin');
  try {
    const result = await fn();
    await conn.exec('commit');
    return result;
  } catch (err) {
    await conn.exec('rollback').catch(() => undefined);
    throw err;
  }
}
