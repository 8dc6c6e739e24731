import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { donorForm } from '../src/donors/donors.schema';
import { requestForm } from '../src/requests/requests.schema';
import { parseForm } from '../src/web/forms';
import { validDonorForm, validRequestForm } from './helpers/fixtures';
import {
  applyMutations, CaseCounter, codePoints, CONTROL_CHARACTERS, expectSafeAnswer, FUZZ_SEED, mutations, postRaw, randomBody, urlencoded,
  type Entry,
} from './helpers/fuzz';
import { addCamp } from './helpers/public-camp-fixtures';
import { addRequest } from './helpers/records';
import { browser, buildTestApp, openForm, TEST_TODAY, type TestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';

// Property-based fuzzing of the two big public forms: a valid form with one (to three) fields
// replaced by hostile input, and bodies made up entirely of noise. Whatever arrives, the portal
// answers without a server error, re-renders an invalid form with its messages, never turns input
// into markup, and writes either one complete, valid row or nothing at all.

let t: TestDatabase;
let app: TestApp;
const cases = new CaseCounter();

beforeAll(async () => {
  t = await createTestDatabase();
  app = await buildTestApp(t.db);
});
afterAll(async () => {
  console.log(cases.report(`fuzz-forms on ${t.kind}`));
  app.close();
  await t.drop();
});

const RUNS = { seed: FUZZ_SEED, numRuns: 150 } as const;
const asRequest = (body: Record<string, unknown>) => ({ body }) as unknown as Request;

/** Every table a public form may write to, counted together. */
async function rowCounts() {
  return t.db.one<Record<string, number>>(
    `select (select count(*)::int from donors) as donors, (select count(*)::int from blood_requests) as requests,
            (select count(*)::int from blood_request_events) as events, (select count(*)::int from camp_registrations) as seats,
            (select count(*)::int from audit_events) as audit, (select count(*)::int from notifications) as notifications`,
  );
}

let phoneCounter = 0;
/** A fresh mobile number for each case, so a valid form is never refused as a duplicate. */
const freshPhone = () => `97${String(++phoneCounter).padStart(8, '0')}`;

const donorFields = ['full_name', 'phone', 'email', 'sex', 'date_of_birth', 'weight_kg', 'blood_group', 'is_bombay', 'state_code', 'district_id', 'locality', 'pincode', 'last_donation_on', 'consent', 'website', 'action', '_csrf'];
const donorReflected = ['full_name', 'phone', 'email', 'date_of_birth', 'weight_kg', 'locality', 'pincode', 'last_donation_on'];

/** The stored donor, read back through the donor form's own schema: it must pass and come out unchanged. */
async function expectValidDonorRow(id: number) {
  const row = await t.db.one<Record<string, unknown>>('select * from donors where id = $1', [id]);
  const schema = donorForm({ today: () => TEST_TODAY, geo: app.geo });
  const asForm = {
    full_name: row.full_name, phone: row.phone, email: row.email ?? '', sex: row.sex, date_of_birth: row.date_of_birth,
    weight_kg: String(row.weight_kg), blood_group: row.blood_group, is_bombay: row.is_bombay ? 'yes' : undefined,
    state_code: row.state_code, district_id: String(row.district_id), locality: row.locality, pincode: row.pincode,
    last_donation_on: row.last_donation_on ?? '', consent: 'yes',
  };
  const parsed = parseForm(schema, asRequest(asForm));
  expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
  if (!parsed.ok) return;
  expect(parsed.data.full_name).toBe(row.full_name);
  expect(parsed.data.locality).toBe(row.locality);
  expect(parsed.data.phone).toBe(row.phone);
  for (const column of ['full_name', 'locality', 'email'] as const) {
    const value = row[column];
    if (typeof value === 'string') expect(value, column).not.toMatch(CONTROL_CHARACTERS);
  }
  expect(codePoints(row.full_name as string)).toBeGreaterThanOrEqual(2);
}

async function postDonor(entries: Entry[], raw = '', opener = '/donors/new?lang=en') {
  const agent = browser(app.app);
  const { csrf } = await openForm(agent, opener);
  const withToken: Entry[] = entries.some(([k]) => k === '_csrf') ? entries : [['_csrf', csrf], ...entries];
  return postRaw(agent, '/donors', urlencoded(withToken, raw));
}

/** Checks one answer to the donor form against the rows before and after it. */
async function checkDonorAnswer(res: { status: number; text: string; headers: Record<string, string> }, entries: Entry[], raw: string, before: Record<string, number>) {
  expectSafeAnswer(res, raw ? [] : entries, { action: '/donors', reflected: donorReflected });
  const after = await rowCounts();
  const added = after.donors! - before.donors!;
  expect(added).toBeGreaterThanOrEqual(0);
  expect(added).toBeLessThanOrEqual(1);
  expect(after.requests).toBe(before.requests);
  if (added === 1) {
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/donors\/thanks/);
    const { id } = await t.db.one<{ id: number }>('select max(id)::int as id from donors');
    await expectValidDonorRow(id);
  } else {
    // Refused (or a bot's post discarded): nothing else was written either.
    expect(after).toEqual(before);
  }
}

