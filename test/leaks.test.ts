import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../src/db/database';
import { createPooledDatabase, type PooledDatabase } from '../src/db/pool';
import { createAccount, signIn } from './helpers/accounts';
import { askForCode, enterCode, smsCode } from './helpers/donor-sign-in';
import { validDonorForm, validRequestForm } from './helpers/fixtures';
import { addCamp } from './helpers/public-camp-fixtures';
import { browser, buildTestApp, hiddenValue, openForm, TEST_NOW, type TestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';

// Donor phone numbers are shown to the volunteer who calls, and to the donor: nowhere else. Not on
// a public page, not on the family's tracking page, not on an error page, not in the logs. And
// every response carries the headers that keep pages in their place: no framing, no sniffing, no
// referrer to other sites, HTTPS pinned in production, personal pages never stored by a browser.

let t: TestDatabase;
let app: TestApp;

const DONOR = { phone: '9812300011', name: 'Kamla Leakcheck' };
const FAMILY = { phone: '9812300022', name: 'Patient Leakcheck', contact: 'Amit Leakcheck' };

/** Every way a number may be written on a page or in a log line. */
function spellings(national: string): string[] {
  return [national, `+91${national}`, `+91 ${national.slice(0, 5)} ${national.slice(5)}`, `${national.slice(0, 5)} ${national.slice(5)}`, `91${national}`];
}

function expectNoDonorContact(text: string, where: string) {
  for (const s of [...spellings(DONOR.phone), DONOR.name]) expect(text, `${s} on ${where}`).not.toContain(s);
}

/** The world after a day's work: a registered and verified donor asked to give for a family's request. */
let donorId: number;
let requestRef: string;
let requestId: number;
let campId: number;
let volunteer: ReturnType<typeof browser>;
/** What the volunteer and the donor saw, for the sanity checks. */
const seen = { donorRecord: '', contactView: '', donorHome: '', tracking: '' };

beforeAll(async () => {
  t = await createTestDatabase();
  app = await buildTestApp(t.db, { env: { DONOR_CODE_RATE_LIMIT: '1000' } });
  const verifier = await createAccount(t.db, app.geo, { username: 'leak-volunteer', state: 'UP', districts: ['Prayagraj'] });

  // The donor registers on the public form, at a camp; the family asks for blood.
  campId = await addCamp(t.db, app.geo, { title: 'Leakcheck camp' });
  const donorAgent = browser(app.app);
  const donorForm = await openForm(donorAgent, `/donors/new?camp=${campId}&lang=en`);
  const registered = await donorAgent.post('/donors').type('form').send({
    ...validDonorForm(app.geo, { phone: DONOR.phone, full_name: DONOR.name, blood_group: 'O-', pincode: '211002' }), camp_id: String(campId), _csrf: donorForm.csrf,
  });
  expect(registered.status).toBe(303);
  donorId = (await t.db.one<{ id: number }>('select id from donors where phone = $1', [`+91${DONOR.phone}`])).id;
  await t.db.exec(`update donors set status = 'verified', verified_by = $2, verified_at = $3 where id = $1`, [donorId, verifier, TEST_NOW]);

  const family = browser(app.app);
  const requestForm = await openForm(family, '/requests/new?lang=en');
  const asked = await family.post('/requests').type('form').send({
    ...validRequestForm(app.geo, { contact_phone: FAMILY.phone, patient_name: FAMILY.name, contact_name: FAMILY.contact }), form_token: requestForm.formToken, _csrf: requestForm.csrf,
  });
  expect(asked.status).toBe(303);
  ({ id: requestId, reference: requestRef } = await t.db.one<{ id: number; reference: string }>('select id, reference from blood_requests'));
  await t.db.exec(`update blood_requests set status = 'open', verified_by = $2, verified_at = $3 where id = $1`, [requestId, verifier, TEST_NOW]);

  // The volunteer looks at the donor, takes the request on, calls the donor, who agrees.
  volunteer = browser(app.app);
  expect((await signIn(volunteer, 'leak-volunteer')).status).toBe(303);
  seen.donorRecord = (await volunteer.get(`/volunteer/donors/${donorId}?contact=1&lang=en`)).text;
  const page = `/volunteer/requests/${requestId}`;
  const postOn = async (action: string, fields: Record<string, string> = {}) =>
    volunteer.post(action).type('form').send({ ...fields, _csrf: hiddenValue((await volunteer.get(page)).text, '_csrf') });
  expect((await postOn(`${page}/take`)).status).toBe(303);
  seen.contactView = (await volunteer.get(`${page}?donor=${donorId}&lang=en`)).text;
  expect((await postOn(`${page}/ask`, { donor_id: String(donorId) })).status).toBe(303);
  expect((await postOn(`${page}/contacts?donor=${donorId}`, { donor_id: String(donorId), outcome: 'agreed', units: '1' })).status).toBe(303);

  // The donor signs in with the code sent by SMS; the family follows the request.
  const donor = browser(app.app);
  expect((await askForCode(donor, `+91${DONOR.phone}`)).status).toBe(303);
  expect((await enterCode(donor, await smsCode(t.db, `+91${DONOR.phone}`))).status).toBe(303);
  seen.donorHome = (await donor.get('/me?lang=en')).text;
  const track = await openForm(family, '/requests/track?lang=en');
  expect((await family.post('/requests/track').type('form').send({ reference: requestRef, contact_phone: FAMILY.phone, _csrf: track.csrf })).status).toBe(303);
  seen.tracking = (await family.get(`/requests/track/${requestRef}?lang=en`)).text;
}, 60_000);
afterAll(async () => {
  app.close();
  await t.drop();
});

describe('donor phone numbers stay with the volunteer and the donor', () => {
  it('the volunteer who calls sees the number (so these checks look for the right spelling)', () => {
    expect(seen.donorRecord).toContain(`+91${DONOR.phone}`);
    expect(seen.contactView).toContain(`+91${DONOR.phone}`);
    expect(seen.donorHome).toContain(`+91 ${DONOR.phone.slice(0, 5)} ${DONOR.phone.slice(5)}`);
  });

  it('the family\'s tracking page shows the pledge, never the donor who made it', async () => {
    expect(seen.tracking).toContain(requestRef);
    expect(await t.db.one('select units_pledged from blood_requests where id = $1', [requestId])).toEqual({ units_pledged: 1 });
    expectNoDonorContact(seen.tracking, 'the tracking page');
  });

  it('no public page shows it, in either language', async () => {
    const visitor = browser(app.app);
    for (const lang of ['en', 'hi']) {
      for (const path of ['/', '/stats', '/camps', `/camps/${campId}`, `/camps/${campId}.ics`, '/eligibility', '/privacy', '/donors/new', `/donors/thanks?camp=${campId}&seat=registered`, '/requests/track']) {
        const res = await visitor.get(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
        expect(res.status, path).toBe(200);
        expectNoDonorContact(res.text, path);
        for (const s of [...spellings(FAMILY.phone), FAMILY.name]) expect(res.text, `${s} on ${path}`).not.toContain(s);
      }
    }
  });

  it('no error page shows it: not found, expired form, too large, bug, database down', async () => {
    const visitor = browser(app.app);
    const pages = [
      await visitor.get(`/volunteer/donors/${donorId}`), // signed out: to the sign-in page
      await visitor.get(`/no-such-page`),
      await visitor.post('/donors').type('form').send(validDonorForm(app.geo, { phone: DONOR.phone, full_name: DONOR.name })),
      await visitor.post('/donors').type('form').send({ full_name: 'x'.repeat(40_000), phone: DONOR.phone }),
    ];
    expect(pages.map((p) => p.status)).toEqual([303, 404, 403, 413]);
    for (const page of pages) expectNoDonorContact(page.text, `the ${page.status} page`);
  });

  it('a donor who registers again with the same number is told only that it is taken', async () => {
    const agent = browser(app.app);
    const { csrf } = await openForm(agent, '/donors/new?lang=en');
    const res = await agent.post('/donors').type('form').send({ ...validDonorForm(app.geo, { phone: DONOR.phone, full_name: 'Someone Else' }), _csrf: csrf });
    expect(res.status).toBe(422);
    expect(res.text).toContain('already registered');
    expect(res.text).not.toContain(DONOR.name);
  });
});

describe('personal data stays out of the logs', () => {
  it('a whole day of registering, signing in, calling and tracking logs no number, name or code', () => {
    const logs = app.rawLogs.join('');
    expect(logs).toContain('donor registered');
    expect(logs).toContain('donor signed in');
    expect(logs).toContain(`/volunteer/requests/${requestId}`);
    for (const s of [...spellings(DONOR.phone), ...spellings(FAMILY.phone), DONOR.name, FAMILY.name, FAMILY.contact, 'rm.sid=', 'rm.csrf=']) {
      expect(logs, s).not.toContain(s);
    }
  });

  it('the sign-in code itself is never logged', async () => {
    const codes = await t.db.many<{ code: string }>("select payload->>'code' as code from notifications where template = 'login_code'");
    expect(codes.length).toBeGreaterThan(0);
    const logs = app.rawLogs.join('');
    for (const { code } of codes) expect(logs).not.toMatch(new RegExp(`\\b${code}\\b`));
  });
});

/** The real database, except that saving a donor breaks a check constraint, as a validation gap would. */
function withDonorInsertBroken(db: PooledDatabase): PooledDatabase {
  const wrap = (sql: Sql): Sql => {
    const run = <T>(fn: (text: string, values?: readonly unknown[]) => Promise<T>) => (text: string, values?: readonly unknown[]) =>
      // weight_kg is the sixth value of insertDonor: 10 kg breaks donors_weight_kg_check.
      fn(text, /insert into donors/.test(text) && values ? values.map((v, i) => (i === 5 ? 10 : v)) : values);
    return { many: run(sql.many.bind(sql)), maybeOne: run(sql.maybeOne.bind(sql)), one: run(sql.one.bind(sql)), exec: run(sql.exec.bind(sql)) } as Sql;
  };
  return { ...db, ...wrap(db), withTransaction: (fn) => db.withTransaction((tx) => fn(wrap(tx))) };
}

describe('when saving fails', () => {
  it('the database error that quotes the failing row (name, number) reaches neither the page nor the log', async () => {
    const buggy = await buildTestApp(withDonorInsertBroken(t.db), { geo: app.geo });
    const agent = browser(buggy.app);
    const { csrf } = await openForm(agent, '/donors/new?lang=en');
    const res = await agent.post('/donors').type('form').send({ ...validDonorForm(app.geo, { phone: '9812300033', full_name: 'Rowdata Leakcheck' }), _csrf: csrf });
    expect(res.status).toBe(500);
    expect(res.text).toContain('Sorry, something went wrong');
    const logs = buggy.rawLogs.join('');
    expect(logs).toContain('donors_weight_kg_check');
    for (const s of [...spellings('9812300033'), 'Rowdata', 'Leakcheck', 'Failing row']) {
      expect(res.text, s).not.toContain(s);
      expect(logs, s).not.toContain(s);
    }
    buggy.close();
  });
});

// The headers every kind of response must carry.
function expectProtectiveHeaders(res: { headers: Record<string, string | undefined> }, what: string) {
  const csp = res.headers['content-security-policy'] ?? '';
  expect(csp, what).toContain("default-src 'self'");
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("object-src 'none'");
  expect(csp, what).not.toContain('unsafe-inline');
  expect(res.headers['x-content-type-options'], what).toBe('nosniff');
  expect(res.headers['referrer-policy'], what).toBe('same-origin');
  expect(res.headers['x-frame-options'], what).toBe('SAMEORIGIN');
  expect(res.headers['x-powered-by'], what).toBeUndefined();
}

describe('security headers on every kind of response', () => {
  it('public, donor, staff, error and static responses all carry them', async () => {
    const visitor = browser(app.app);
    const donor = browser(app.app);
    await askForCode(donor, `+91${DONOR.phone}`);
    await enterCode(donor, await smsCode(t.db, `+91${DONOR.phone}`));
    const responses: Array<[string, { headers: Record<string, string | undefined> }]> = [
      ['home', await visitor.get('/')],
      ['camp list', await visitor.get('/camps')],
      ['donor form', await visitor.get('/donors/new')],
      ['stylesheet', await visitor.get(app.app.locals.asset('css/site.css'))],
      ['script', await visitor.get(app.app.locals.asset('js/districts.js'))],
      ['donor home', await donor.get('/me')],
      ['volunteer dashboard', await volunteer.get('/volunteer')],
      ['donor record', await volunteer.get(`/volunteer/donors/${donorId}`)],
      ['404', await visitor.get('/no-such-page')],
      ['403', await visitor.post('/donors').type('form').send({ phone: '1' })],
      ['413', await visitor.post('/donors').type('form').send({ full_name: 'x'.repeat(40_000) })],
    ];
    for (const [what, res] of responses) expectProtectiveHeaders(res, what);
    // Not over HTTPS here (COOKIE_SECURE is off outside production), so no HSTS to pin.
    for (const [what, res] of responses) expect(res.headers['strict-transport-security'], what).toBeUndefined();
  });

  it('the 500 and 503 pages carry them too', async () => {
    const buggy = await buildTestApp(withDonorInsertBroken(t.db), { geo: app.geo });
    const agent = browser(buggy.app);
    const { csrf } = await openForm(agent, '/donors/new');
    const bug = await agent.post('/donors').type('form').send({ ...validDonorForm(app.geo, { phone: '9812300044' }), _csrf: csrf });
    expect(bug.status).toBe(500);
    expectProtectiveHeaders(bug, '500');
    buggy.close();

    const down = createPooledDatabase({ connectionString: 'postgres://postgres@127.0.0.1:1/none', max: 1, kind: 'postgres' });
    const broken = await buildTestApp(down, { geo: app.geo });
    const unavailable = await browser(broken.app).get('/camps');
    expect(unavailable.status).toBe(503);
    expectProtectiveHeaders(unavailable, '503');
    expectNoDonorContact(unavailable.text, 'the 503 page');
    broken.close();
    await down.close();
  });

  it('in production behind HTTPS, every kind of response pins HTTPS and every cookie is Secure', async () => {
    const prod = await buildTestApp(t.db, { geo: app.geo, env: { NODE_ENV: 'production', GRIEVANCE_EMAIL: 'dpo@policemitra.example', TRUST_PROXY: '1' } });
    const https = browser(prod.app);
    const get = (path: string) => https.get(path).set('X-Forwarded-Proto', 'https');
    const page = await get('/login?lang=en');
    for (const [what, res] of [['page', page], ['stylesheet', await get(prod.app.locals.asset('css/site.css'))], ['404', await get('/no-such-page')]] as const) {
      expect(res.headers['strict-transport-security'], what).toBe('max-age=31536000; includeSubDomains');
      expect(res.headers['content-security-policy'], what).toContain('upgrade-insecure-requests');
      expectProtectiveHeaders(res, what);
    }
    const cookies = (page.headers['set-cookie'] ?? []) as unknown as string[];
    expect(cookies.map((c) => c.split('=')[0]).sort()).toEqual(['__Host-rm.csrf', 'lang']);
    for (const cookie of cookies) {
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; SameSite=Lax/);
    }

    // The volunteer's session cookie, set at sign-in, is just as guarded.
    const csrfPair = cookies.find((c) => c.startsWith('__Host-rm.csrf='))!.split(';')[0]!;
    const signedIn = await https.post('/login').set('X-Forwarded-Proto', 'https').set('Cookie', csrfPair).type('form')
      .send({ username: 'leak-volunteer', password: 'river mango lantern 42', _csrf: hiddenValue(page.text, '_csrf') });
    expect(signedIn.status).toBe(303);
    const session = ((signedIn.headers['set-cookie'] ?? []) as unknown as string[]).find((c) => c.startsWith('rm.sid='));
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/; SameSite=Lax/);
    prod.close();
  });
});

