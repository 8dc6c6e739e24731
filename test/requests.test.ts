import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REFERENCE_ALPHABET } from '../src/domain/reference';
import { browser, buildTestApp, openForm, type TestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { validRequestForm } from './helpers/fixtures';

let t: TestDatabase;
let app: TestApp;

beforeAll(async () => {
  t = await createTestDatabase();
  app = await buildTestApp(t.db);
});
afterAll(async () => {
  app.close();
  await t.drop();
});
beforeEach(async () => {
  await t.db.exec('delete from blood_requests');
});

const requestCount = async () => (await t.db.one<{ n: number }>('select count(*)::int as n from blood_requests')).n;

async function postRequest(overrides: Record<string, string | string[] | undefined> = {}, lang = 'en') {
  const agent = browser(app.app);
  const { csrf, formToken } = await openForm(agent, `/requests/new?lang=${lang}`);
  const body = { ...validRequestForm(app.geo), form_token: formToken, ...overrides, _csrf: csrf };
  const res = await agent.post('/requests').type('form').send(body);
  return { agent, res, body };
}

describe('GET /requests/new', () => {
  it('shows the request form with a one-time form token', async () => {
    const { res, formToken } = await openForm(browser(app.app), '/requests/new?lang=en');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Request blood for a patient');
    expect(formToken).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('POST /requests', () => {
  it('stores a valid request with a random reference and shows that reference prominently', async () => {
    const { agent, res } = await postRequest();
    expect(res.status).toBe(303);
    const match = /^\/requests\/(PM-[A-Z0-9]{6})\/submitted$/.exec(res.headers.location!);
    expect(match).not.toBeNull();
    const reference = match![1]!;
    expect([...reference.slice(3)].every((c) => REFERENCE_ALPHABET.includes(c))).toBe(true);

    const row = await t.db.one('select * from blood_requests');
    expect(row).toMatchObject({
      reference,
      patient_name: 'Sunita Devi',
      patient_age: 54,
      blood_group: 'O-',
      component: 'red_cells',
      units: 2,
      urgency: 'emergency',
      needed_by: '2026-06-15',
      contact_phone: '+919123456789',
      relation: 'Son',
      notes: null,
      status: 'pending_verification',
      source_channel: 'web',
    });
    const events = await t.db.many('select status from blood_request_events where request_id = $1', [row.id]);
    expect(events).toEqual([{ status: 'pending_verification' }]);

    const page = await agent.get(res.headers.location!);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<strong>${reference}</strong>`);
    expect(page.text).toContain('A Police Mitra volunteer will call you to verify the request.');
  });

  it('submitted twice with the same form (double click, refresh) creates one request and shows the same reference', async () => {
    const { agent, res, body } = await postRequest();
    const again = await agent.post('/requests').type('form').send(body);
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe(res.headers.location!);
    expect(await requestCount()).toBe(1);
  });

  it('two different forms from one family create two requests with different references', async () => {
    const first = await postRequest();
    const second = await postRequest();
    expect(first.res.headers.location!).not.toBe(second.res.headers.location!);
    expect(await requestCount()).toBe(2);
  });

  it.each([
    ['patient_name', { patient_name: '' }, 'This field is required'],
    ['patient_age', { patient_age: '121' }, 'Enter the patient&#39;s age in years, from 0 to 120'],
    ['patient_age', { patient_age: 'ten' }, 'Enter a whole number'],
    ['blood_group', { blood_group: '' }, 'Choose a blood group'],
    ['is_bombay', { blood_group: 'B-', is_bombay: 'yes' }, 'Bombay (hh) blood is reported as group O'],
    ['component', { component: 'serum' }, 'Choose what the doctor asked for'],
    ['units', { units: '0' }, 'Enter a number of units from 1 to 20'],
    ['units', { units: '21' }, 'Enter a number of units from 1 to 20'],
    ['units', { units: '2.5' }, 'Enter a whole number'],
    ['urgency', { urgency: undefined }, 'Choose how urgent it is'],
    ['needed_by', { needed_by: '2026-06-14' }, 'This date cannot be in the past'],
    ['needed_by', { needed_by: '2026-12-31' }, 'Choose a date within the next 90 days'],
    ['needed_by', { needed_by: 'tomorrow' }, 'Enter a real date'],
    ['hospital_name', { hospital_name: 'H' }, 'Write at least 2 characters'],
    ['hospital_city', { hospital_city: '' }, 'This field is required'],
    ['district_id', { district_id: '999999' }, 'Choose a district of the chosen state'],
    ['pincode', { pincode: 'abcdef' }, 'Enter a 6-digit PIN code'],
    ['contact_name', { contact_name: '' }, 'This field is required'],
    ['contact_phone', { contact_phone: '+1 415 555 0100' }, 'Enter a 10-digit Indian mobile number'],
    ['relation', { relation: 'x'.repeat(51) }, 'Write at most 50 characters'],
    ['notes', { notes: 'n'.repeat(501) }, 'Write at most 500 characters'],
    ['consent', { consent: undefined }, 'Tick the box to agree, so volunteers can work on this request'],
  ])('rejects a bad %s (%j) with 422, its message, and stores nothing', async (field, overrides, message) => {
    const { res } = await postRequest(overrides);
    expect(res.status).toBe(422);
    expect(res.text).toContain(`<a href="#${field}">${message}`);
    expect(await requestCount()).toBe(0);
  });

  it('keeps every value and the same form token when it shows errors, so fixing them and sending creates one request', async () => {
    const { agent, res, body } = await postRequest({ units: '50', notes: 'Ward 5, <script>' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('value="Swaroop Rani Nehru Hospital"');
    expect(res.text).toContain('Ward 5, &lt;script&gt;</textarea>');
    expect(res.text).toContain(`name="form_token" value="${body.form_token}"`);
    expect(res.text).toContain('value="emergency" checked');
    const fixed = await agent.post('/requests').type('form').send({ ...body, units: '3' });
    expect(fixed.status).toBe(303);
    expect(await t.db.one('select units, notes from blood_requests')).toEqual({ units: 3, notes: 'Ward 5, <script>' });
  });

  it('with a tampered form token asks to send again with a fresh token and stores nothing', async () => {
    const { res } = await postRequest({ form_token: 'not-a-token' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('The form had expired');
    expect(res.text).toMatch(/name="form_token" value="[0-9a-f-]{36}"/);
    expect(await requestCount()).toBe(0);
  });

  it('shows Hindi messages on a Hindi page', async () => {
    const { res } = await postRequest({ units: '0' }, 'hi');
    expect(res.status).toBe(422);
    expect(res.text).toContain('यूनिट की संख्या 1 से 20 के बीच लिखें');
  });

  it('with the honeypot filled stores nothing', async () => {
    const { res } = await postRequest({ website: 'buy now' });
    expect(res.status).toBe(303);
    expect(await requestCount()).toBe(0);
  });

  it('without a CSRF token is refused and stores nothing', async () => {
    const agent = browser(app.app);
    const { formToken } = await openForm(agent, '/requests/new');
    const res = await agent.post('/requests').type('form').send({ ...validRequestForm(app.geo), form_token: formToken });
    expect(res.status).toBe(403);
    expect(await requestCount()).toBe(0);
  });

  it('the confirmation page is only for the browser that sent the request', async () => {
    const { res } = await postRequest();
    const stranger = await browser(app.app).get(res.headers.location!);
    expect(stranger.status).toBe(404);
  });
});

describe('tracking a request', () => {
  async function track(reference: string, phone: string, lang = 'en') {
    const agent = browser(app.app);
    const { csrf } = await openForm(agent, `/requests/track?lang=${lang}`);
    const res = await agent.post('/requests/track').type('form').send({ reference, contact_phone: phone, _csrf: csrf });
    return { agent, res };
  }

  it('with the right reference and phone shows the status and its history', async () => {
    const { res: created } = await postRequest();
    const reference = /PM-[A-Z0-9]{6}/.exec(created.headers.location!)![0];
    const { agent, res } = await track(reference.toLowerCase().replace('-', ' '), '+91 91234 56789');
    expect(res.status).toBe(303);
    expect(res.headers.location!).toBe(`/requests/track/${reference}`);
    const page = await agent.get(res.headers.location!);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`Request ${reference}`);
    expect(page.text).toContain('Waiting for verification');
    expect(page.text).toContain('15/06/2026 12:00');
    expect(page.text).not.toContain('Sunita');
    expect(page.text).not.toContain('9123456789');
  });

  it('shows later statuses with their times', async () => {
    const { res: created } = await postRequest();
    const reference = /PM-[A-Z0-9]{6}/.exec(created.headers.location!)![0];
    await t.db.exec(`update blood_requests set status = 'open' where reference = $1`, [reference]);
    await t.db.exec(
      `insert into blood_request_events (request_id, status, occurred_at)
       select id, 'open', '2026-06-15T08:00:00Z' from blood_requests where reference = $1`,
      [reference],
    );
    const { agent, res } = await track(reference, '9123456789', 'hi');
    const page = await agent.get(res.headers.location!);
    expect(page.text).toContain('पुष्टि हो गई: दाता ढूँढे जा रहे हैं');
    expect(page.text).toContain('15/06/2026 13:30');
  });

  it('shows a Bombay (hh) request as such, in the page\'s language', async () => {
    const { res: created } = await postRequest({ blood_group: 'O-', is_bombay: 'yes' });
    const reference = /PM-[A-Z0-9]{6}/.exec(created.headers.location!)![0];
    const { agent, res } = await track(reference, '9123456789', 'hi');
    const page = await agent.get(res.headers.location!);
    expect(page.text).toContain('O− (बॉम्बे hh)');
  });

  it('a wrong phone looks exactly like an unknown reference', async () => {
    const { res: created } = await postRequest();
    const reference = /PM-[A-Z0-9]{6}/.exec(created.headers.location!)![0];
    const wrongPhone = await track(reference, '9000000000');
    const unknown = await track('PM-ZZZZZZ', '9123456789');
    expect(wrongPhone.res.status).toBe(422);
    expect(unknown.res.status).toBe(422);
    const message = 'We could not find a request with this reference number and mobile number';
    expect(wrongPhone.res.text).toContain(message);
    expect(unknown.res.text).toContain(message);
    const strip = (html: string) => html.replace(/value="[^"]*"/g, '');
    expect(strip(wrongPhone.res.text)).toBe(strip(unknown.res.text));
  });

  it('the status page cannot be opened by guessing the address', async () => {
    const { res: created } = await postRequest();
    const reference = /PM-[A-Z0-9]{6}/.exec(created.headers.location!)![0];
    const res = await browser(app.app).get(`/requests/track/${reference}`);
    expect(res.status).toBe(303);
    expect(res.headers.location!).toBe(`/requests/track?ref=${reference}`);
  });

  it('explains a malformed reference or phone per field', async () => {
    const { res } = await track('hello', '123');
    expect(res.status).toBe(422);
    expect(res.text).toContain('<a href="#reference">Enter the reference as it was given to you');
    expect(res.text).toContain('<a href="#contact_phone">Enter a 10-digit Indian mobile number');
  });

  it('is rate-limited per address', async () => {
    // Counts are kept in the database, shared with this file's other apps: this address is the test's own.
    const limited = await buildTestApp(t.db, { env: { TRACK_RATE_LIMIT: '2', TRUST_PROXY: '1' }, geo: app.geo });
    const agent = browser(limited.app).set('X-Forwarded-For', '203.0.113.24');
    const { csrf } = await openForm(agent, '/requests/track?lang=en');
    const attempt = () => agent.post('/requests/track').type('form').send({ reference: 'PM-ZZZZZZ', contact_phone: '9123456789', _csrf: csrf });
    expect((await attempt()).status).toBe(422);
    expect((await attempt()).status).toBe(422);
    const third = await attempt();
    expect(third.status).toBe(429);
    expect(third.text).toContain('Too many attempts');
    limited.close();
  });
});