describe('the donor form under hostile input', () => {
  it('a valid registration with one to three fields made hostile is refused cleanly or stored valid', async () => {
    await fc.assert(
      fc.asyncProperty(mutations(donorFields.filter((f) => f !== '_csrf')), async (changes) => {
        const { entries, raw } = applyMutations(validDonorForm(app.geo, { phone: freshPhone() }) as Record<string, string>, changes);
        const before = await rowCounts();
        const res = await postDonor(entries, raw);
        cases.add('POST /donors (mutated valid form)', res.status);
        await checkDonorAnswer(res, entries, raw, before);
      }),
      RUNS,
    );
  });

  it('a registration from a camp page with a hostile camp or patient reference never half-registers', async () => {
    const campId = await addCamp(t.db, app.geo, { title: 'Fuzz camp', capacity: 2000 });
    const { reference } = await addRequest(t.db, app.geo, {});
    const fields = ['camp_id', 'for_request', 'full_name', 'phone', 'locality'];
    await fc.assert(
      fc.asyncProperty(mutations(fields), async (changes) => {
        const valid = { ...(validDonorForm(app.geo, { phone: freshPhone() }) as Record<string, string>), camp_id: String(campId), for_request: reference };
        const { entries, raw } = applyMutations(valid, changes);
        const before = await rowCounts();
        const res = await postDonor(entries, raw, `/donors/new?camp=${campId}&lang=en`);
        cases.add('POST /donors (from a camp page)', res.status);
        expectSafeAnswer(res, [], { action: '/donors', reflected: [] });
        const after = await rowCounts();
        if (after.donors === before.donors) {
          expect(after).toEqual(before);
          return;
        }
        expect(after.donors).toBe(before.donors! + 1);
        expect(res.status).toBe(303);
        const { id } = await t.db.one<{ id: number }>('select max(id)::int as id from donors');
        await expectValidDonorRow(id);
        // The seat goes with the donor, or the thanks page says why not; never a seat without a donor.
        const seats = await t.db.many<{ donor_id: number }>('select donor_id from camp_registrations where donor_id = $1', [id]);
        expect(seats.length).toBe(after.seats! - before.seats!);
        if (seats.length) expect(res.headers.location).toBe(`/donors/thanks?camp=${campId}&seat=registered`);
      }),
      { ...RUNS, numRuns: 60 },
    );
  });

  it('bodies of pure noise never cause a server error or a row', async () => {
    await fc.assert(
      fc.asyncProperty(randomBody(donorFields), async (entries) => {
        const before = await rowCounts();
        const res = await postDonor(entries);
        cases.add('POST /donors (random body)', res.status);
        await checkDonorAnswer(res, entries, '', before);
      }),
      { ...RUNS, numRuns: 60 },
    );
  });
});

const requestFields = ['blood_group', 'is_bombay', 'component', 'units', 'urgency', 'needed_by', 'patient_name', 'patient_age', 'hospital_name', 'hospital_city', 'state_code', 'district_id', 'pincode', 'contact_name', 'contact_phone', 'relation', 'notes', 'consent', 'form_token', 'website', 'action'];
const requestReflected = ['units', 'needed_by', 'patient_name', 'patient_age', 'hospital_name', 'hospital_city', 'pincode', 'contact_name', 'contact_phone', 'relation', 'notes'];

