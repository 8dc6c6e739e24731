import { randomBytes } from 'node:crypto';
import { prepareDatabase } from '../../src/bootstrap';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { createPooledDatabase, type PooledDatabase } from '../../src/db/pool';

// One database per test file: a fresh in-memory PGlite by default, or, when TEST_DATABASE_URL
// names a PostgreSQL server, a uniquely named database on it that is dropped afterwards.

export interface TestDatabase {
  db: PooledDatabase;
  /** Connection string of this database (for extra pools in concurrency tests). */
  url: string;
  kind: PooledDatabase['kind'];
  drop(): Promise<void>;
}

export const usingRealPostgres = Boolean(process.env.TEST_DATABASE_URL);

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  let test: TestDatabase;
  if (serverUrl) {
    const name = `rm_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = createPooledDatabase({ connectionString: serverUrl, max: 1, kind: 'postgres' });
    await admin.exec(`create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const db = createPooledDatabase({ connectionString: url.toString(), max: 5, kind: 'postgres' });
    test = {
      db,
      url: url.toString(),
      kind: 'postgres',
      async drop() {
        await db.close();
        await admin.exec(`drop database if exists ${name} with (force)`);
        await admin.close();
      },
    };
  } else {
    const embedded = await startEmbeddedPostgres();
    const db = createPooledDatabase({ connectionString: embedded.connectionString, max: 1, kind: 'embedded', onClose: () => embedded.stop() });
    test = { db, url: embedded.connectionString, kind: 'embedded', drop: () => db.close() };
  }
  if (options.migrate !== false) await prepareDatabase(test.db);
  return test;
}
