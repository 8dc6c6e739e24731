import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../src/bootstrap';
import { isFullyMigrated, migrate, MIGRATIONS_DIR, readMigrations } from '../src/db/migrate';
import { createPooledDatabase } from '../src/db/pool';
import supertest from 'supertest';
import { GeoDirectory } from '../src/geo/geo-directory';
import { buildTestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase({ migrate: false });
});
afterAll(async () => {
  await t.drop();
});
beforeEach(async () => {
  await t.db.exec('drop schema public cascade; create schema public');
});

function migrationsDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rm-migrations-'));
  for (const [name, sql] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), sql);
  return dir;
}

const tables = async () =>
  (await t.db.many<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = 'public' order by 1`)).map(
    (r) => r.table_name,
  );

describe('the migration runner', () => {
  it('applies the project migrations to an empty database, with reference data, and records each with its checksum', async () => {
    await prepareDatabase(t.db);
    expect(await tables()).toEqual(
      expect.arrayContaining(['schema_migrations', 'states', 'districts', 'donors', 'blood_requests', 'blood_request_events', 'sessions']),
    );
    const recorded = await t.db.many<{ version: number; name: string; checksum: string }>('select version, name, checksum from schema_migrations order by version');
    expect(recorded.map((r) => r.name)).toEqual(readMigrations().map((m) => m.name));
    expect(recorded.every((r) => /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
    expect(await isFullyMigrated(t.db)).toBe(true);

    const states = await t.db.one<{ n: number }>('select count(*)::int as n from states');
    expect(states.n).toBe(36);
    const up = await t.db.many<{ name: string }>(`select name from districts where state_code = 'UP'`);
    expect(up.map((d) => d.name)).toEqual(expect.arrayContaining(['Prayagraj', 'Ayodhya', 'Lucknow', 'Varanasi']));
    expect(up.map((d) => d.name)).not.toContain('Allahabad');
    const hindi = await t.db.one<{ name_hi: string }>(`select name_hi from states where code = 'UP'`);
    expect(hindi.name_hi).toBe('उत्तर प्रदेश');
  });

  it('running again applies nothing and keeps the reference data as it was', async () => {
    await prepareDatabase(t.db);
    const before = await t.db.one<{ n: number }>('select count(*)::int as n from districts');
    const again = await migrate(t.db, {});
    expect(again.applied).toEqual([]);
    await prepareDatabase(t.db);
    expect(await t.db.one<{ n: number }>('select count(*)::int as n from districts')).toEqual(before);
  });

  it('refuses to run when an applied migration has been edited', async () => {
    const dir = migrationsDir({ '0001_first.sql': 'create table first_things (id int);' });
    await migrate(t.db, { dir });
    fs.writeFileSync(path.join(dir, '0001_first.sql'), 'create table first_things (id bigint);');
    await expect(migrate(t.db, { dir })).rejects.toThrow(/0001_first\.sql was edited after it was applied/);
    expect(await isFullyMigrated(t.db, dir)).toBe(false);
  });

  it('refuses a gap or a duplicate in the numbering, and a badly named file, before touching the database', async () => {
    await expect(migrate(t.db, { dir: migrationsDir({ '0001_a.sql': 'select 1;', '0003_c.sql': 'select 1;' }) })).rejects.toThrow(/expected 0002, found 0003_c\.sql/);
    await expect(migrate(t.db, { dir: migrationsDir({ '0001_a.sql': 'select 1;', '0001_b.sql': 'select 1;' }) })).rejects.toThrow(/share number 1/);
    await expect(migrate(t.db, { dir: migrationsDir({ '1_a.sql': 'select 1;' }) })).rejects.toThrow(/must be named NNNN_lowercase_name\.sql/);
    expect(await tables()).toEqual([]);
  });

  it('refuses a database that has a migration the code does not know', async () => {
    await migrate(t.db, { dir: migrationsDir({ '0001_a.sql': 'select 1;', '0002_b.sql': 'select 1;' }) });
    await expect(migrate(t.db, { dir: migrationsDir({ '0001_a.sql': 'select 1;' }) })).rejects.toThrow(/0002_b\.sql applied, but that file is missing/);
  });

  it('rolls back a failing migration completely and applies the ones before it', async () => {
    const dir = migrationsDir({
      '0001_ok.sql': 'create table kept (id int);',
      '0002_broken.sql': 'create table half_done (id int); insert into no_such_table values (1);',
    });
    await expect(migrate(t.db, { dir })).rejects.toThrow(/Migration 0002_broken\.sql failed and was rolled back/);
    expect(await tables()).toEqual(['kept', 'schema_migrations']);
    expect(await t.db.many('select name from schema_migrations')).toEqual([{ name: '0001_ok.sql' }]);
  });

  it('two instances starting together apply each migration exactly once', async () => {
    const dir = migrationsDir({
      '0001_slow.sql': 'select pg_sleep(0.3); create table once_only (id int);',
      '0002_more.sql': 'create table also_once (id int);',
    });
    // On a real server the second instance has its own connections; the embedded database
    // serves one connection, so there both start-ups share it.
    const second = t.kind === 'postgres' ? createPooledDatabase({ connectionString: t.url, max: 2, kind: 'postgres' }) : t.db;
    try {
      const [a, b] = await Promise.all([migrate(t.db, { dir }), migrate(second, { dir })]);
      expect([...a.applied, ...b.applied].sort()).toEqual(['0001_slow.sql', '0002_more.sql']);
      expect(await t.db.one<{ n: number }>('select count(*)::int as n from schema_migrations')).toEqual({ n: 2 });
    } finally {
      if (second !== t.db) await second.close();
    }
  });

  it('GET /readyz answers 503 until every migration is applied', async () => {
    const app = await buildTestApp(t.db, { geo: new GeoDirectory([], []) });
    const before = await supertest(app.app).get('/readyz');
    expect(before.status).toBe(503);
    expect(before.body.status).toBe('migrations pending');
    await prepareDatabase(t.db);
    expect((await supertest(app.app).get('/readyz')).status).toBe(200);
    app.close();
  });

  it('the project migrations are numbered without gaps', () => {
    const files = readMigrations(MIGRATIONS_DIR);
    expect(files.map((f) => f.version)).toEqual(files.map((_, i) => i + 1));
  });
});

describe('database constraints mirror the form rules', () => {
  beforeEach(async () => {
    await prepareDatabase(t.db);
  });

  it('reject a donor row that the form would reject', async () => {
    const insert = (phone: string, group: string, bombay: boolean, pincode: string) =>
      t.db.exec(
        `insert into donors (full_name, phone, sex, date_of_birth, weight_kg, blood_group, is_bombay, state_code, district_id,
                             locality, pincode, consent_notice_version, consent_given_at)
         select 'Test Donor', $1, 'male', '1990-01-01', 60, $2, $3, 'UP', id, 'Naini', $4, '2026-11', now()
         from districts where state_code = 'UP' limit 1`,
        [phone, group, bombay, pincode],
      );
    await expect(insert('9876543210', 'A+', false, '211001')).rejects.toThrow(/donors_phone_check/);
    await expect(insert('+919876543210', 'C+', false, '211001')).rejects.toThrow(/donors_blood_group_check/);
    await expect(insert('+919876543210', 'A+', true, '211001')).rejects.toThrow(/donors_bombay_is_group_o/);
    await expect(insert('+919876543210', 'A+', false, '011001')).rejects.toThrow(/donors_pincode_check/);
    await insert('+919876543210', 'A+', false, '211001');
    await expect(insert('+919876543210', 'B+', false, '211001')).rejects.toThrow(/donors_phone_key/);
  });

  it('reject a district from another state and out-of-range units', async () => {
    const insert = (state: string, units: number) =>
      t.db.exec(
        `insert into blood_requests (reference, form_token, patient_name, patient_age, blood_group, component, units, hospital_name,
                                     hospital_city, state_code, district_id, pincode, needed_by, urgency, contact_name, contact_phone,
                                     consent_notice_version, consent_given_at)
         select 'PM-ABCDEF', gen_random_uuid(), 'Patient', 40, 'O+', 'whole_blood', $2, 'Hospital', 'City', $1,
                (select id from districts where state_code = 'UP' limit 1), '211001', current_date, 'urgent', 'Contact',
                '+919123456789', '2026-11', now()`,
        [state, units],
      );
    await expect(insert('MH', 1)).rejects.toThrow(/blood_requests_district_in_state_fkey/);
    await expect(insert('UP', 21)).rejects.toThrow(/blood_requests_units_check/);
    await expect(insert('UP', 0)).rejects.toThrow(/blood_requests_units_check/);
    await insert('UP', 20);
  });
});