async function expectValidRequestRow(id: number) {
  const row = await t.db.one<Record<string, unknown>>('select * from blood_requests where id = $1', [id]);
  const schema = requestForm({ today: () => TEST_TODAY, geo: app.geo });
  const text = (v: unknown) => (v == null ? '' : String(v));
  const asForm = {
    blood_group: row.blood_group, is_bombay: row.is_bombay ? 'yes' : undefined, component: row.component, units: text(row.units),
    urgency: row.urgency, needed_by: row.needed_by, patient_name: row.patient_name, patient_age: text(row.patient_age),
    hospital_name: row.hospital_name, hospital_city: row.hospital_city, state_code: row.state_code, district_id: text(row.district_id),
    pincode: row.pincode, contact_name: row.contact_name, contact_phone: row.contact_phone, relation: text(row.relation), notes: text(row.notes),
    consent: 'yes', form_token: row.form_token,
  };
  const parsed = parseForm(schema, asRequest(asForm));
  expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
  if (!parsed.ok) return;
  for (const column of ['patient_name', 'hospital_name', 'hospital_city', 'contact_name', 'relation'] as const) {
    expect(parsed.data[column] ?? null, column).toBe(row[column]);
    if (typeof row[column] === 'string') expect(row[column], column).not.toMatch(CONTROL_CHARACTERS);
  }
  expect(parsed.data.notes ?? null).toBe(row.notes);
  // Notes keep their line breaks, and nothing else invisible.
  if (typeof row.notes === 'string') expect(row.notes.replace(/[\r\n\t]/g, '')).not.toMatch(CONTROL_CHARACTERS);
  const events = await t.db.many('select status from blood_request_events where request_id = $1', [id]);
  expect(events).toEqual([{ status: 'pending_verification' }]);
}

async function postRequest(entries: Entry[], raw = '') {
  const agent = browser(app.app);
  const { csrf } = await openForm(agent, '/requests/new?lang=en');
  const withToken: Entry[] = entries.some(([k]) => k === '_csrf') ? entries : [['_csrf', csrf], ...entries];
  return { agent, res: await postRaw(agent, '/requests', urlencoded(withToken, raw)) };
}

async function checkRequestAnswer(res: { status: number; text: string; headers: Record<string, string> }, entries: Entry[], raw: string, before: Record<string, number>) {
  expectSafeAnswer(res, raw ? [] : entries, { action: '/requests', reflected: requestReflected });
  const after = await rowCounts();
  const added = after.requests! - before.requests!;
  expect(added).toBeGreaterThanOrEqual(0);
  expect(added).toBeLessThanOrEqual(1);
  expect(after.donors).toBe(before.donors);
  if (added === 1) {
    expect(res.status).toBe(303);
    const reference = /^\/requests\/(PM-[A-Z0-9]{6})\/submitted$/.exec(res.headers.location ?? '')?.[1];
    expect(reference).toBeDefined();
    const { id } = await t.db.one<{ id: number }>('select id from blood_requests where reference = $1', [reference]);
    await expectValidRequestRow(id);
    expect(after.events).toBe(before.events! + 1);
  } else {
    expect(after).toEqual(before);
  }
}

describe('the blood request form under hostile input', () => {
  it('a valid request with one to three fields made hostile is refused cleanly or stored valid, once', async () => {
    await fc.assert(
      fc.asyncProperty(mutations(requestFields), async (changes) => {
        const valid = { ...(validRequestForm(app.geo, { contact_phone: freshPhone() }) as Record<string, string>), form_token: randomUUID() };
        const { entries, raw } = applyMutations(valid, changes);
        const before = await rowCounts();
        const { agent, res } = await postRequest(entries, raw);
        cases.add('POST /requests (mutated valid form)', res.status);
        await checkRequestAnswer(res, entries, raw, before);
        if (/\/submitted$/.test(res.headers.location ?? '')) {
          // The same form sent again (a double click, a refresh) leads to the same request, not a second one.
          const again = await postRaw(agent, '/requests', urlencoded([['_csrf', (await openForm(agent, '/requests/new')).csrf], ...entries.filter(([k]) => k !== '_csrf')], raw));
          expect(again.status).toBe(303);
          expect(again.headers.location).toBe(res.headers.location);
          expect((await rowCounts()).requests).toBe(before.requests! + 1);
        }
      }),
      RUNS,
    );
  });

  it('bodies of pure noise never cause a server error or a row', async () => {
    await fc.assert(
      fc.asyncProperty(randomBody(requestFields), async (entries) => {
        const before = await rowCounts();
        const { res } = await postRequest(entries);
        cases.add('POST /requests (random body)', res.status);
        await checkRequestAnswer(res, entries, '', before);
      }),
      { ...RUNS, numRuns: 60 },
    );
  });
});

