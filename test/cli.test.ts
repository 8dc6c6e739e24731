import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordProblem, verifyPassword } from '../src/auth/passwords';
import { prepareDatabase } from '../src/bootstrap';
import { connectDatabase } from '../src/db/connect';
import type { PooledDatabase } from '../src/db/pool';
import { BLOOD_GROUPS } from '../src/domain/blood';
import { ageOn, todayInIndia } from '../src/domain/dates';
import { insertDonor } from '../src/donors/donors.queries';
import { loadGeoDirectory } from '../src/geo/geo-directory';
import { createLogger } from '../src/logger';
import { consentRecord } from '../src/pages/privacy-notice';
import { createBloodRequest } from '../src/requests/requests.queries';
import { buildDemoDataset, DEMO_PASSWORD } from '../src/seed/demo-data';
import { signIn } from './helpers/accounts';
import { districtId } from './helpers/fixtures';
import { browser, buildTestApp, TEST_NOW } from './helpers/test-app';
import { createTestDatabase, usingRealPostgres, type TestDatabase } from './helpers/test-db';

// The command-line tools as an operator runs them: real child processes, on the test database
// (a PostgreSQL database from TEST_DATABASE_URL, or an embedded one in a temporary DATA_DIR that
// the test opens only between runs, since the embedded database allows one process at a time).

