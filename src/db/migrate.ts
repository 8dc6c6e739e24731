import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../paths';
import { inTransaction, type Database, type Sql } from './database';

// Forward-only migrations: migrations/NNNN_name.sql, applied in order, each in its own
// transaction, recorded with a checksum. A session-level advisory lock makes a second
// instance wait while the first migrates, then find nothing left to do.

export const MIGRATIONS_DIR = path.join(ROOT_DIR, 'migrations');
const LOCK_KEY = 7_102_017; // any constant shared by every instance of this app

export class MigrationError extends Error {}

export interface MigrationFile {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateOptions {
  dir?: string;
  /** Idempotent steps run under the same lock after the migrations (reference data). */
  seeds?: Array<(tx: Sql) => Promise<void>>;
}

export function readMigrations(dir: string = MIGRATIONS_DIR): MigrationFile[] {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const migrations = files.map((file) => {
    const match = /^(\d{4})_[a-z0-9_]+\.sql$/.exec(file);
    if (!match) throw new MigrationError(`Migration file "${file}" must be named NNNN_lowercase_name.sql`);
    const sql = fs.readFileSync(path.join(dir, file), 'utf8');
    return { version: Number(match[1]), name: file, sql, checksum: sha256(sql) };
  });
  migrations.forEach((m, i) => {
    const expected = i + 1;
    if (m.version === migrations[i - 1]?.version) {
      throw new MigrationError(`Two migrations share number ${m.version}: ${migrations[i - 1]!.name} and ${m.name}`);
    }
    if (m.version !== expected) {
      throw new MigrationError(`Migration numbers must run 1, 2, 3… without gaps: expected ${pad(expected)}, found ${m.name}`);
    }
  });
  return migrations;
}

export async function migrate(db: Database, options: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const migrations = readMigrations(options.dir);
  return db.withConnection(async (conn) => {
    await conn.exec('select pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      await conn.exec(`create table if not exists schema_migrations (
        version integer primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`);
      const done = await conn.many<{ version: number; name: string; checksum: string }>(
        'select version, name, checksum from schema_migrations order by version',
      );
      verifyApplied(migrations, done);

      const applied: string[] = [];
      for (const m of migrations.slice(done.length)) {
        await inTransaction(conn, async () => {
          await conn.exec(m.sql);
          await conn.exec('insert into schema_migrations (version, name, checksum) values ($1, $2, $3)', [m.version, m.name, m.checksum]);
        }).catch((err: Error) => {
          throw new MigrationError(`Migration ${m.name} failed and was rolled back: ${err.message}`);
        });
        applied.push(m.name);
      }
      for (const seed of options.seeds ?? []) await inTransaction(conn, () => seed(conn));
      return { applied };
    } finally {
      await conn.exec('select pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    }
  });
}

// Files do not change while the process runs, so readiness checks read them once.
const filesByDir = new Map<string, MigrationFile[]>();

/** True when every migration file has been applied with its current checksum. */
export async function isFullyMigrated(db: Sql, dir: string = MIGRATIONS_DIR): Promise<boolean> {
  const migrations = filesByDir.get(dir) ?? readMigrations(dir);
  filesByDir.set(dir, migrations);
  const exists = await db.one<{ ok: boolean }>("select to_regclass('schema_migrations') is not null as ok");
  if (!exists.ok) return false;
  const done = await db.many<{ version: number; checksum: string }>('select version, checksum from schema_migrations order by version');
  return done.length === migrations.length && done.every((d, i) => d.checksum === migrations[i]!.checksum);
}

function verifyApplied(files: MigrationFile[], done: Array<{ version: number; name: string; checksum: string }>) {
  for (const row of done) {
    const file = files[row.version - 1];
    if (!file) {
      throw new MigrationError(`The database has migration ${row.name} applied, but that file is missing. Is this an older copy of the code?`);
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${file.name} was edited after it was applied (checksum differs). ` +
          'Applied migrations are final: undo the edit and write a new migration instead.',
      );
    }
  }
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const pad = (n: number) => String(n).padStart(4, '0');
