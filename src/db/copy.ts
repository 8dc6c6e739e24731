import { once } from 'node:events';
import type { PoolClient } from 'pg';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import type { Sql } from './database';
import { sqlOver, type PooledDatabase } from './pool';

// Bulk loading with COPY … FROM STDIN (text format), for the synthetic dataset: one statement
// streams any number of rows, an order of magnitude faster than row-by-row inserts.

export type CopyValue = string | number | boolean | Date | null | undefined;

export interface CopyProgress {
  rows: number;
}

export interface CopyOptions {
  /** Called after each chunk sent, and once at the end. */
  onProgress?: (p: CopyProgress) => void;
  /**
   * COPY … WITH (FREEZE): rows are written already frozen and visible, so no VACUUM pass has to
   * touch them again. PostgreSQL allows it only when the table was created or truncated earlier in
   * the same transaction.
   */
  freeze?: boolean;
}

export interface CopyConnection extends Sql {
  /** Streams rows into table(columns) with one COPY; returns the number of rows the server stored. */
  copyRows(table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>, options?: CopyOptions): Promise<number>;
}

/** Rows are sent in chunks of about this many characters: few stream writes, bounded memory. */
const CHUNK_CHARS = 256 * 1024;
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const SPECIAL = /[\\\t\n\r\0]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in COPY text format: \N for null, backslash escapes for \ tab newline and carriage return. */
export function copyText(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') {
    if (!SPECIAL.test(value)) return value;
    if (value.includes('\0')) throw new RangeError('PostgreSQL text cannot hold a NUL character');
    return value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`cannot COPY the number ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return value.toISOString();
}

/** A whole row as one line of COPY text format, newline included. */
export function copyLine(values: readonly CopyValue[]): string {
  let line = copyText(values[0]);
  for (let i = 1; i < values.length; i++) line += '\t' + copyText(values[i]);
  return line + '\n';
}

/**
 * Runs fn on one connection taken from the pool, with COPY available next to ordinary SQL (so a
 * load can share a transaction with deletes and checks). A connection that saw any error is
 * discarded rather than returned: after an aborted COPY its protocol state is not worth trusting,
 * and closing it rolls back whatever transaction it had open.
 */
export async function withCopyConnection<T>(db: PooledDatabase, fn: (conn: CopyConnection) => Promise<T>): Promise<T> {
  const client = await db.pool.connect();
  let failure: Error | undefined;
  try {
    return await fn({ ...sqlOver(client), copyRows: (table, columns, rows, options) => copyInto(client, table, columns, rows, options) });
  } catch (err) {
    failure = err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
    client.release(failure);
  }
}

/** copyRows on a connection of its own, in its own implicit transaction. */
export function copyRows(
  db: PooledDatabase,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly CopyValue[]>,
  options?: CopyOptions,
): Promise<number> {
  return withCopyConnection(db, (conn) => conn.copyRows(table, columns, rows, options));
}

async function copyInto(
  client: PoolClient,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly CopyValue[]>,
  options: CopyOptions = {},
): Promise<number> {
  // Names come from code, never from users; checking them keeps the statement safe to build.
  for (const name of [table, ...columns]) if (!IDENTIFIER.test(name)) throw new RangeError(`not a plain SQL identifier: ${name}`);
  const stream: CopyStreamQuery = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin${options.freeze ? ' with (freeze)' : ''}`));
  let streamError: Error | undefined;
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', (err) => {
      streamError = err;
      reject(err);
    });
  });
  // Until the load is awaited below, a server error must not surface as an unhandled rejection.
  done.catch(() => undefined);

  let count = 0;
  let chunk = '';
  try {
    for (const row of rows) {
      if (row.length !== columns.length) throw new RangeError(`row ${count + 1} of ${table} has ${row.length} values for ${columns.length} columns`);
      chunk += copyLine(row);
      count++;
      if (chunk.length >= CHUNK_CHARS) {
        if (streamError) throw streamError;
        // Backpressure: wait while the socket is behind instead of buffering the whole table.
        if (!stream.write(chunk)) await once(stream, 'drain');
        chunk = '';
        options.onProgress?.({ rows: count });
      }
    }
    if (chunk) stream.write(chunk);
    stream.end();
  } catch (err) {
    // Sends CopyFail, so the server abandons the statement instead of waiting for more rows.
    stream.destroy(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
  await done;
  options.onProgress?.({ rows: count });
  return stream.rowCount;
}