const ROOT = path.resolve(import.meta.dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const ADMIN_PASSWORD = 'correct horse lantern 7';
const DEMO_USERNAMES = ['demo-admin', 'demo-lucknow', 'demo-maharashtra', 'demo-prayagraj'];

let server: TestDatabase | undefined;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rm-cli-'));
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rm-cli-files-'));

/** Runs fn against the database the scripts use, when no script is running. */
async function inDatabase<T>(fn: (db: PooledDatabase) => Promise<T>): Promise<T> {
  if (server) return fn(server.db);
  const db = await connectDatabase({ url: undefined, poolSize: 1, dataDir }, createLogger('silent'));
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runScript(script: string, args: string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<Run> {
  const target = server ? { DATABASE_URL: server.url } : { DATA_DIR: dataDir };
  const child = spawn(TSX, [script, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), NODE_ENV: 'test', BCRYPT_COST: '4', LOG_LEVEL: 'warn', ...target, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.on('error', () => undefined); // the script may exit before reading its input
  child.stdin.end(options.input ?? '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

function createAdmin(args: string[], input?: string) {
  return runScript('scripts/create-admin.ts', args, input === undefined ? {} : { input });
}

function passwordFile(content: string): string {
  const file = path.join(scratch, `password-${randomUUID()}`);
  fs.writeFileSync(file, content, { mode: 0o600 });
  return file;
}

async function tableCounts() {
  return inDatabase((db) =>
    db.one<{ volunteers: number; audit: number; donors: number; requests: number; events: number; camps: number; organisations: number; seats: number }>(
      `select (select count(*)::int from volunteers) as volunteers, (select count(*)::int from audit_events) as audit,
              (select count(*)::int from donors) as donors, (select count(*)::int from blood_requests) as requests,
              (select count(*)::int from blood_request_events) as events, (select count(*)::int from camps) as camps,
              (select count(*)::int from partner_organisations) as organisations, (select count(*)::int from camp_registrations) as seats`,
    ),
  );
}

/** Signs in through the real login form of an app on the same database; returns the response. */
async function signInThroughApp(db: PooledDatabase, username: string, password: string) {
  const test = await buildTestApp(db);
  try {
    return await signIn(browser(test.app), username, password);
  } finally {
    test.close();
  }
}

beforeAll(async () => {
  if (usingRealPostgres) server = await createTestDatabase();
  else await inDatabase((db) => prepareDatabase(db));
});

afterAll(async () => {
  await server?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('npm run create-admin', () => {
  it('with --password-file creates an active admin who can sign in, records who was created, and releases the database', async () => {
    const run = await createAdmin(['--username', ' Asha.Verma ', '--name', 'Asha Verma', '--password-file', passwordFile(`${ADMIN_PASSWORD}\n`)]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('Created admin asha.verma\n');
    expect(run.code).toBe(0);
    if (!server) expect(fs.existsSync(path.join(dataDir, 'raktdaan-mitra.lock'))).toBe(false);

    await inDatabase(async (db) => {
      const admin = await db.one<{ id: number; full_name: string; role: string; password_hash: string; must_change_password: boolean; is_active: boolean; is_demo: boolean }>(
        `select id, full_name, role, password_hash, must_change_password, is_active, is_demo from volunteers where username = 'asha.verma'`,
      );
      expect(admin).toMatchObject({ full_name: 'Asha Verma', role: 'admin', must_change_password: false, is_active: true, is_demo: false });
      expect(await verifyPassword(ADMIN_PASSWORD, admin.password_hash)).toBe(true);
      const audit = await db.many(`select actor_id, action, entity_type, entity_id, details from audit_events where action = 'volunteer_created'`);
      expect(audit).toEqual([{ actor_id: null, action: 'volunteer_created', entity_type: 'volunteer', entity_id: admin.id, details: { via: 'cli' } }]);

      const signedIn = await signInThroughApp(db, 'asha.verma', ADMIN_PASSWORD);
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.location).toBe('/volunteer');
    });
  });

  it('reads the password from standard input, without --password-file or with "-", dropping the trailing newline only', async () => {
    const piped = await createAdmin(['--username', 'ravi.shukla', '--name', 'Ravi Shukla'], 'monsoon kite ladder 9 \n');
    expect(piped.stdout).toBe('Created admin ravi.shukla\n');
    expect(piped.code).toBe(0);
    const dash = await createAdmin(['--username', 'meena.joshi', '--name', 'Meena Joshi', '--password-file', '-'], 'tea garden bicycle 31\r\n');
    expect(dash.stdout).toBe('Created admin meena.joshi\n');
    expect(dash.code).toBe(0);

    await inDatabase(async (db) => {
      const hashes = new Map(
        (await db.many<{ username: string; password_hash: string }>(`select username, password_hash from volunteers where username in ('ravi.shukla', 'meena.joshi')`))
          .map((r) => [r.username, r.password_hash]),
      );
      expect(await verifyPassword('monsoon kite ladder 9 ', hashes.get('ravi.shukla')!)).toBe(true);
      expect(await verifyPassword('tea garden bicycle 31', hashes.get('meena.joshi')!)).toBe(true);
    });
  });

  it('refuses a weak password with a message saying what is wrong, exit code 1, and writes nothing', async () => {
    const before = await tableCounts();
    const cases: Array<[string, RegExp]> = [
      ['short pw 1\n', /at least 12 characters/],
      ['password1234', /most common passwords/],
      ['kiran bedi rocks 2026', /contains the username or part of the name/],
      ['', /too short/],
    ];
    // None of these reaches the database, so they can run side by side.
    const runs = await Promise.all(cases.map(([password]) => createAdmin(['--username', 'kiran.bedi', '--name', 'Kiran Bedi'], password)));
    runs.forEach((run, i) => {
      expect(run.code, cases[i]![0]).toBe(1);
      expect(run.stderr).toMatch(cases[i]![1]);
      expect(run.stdout).toBe('');
    });
    expect(await tableCounts()).toEqual(before);
  });

  it('refuses a bad username, a missing name, an unknown option or an unreadable password file, with exit code 1', async () => {
    const file = passwordFile(ADMIN_PASSWORD);
    const cases: Array<[string[], RegExp]> = [
      [['--username', 'ab', '--name', 'Ab Cd', '--password-file', file], /username must be 3 to 40 characters/],
      [['--username=-dash', '--name', 'Dash Singh', '--password-file', file], /username must be 3 to 40 characters/],
      [['--username', 'राम', '--name', 'Ram', '--password-file', file], /username must be 3 to 40 characters/],
      [['--username', 'no.name', '--password-file', file], /--name is required/],
      [['--username', 'x.y.z', '--name', 'A', '--password-file', file], /name must be 2 to 100 characters/],
      [['--name', 'No Username', '--password-file', file], /--username is required/],
      [['--username', 'role.admin', '--name', 'Role Admin', '--role', 'admin'], /Unknown option '--role'/],
      [['--username', 'no.file', '--name', 'No File', '--password-file', path.join(scratch, 'missing')], /Cannot read the password file/],
    ];
    const before = await tableCounts();
    const runs = await Promise.all(cases.map(([args]) => createAdmin(args)));
    runs.forEach((run, i) => {
      expect(run.code, cases[i]![0].join(' ')).toBe(1);
      expect(run.stderr).toMatch(cases[i]![1]);
    });
    expect(await tableCounts()).toEqual(before);
  });

  it('refuses a username that is taken (in any letter case) and leaves the existing account as it was', async () => {
    const before = await tableCounts();
    const run = await createAdmin(['--username', 'ASHA.VERMA', '--name', 'Someone Else', '--password-file', passwordFile('another long passphrase\n')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The username asha.verma is already taken; nothing was changed.');
    expect(run.stdout).toBe('');
    expect(await tableCounts()).toEqual(before);
    await inDatabase(async (db) => {
      const admin = await db.one<{ full_name: string; password_hash: string }>(`select full_name, password_hash from volunteers where username = 'asha.verma'`);
      expect(admin.full_name).toBe('Asha Verma');
      expect(await verifyPassword(ADMIN_PASSWORD, admin.password_hash)).toBe(true);
    });
  });

  it.skipIf(usingRealPostgres)('while a portal holds the embedded database, says so and exits 1 instead of waiting', async () => {
    const run = await inDatabase(() => createAdmin(['--username', 'late.admin', '--name', 'Late Admin', '--password-file', passwordFile(ADMIN_PASSWORD)]));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/is in use by another process \(pid \d+\)/);
    expect(run.stdout).toBe('');
    expect(await inDatabase((db) => db.maybeOne(`select id from volunteers where username = 'late.admin'`))).toBeUndefined();
  });
});

describe('the demo dataset', () => {
  const data = buildDemoDataset(TEST_NOW);
  const today = todayInIndia(TEST_NOW);

  it('is plainly demo data: "Demo " names and phone numbers from +91 90000 00xxx only', () => {
    const names = [...data.accounts.map((a) => a.fullName), ...data.donors.map((d) => d.full_name), ...data.requests.flatMap((r) => [r.patient_name, r.contact_name])];
    expect(names.every((n) => n.startsWith('Demo '))).toBe(true);
    const phones = [...data.accounts.map((a) => a.phone), ...data.donors.map((d) => d.phone), ...data.requests.map((r) => r.contact_phone)];
    expect(phones.every((p) => /^\+919000000\d{3}$/.test(p))).toBe(true);
    expect(new Set(phones).size).toBe(phones.length);
  });

  it('has the documented accounts, a password every account accepts, and realistic donors and requests', () => {
    expect(data.accounts.map((a) => a.username).sort()).toEqual(DEMO_USERNAMES);
    for (const a of data.accounts) expect(passwordProblem(DEMO_PASSWORD, { username: a.username, fullName: a.fullName }), a.username).toBeUndefined();

    expect(data.donors.length).toBeGreaterThanOrEqual(25);
    for (const d of data.donors) {
      expect(ageOn(d.date_of_birth, today)).toBeGreaterThanOrEqual(18);
      expect(ageOn(d.date_of_birth, today)).toBeLessThanOrEqual(60);
      expect(d.weight_kg).toBeGreaterThanOrEqual(45);
      expect(d.verified_by !== null).toBe(d.status === 'verified');
    }
    expect(new Set(data.donors.map((d) => d.blood_group))).toEqual(new Set(BLOOD_GROUPS));
    expect(new Set(data.donors.map((d) => d.sex))).toEqual(new Set(['male', 'female', 'other']));
    expect(data.donors.some((d) => d.last_donation_on)).toBe(true);
    expect(new Set(data.donors.map((d) => d.status))).toEqual(new Set(['verified', 'pending_verification']));

    expect(data.requests.length).toBeGreaterThanOrEqual(8);
    expect(new Set(data.requests.map((r) => r.urgency))).toEqual(new Set(['emergency', 'urgent', 'planned']));
    expect(new Set(data.requests.map((r) => r.status))).toEqual(new Set(['open', 'pending_verification']));
    for (const r of data.requests) expect(r.events.map((e) => e.status)).toEqual(r.status === 'open' ? ['pending_verification', 'open'] : ['pending_verification']);
  });
});

describe('npm run seed', () => {
  it('refuses to run when NODE_ENV=production unless --force is given, and touches nothing', async () => {
    const before = await tableCounts();
    const run = await runScript('scripts/seed-demo.ts', [], { env: { NODE_ENV: 'production' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Refusing to load demo data: NODE_ENV is production');
    expect(run.stderr).toContain('--force');
    expect(await tableCounts()).toEqual(before);
  });

  it('loads the documented demo accounts, donors and requests, every row marked is_demo, and prints the logins', async () => {
    await inDatabase(async (db) => {
      const geo = await loadGeoDirectory(db);
      await insertDonor(db, {
        full_name: 'Ramesh Kumar Yadav', phone: '+919876543210', email: undefined, sex: 'male', date_of_birth: '1990-04-12', weight_kg: 68,
        blood_group: 'B+', is_bombay: false, state_code: 'UP', district_id: districtId(geo, 'UP', 'Prayagraj'), locality: 'Civil Lines',
        pincode: '211001', last_donation_on: undefined, ...consentRecord('hi', TEST_NOW),
      });
      await createBloodRequest(db, {
        form_token: randomUUID(), patient_name: 'Sunita Devi', patient_age: 54, blood_group: 'O-', is_bombay: false, component: 'red_cells',
        units: 2, urgency: 'emergency', needed_by: '2026-06-15', hospital_name: 'Swaroop Rani Nehru Hospital', hospital_city: 'Prayagraj',
        state_code: 'UP', district_id: districtId(geo, 'UP', 'Prayagraj'), pincode: '211002', contact_name: 'Amit Kumar',
        contact_phone: '+919123456789', relation: 'Son', notes: undefined, ...consentRecord('hi', TEST_NOW),
      });
    });

    const run = await runScript('scripts/seed-demo.ts', []);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('30 donors: 19 verified, 11 pending verification');
    expect(run.stdout).toContain('10 blood requests: 6 open, 4 pending verification');
    expect(run.stdout).toContain(`password: ${DEMO_PASSWORD}`);
    for (const username of DEMO_USERNAMES) expect(run.stdout).toContain(username);

    await inDatabase(async (db) => {
      const accounts = await db.many<{ username: string; full_name: string; role: string; password_hash: string; must_change_password: boolean; is_demo: boolean }>(
        `select username, full_name, role, password_hash, must_change_password, is_demo from volunteers where username like 'demo-%' order by username`,
      );
      expect(accounts.map((a) => [a.username, a.role, a.must_change_password, a.is_demo])).toEqual([
        ['demo-admin', 'admin', false, true],
        ['demo-lucknow', 'volunteer', false, true],
        ['demo-maharashtra', 'volunteer', false, true],
        ['demo-prayagraj', 'volunteer', false, true],
      ]);
      for (const a of accounts) expect(await verifyPassword(DEMO_PASSWORD, a.password_hash), a.username).toBe(true);

      const areas = await db.many<{ username: string; area: string }>(
        `select v.username, j.state_code || ':' || coalesce(d.name, '*') as area
         from volunteer_jurisdictions j join volunteers v on v.id = j.volunteer_id left join districts d on d.id = j.district_id
         order by v.username, area`,
      );
      expect(areas).toEqual([
        { username: 'demo-lucknow', area: 'UP:Barabanki' },
        { username: 'demo-lucknow', area: 'UP:Lucknow' },
        { username: 'demo-maharashtra', area: 'MH:*' },
        { username: 'demo-prayagraj', area: 'UP:Prayagraj' },
      ]);

      const donors = await db.many<{ full_name: string; phone: string; status: string; verified: boolean }>(
        `select full_name, phone, status, (verified_by is not null and verified_at is not null) as verified from donors where is_demo`,
      );
      expect(donors).toHaveLength(30);
      expect(donors.every((d) => d.full_name.startsWith('Demo ') && d.phone.startsWith('+919000000'))).toBe(true);
      expect(donors.every((d) => d.verified === (d.status === 'verified'))).toBe(true);

      const requests = await db.many<{ reference: string; status: string; events: string[] }>(
        `select r.reference, r.status, array_agg(e.status order by e.occurred_at) as events
         from blood_requests r join blood_request_events e on e.request_id = r.id where r.is_demo group by r.id`,
      );
      expect(requests).toHaveLength(10);
      for (const r of requests) {
        expect(r.reference).toMatch(/^PM-[2-9A-HJKMNP-Z]{6}$/);
        expect(r.events).toEqual(r.status === 'open' ? ['pending_verification', 'open'] : ['pending_verification']);
      }

      const camps = await db.many<{ title: string; status: string; registered_count: number; registrations: number; organisation_is_demo: boolean }>(
        `select c.title, c.status, c.registered_count, o.is_demo as organisation_is_demo,
                (select count(*)::int from camp_registrations r where r.camp_id = c.id) as registrations
         from camps c join partner_organisations o on o.id = c.organisation_id where c.is_demo order by c.id`,
      );
      expect(camps.map((c) => c.status)).toEqual(['planned', 'planned', 'cancelled']);
      expect(camps.every((c) => c.title.startsWith('Demo ') && c.organisation_is_demo && c.registered_count === c.registrations)).toBe(true);
      expect(camps[0]!.registrations).toBe(3);
      expect(run.stdout).toContain('3 donation camps');

      const signedIn = await signInThroughApp(db, 'demo-prayagraj', DEMO_PASSWORD);
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.location).toBe('/volunteer');
    });
  });

  it('run again (here in production with --force) replaces the demo rows instead of duplicating them, and leaves every other row alone', async () => {
    const snapshot = () =>
      inDatabase(async (db) => ({
        volunteers: await db.many(`select * from volunteers where not is_demo order by id`),
        donors: await db.many(`select * from donors where not is_demo order by id`),
        requests: await db.many(`select * from blood_requests where not is_demo order by id`),
        demoAccountIds: await db.many(`select id, username from volunteers where is_demo order by id`),
      }));
    const before = await snapshot();
    const countsBefore = await tableCounts();
    expect(before.donors).toHaveLength(1);
    expect(before.requests).toHaveLength(1);

    const run = await runScript('scripts/seed-demo.ts', ['--force'], {
      env: { NODE_ENV: 'production', SESSION_SECRET: 'a-production-like-secret-of-32-characters', GRIEVANCE_EMAIL: 'dpo@example.org' },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('replacing 30 donors and 10 requests of an earlier run');

    expect(await snapshot()).toEqual(before);
    expect(await tableCounts()).toEqual(countsBefore);
  });
});