describe('pages with personal data are never stored by the browser', () => {
  it('staff pages, the donor\'s own pages and the family\'s tracking page say no-store; public pages do not need to', async () => {
    const family = browser(app.app);
    const track = await openForm(family, '/requests/track?lang=en');
    await family.post('/requests/track').type('form').send({ reference: requestRef, contact_phone: FAMILY.phone, _csrf: track.csrf });
    const donor = browser(app.app);
    await askForCode(donor, `+91${DONOR.phone}`);
    await enterCode(donor, await smsCode(t.db, `+91${DONOR.phone}`));

    const personal = [
      ['volunteer dashboard', await volunteer.get('/volunteer')],
      ['donor record', await volunteer.get(`/volunteer/donors/${donorId}`)],
      ['request with donor contact', await volunteer.get(`/volunteer/requests/${requestId}?donor=${donorId}`)],
      ['donor home', await donor.get('/me')],
      ['tracking page', await family.get(`/requests/track/${requestRef}`)],
    ] as const;
    for (const [what, res] of personal) {
      expect(res.status, what).toBe(200);
      expect(res.headers['cache-control'], what).toMatch(/\bno-store\b/);
      expect(res.headers['cache-control'], what).toMatch(/\bprivate\b/);
    }
    // A visitor without a session gets the public pages as everyone does.
    const home = await browser(app.app).get('/');
    expect(home.headers['cache-control'] ?? '').not.toMatch(/no-store/);
    // The public statistics stay cacheable for visitors even when a donor looks at them.
    expect((await donor.get('/stats')).headers['cache-control']).toMatch(/^public, max-age=\d+$/);
  });
});