describe('every public form under the wrong kind of body', () => {
  it('JSON, plain text, multipart, other charsets and broken encodings are refused without a server error or a row', async () => {
    const actions = ['/donors', '/requests', '/requests/track', '/me/login', '/me/login/code', '/login', '/camps/1/register'];
    const contentTypes = [
      'application/json', 'text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded; charset=utf-16',
      'application/x-www-form-urlencoded; charset=iso-8859-1', 'application/x-www-form-urlencoded; charset=nonsense', 'application/xml', '',
    ];
    const body = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.json(),
      fc.constantFrom('{"full_name":{"$gt":""},"_csrf":[1,2]}', '--x\r\nContent-Disposition: form-data; name="full_name"\r\n\r\nA\r\n--x--', '%', '%%%%', '\u0000'.repeat(100)),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...actions), fc.constantFrom(...contentTypes), body, async (action, type, raw) => {
        const agent = browser(app.app);
        const { csrf } = await openForm(agent, '/donors/new?lang=en');
        const before = await rowCounts();
        const res = await agent.post(action).set('Content-Type', type).send(`_csrf=${csrf}&${raw}`);
        cases.add('any public form (wrong content type)', res.status);
        expect(res.status, `${action} ${type}`).toBeLessThan(500);
        expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
        expect(await rowCounts()).toEqual(before);
      }),
      { ...RUNS, numRuns: 80 },
    );
  });
});

describe('what the fuzzing found', () => {
  it('Ramesh pastes his name and locality from a spreadsheet with NUL bytes in them: he is registered, without the NULs (was a 500)', async () => {
    const before = await rowCounts();
    const res = await postDonor(Object.entries(validDonorForm(app.geo, { phone: '9700011111', full_name: 'Ramesh\u0000 Kumar\u0000', locality: 'Civil\u0000Lines' }) as Record<string, string>));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/donors/thanks');
    const row = await t.db.one('select full_name, locality from donors where phone = $1', ['+919700011111']);
    expect(row).toEqual({ full_name: 'Ramesh Kumar', locality: 'CivilLines' });
    expect((await rowCounts()).donors).toBe(before.donors! + 1);
  });

  it('a name made only of control characters is asked for again, in Hindi and in English, and nothing is saved', async () => {
    for (const [lang, message] of [['en', 'This field is required'], ['hi', 'यह जानकारी ज़रूरी है']] as const) {
      const before = await rowCounts();
      const res = await postDonor(Object.entries(validDonorForm(app.geo, { phone: freshPhone(), full_name: '\u0000\u0007\u001b\u202e' }) as Record<string, string>), '', `/donors/new?lang=${lang}`);
      expect(res.status).toBe(422);
      expect(res.text).toContain(message);
      expect(await rowCounts()).toEqual(before);
    }
  });

  it('a family\'s notes keep their line breaks but lose NULs and a right-to-left override that would turn the hospital name around', async () => {
    const valid = { ...(validRequestForm(app.geo, { contact_phone: '9700022222', hospital_name: 'SRN \u202eHospital', notes: 'Ward 4\r\nBed\u0000 12' }) as Record<string, string>), form_token: randomUUID() };
    const { res } = await postRequest(Object.entries(valid));
    expect(res.status).toBe(303);
    const row = await t.db.one('select hospital_name, notes from blood_requests where contact_phone = $1', ['+919700022222']);
    expect(row).toEqual({ hospital_name: 'SRN Hospital', notes: 'Ward 4\r\nBed 12' });
  });
});
