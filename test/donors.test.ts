import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { browser, buildTestApp, openForm, type TestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { districtId, validDonorForm } from './helpers/fixtures';

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
  await t.db.exec('delete from donors');
});

const donorCount = async () => (await t.db.one<{ n: number }>('select count(*)::int as n from donors')).n;

async function submitDonor(overrides: Record<string, string | string[] | undefined> = {}, lang = 'en') {
  const agent = browser(app.app);
  const { csrf } = await openForm(agent, `/donors/new?lang=${lang}`);
  const res = await agent.post('/donors').type('form').send({ ...validDonorForm(app.geo, overrides), _csrf: csrf });
  return { agent, res };
}

describe('GET /donors/new', () => {
  it('shows the donor form in Hindi by default with the privacy notice and a CSRF token', async () => {
    const res = await browser(app.app).get('/donors/new');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html lang="hi">');
    expect(res.text).toContain('रक्तदाता के रूप में पंजीकरण करें');
    expect(res.text).toMatch(/name="_csrf" value="[^"]{20,}"/);
    expect(res.text).toContain('name="website"');
    expect(res.text).toContain('href="/privacy"');
  });

  it('lists the districts of the state given in the address, ready without JavaScript', async () => {
    const res = await browser(app.app).get('/donors/new?state=UP&lang=en');
    expect(res.text).toContain('>Prayagraj</option>');
    expect(res.text).not.toContain('>Pune</option>');
  });
});

describe('POST /donors', () => {
  it('stores a valid registration as pending verification and redirects to the thank-you page', async () => {
    const { agent, res } = await submitDonor();
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/donors/thanks');
    const rows = await t.db.many('select * from donors');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      full_name: 'Ramesh Kumar Yadav',
      phone: '+919876543210',
      email: null,
      sex: 'male',
      date_of_birth: '1990-04-12',
      weight_kg: 68,
      blood_group: 'B+',
      is_bombay: false,
      state_code: 'UP',
      district_id: districtId(app.geo, 'UP', 'Prayagraj'),
      pincode: '211001',
      status: 'pending_verification',
      source_channel: 'web',
      preferred_language: 'en',
      consent_notice_version: '2026-11',
    });
    expect(rows[0]!.latitude).toBeCloseTo(25.46, 1);
    const thanks = await agent.get('/donors/thanks');
    expect(thanks.text).toContain('A Police Mitra volunteer from your district will call you');
  });

  it('accepts the numbers and dates people really type', async () => {
    const { res } = await submitDonor({ phone: '0 98765-43210', date_of_birth: '12/04/1990', email: ' ramesh@example.in ', weight_kg: '68.5' });
    expect(res.status).toBe(303);
    const row = await t.db.one('select phone, date_of_birth, email, weight_kg from donors');
    expect(row).toEqual({ phone: '+919876543210', date_of_birth: '1990-04-12', email: 'ramesh@example.in', weight_kg: 68.5 });
  });

  it('accepts numbers typed with Devanagari digits on a Hindi keyboard', async () => {
    const { res } = await submitDonor({ phone: '९८७६५ ४३२१०', pincode: '२११००१', weight_kg: '६८', date_of_birth: '१२/०४/१९९०' }, 'hi');
    expect(res.status).toBe(303);
    const row = await t.db.one('select phone, pincode, weight_kg, date_of_birth, preferred_language from donors');
    expect(row).toEqual({ phone: '+919876543210', pincode: '211001', weight_kg: 68, date_of_birth: '1990-04-12', preferred_language: 'hi' });
  });

  it('records a Bombay (hh) donor with group O', async () => {
    const { res } = await submitDonor({ blood_group: 'O+', is_bombay: 'yes' });
    expect(res.status).toBe(303);
    expect(await t.db.one('select blood_group, is_bombay from donors')).toEqual({ blood_group: 'O+', is_bombay: true });
  });

  it('with missing answers shows every problem in an error summary, keeps the values, and stores nothing', async () => {
    const { res } = await submitDonor({ full_name: 'Ramesh <b>', phone: '', sex: undefined, blood_group: '', consent: undefined });
    expect(res.status).toBe(422);
    expect(res.text).toContain('There is a problem');
    expect(res.text).toContain('<a href="#phone">This field is required</a>');
    expect(res.text).toContain('<a href="#sex">Choose male, female or other</a>');
    expect(res.text).toContain('<a href="#blood_group">Choose a blood group</a>');
    expect(res.text).toContain('<a href="#consent">Tick the box to agree');
    // Values kept, and escaped.
    expect(res.text).toContain('value="Ramesh &lt;b&gt;"');
    expect(res.text).toContain('value="Civil Lines"');
    expect(res.text).toMatch(/<option value="\d+" selected>Prayagraj<\/option>/);
    expect(res.text).toContain('aria-invalid="true"');
    expect(await donorCount()).toBe(0);
  });

  it('shows every problem in one round, including age and weight alongside a bad phone number', async () => {
    const { res } = await submitDonor({ phone: '123', sex: undefined, date_of_birth: '2010-09-01', weight_kg: '40', state_code: 'MH' });
    expect(res.status).toBe(422);
    for (const field of ['phone', 'sex', 'date_of_birth', 'weight_kg', 'district_id']) expect(res.text).toContain(`<a href="#${field}">`);
    const order = ['phone', 'sex', 'date_of_birth', 'weight_kg', 'district_id'].map((f) => res.text.indexOf(`<a href="#${f}">`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(await donorCount()).toBe(0);
  });

  it('shows the messages in Hindi on a Hindi page', async () => {
    const { res } = await submitDonor({ phone: '12345' }, 'hi');
    expect(res.status).toBe(422);
    expect(res.text).toContain('कुछ जानकारी ठीक करनी है');
    expect(res.text).toContain('10 अंकों का भारतीय मोबाइल नंबर लिखें');
    expect(await donorCount()).toBe(0);
  });

  it.each([
    ['phone', { phone: '5876543210' }, 'Enter a 10-digit Indian mobile number'],
    ['phone', { phone: '98765' }, 'Enter a 10-digit Indian mobile number'],
    ['email', { email: 'not-an-email' }, 'Enter an email address like name@example.com'],
    ['full_name', { full_name: 'R' }, 'Write at least 2 characters'],
    ['full_name', { full_name: 'R'.repeat(101) }, 'Write at most 100 characters'],
    ['sex', { sex: 'unknown' }, 'Choose male, female or other'],
    ['date_of_birth', { date_of_birth: '31/02/1990' }, 'Enter a real date'],
    ['date_of_birth', { date_of_birth: '2027-01-01' }, 'This date cannot be in the future'],
    ['weight_kg', { weight_kg: 'sixty' }, 'Enter a number, like 62'],
    ['weight_kg', { weight_kg: '0' }, 'Enter your weight in kg'],
    ['blood_group', { blood_group: 'C+' }, 'Choose a blood group'],
    ['is_bombay', { blood_group: 'A+', is_bombay: 'yes' }, 'Bombay (hh) blood is reported as group O'],
    ['state_code', { state_code: 'XX' }, 'Choose a state or union territory'],
    ['district_id', { district_id: '' }, 'Choose a district of the chosen state'],
    ['locality', { locality: '' }, 'This field is required'],
    ['pincode', { pincode: '011001' }, 'Enter a 6-digit PIN code'],
    ['pincode', { pincode: '21100' }, 'Enter a 6-digit PIN code'],
    ['last_donation_on', { last_donation_on: '2026-07-01' }, 'This date cannot be in the future'],
    ['last_donation_on', { last_donation_on: '1980-01-01' }, 'The last donation must be after the date of birth'],
    ['consent', { consent: 'no' }, 'Tick the box to agree'],
  ])('rejects a bad %s (%j) with 422, its message, and stores nothing', async (field, overrides, message) => {
    const { res } = await submitDonor(overrides);
    expect(res.status).toBe(422);
    expect(res.text).toContain(`<a href="#${field}">${message}`);
    expect(res.text).toContain(`id="${field}-error"`);
    expect(await donorCount()).toBe(0);
  });

  it('rejects a district that belongs to another state', async () => {
    const { res } = await submitDonor({ state_code: 'MH', district_id: String(districtId(app.geo, 'UP', 'Prayagraj')) });
    expect(res.status).toBe(422);
    expect(res.text).toContain('<a href="#district_id">Choose a district of the chosen state');
    expect(await donorCount()).toBe(0);
  });

  it('explains kindly, with the date, when someone is too young to register', async () => {
    const { res } = await submitDonor({ date_of_birth: '2010-09-01' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Donors must be at least 18. You can register from 01/09/2028.');
    expect(await donorCount()).toBe(0);
  });

  it('explains the age limits for people over 65, and for first-time donors over 60', async () => {
    const old = await submitDonor({ date_of_birth: '1955-01-01' });
    expect(old.res.status).toBe(422);
    expect(old.res.text).toContain('Blood donors must be 65 or younger');

    const firstTimer = await submitDonor({ date_of_birth: '1963-01-01' });
    expect(firstTimer.res.status).toBe(422);
    expect(firstTimer.res.text).toContain('First-time donors must be 60 or younger');

    const regular = await submitDonor({ date_of_birth: '1963-01-01', last_donation_on: '2025-12-01' });
    expect(regular.res.status).toBe(303);
    expect(await donorCount()).toBe(1);
  });

  it('explains the weight limit to someone under 45 kg', async () => {
    const { res } = await submitDonor({ weight_kg: '44.5' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('To donate safely you need to weigh at least 45 kg');
    expect(await donorCount()).toBe(0);
  });

  it('with a phone number already registered says so, stores no second row and reveals nothing of the first', async () => {
    expect((await submitDonor()).res.status).toBe(303);
    const { res } = await submitDonor({ full_name: 'Somebody Else', phone: '9876543210', locality: 'Naini' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('This mobile number is already registered as a donor');
    expect(res.text).not.toContain('Ramesh');
    expect(res.text).toContain('value="Somebody Else"');
    expect(await donorCount()).toBe(1);
  });

  it('with the honeypot filled pretends success but stores nothing', async () => {
    const { res } = await submitDonor({ website: 'http://spam.example' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/donors/thanks');
    expect(await donorCount()).toBe(0);
  });

  it('without a valid CSRF token is refused with the 403 page and stores nothing', async () => {
    const agent = browser(app.app);
    await openForm(agent, '/donors/new?lang=en');
    const res = await agent.post('/donors').type('form').send({ ...validDonorForm(app.geo), _csrf: 'forged' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('This form has expired');
    const noSession = await browser(app.app).post('/donors').type('form').send(validDonorForm(app.geo));
    expect(noSession.status).toBe(403);
    expect(await donorCount()).toBe(0);
  });

  it('"Show districts" without JavaScript shows the form again with the state\'s districts and no errors', async () => {
    const { res } = await submitDonor({ action: 'choose_state', state_code: 'MH', district_id: '', full_name: 'Asha' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('>Pune</option>');
    expect(res.text).toContain('value="Asha"');
    expect(res.text).not.toContain('There is a problem');
    expect(await donorCount()).toBe(0);
  });

  it('with a field sent twice or as an array treats it as invalid instead of failing', async () => {
    const agent = browser(app.app);
    const { csrf } = await openForm(agent, '/donors/new?lang=en');
    const body = new URLSearchParams({ ...validDonorForm(app.geo), _csrf: csrf } as Record<string, string>);
    body.append('phone', '9999999999');
    const res = await agent.post('/donors').type('form').send(body.toString());
    expect(res.status).toBe(422);
    expect(res.text).toContain('<a href="#phone">');
    expect(await donorCount()).toBe(0);
  });
});

describe('GET /districts.json', () => {
  it('lists a state\'s districts for the form script, and 404s for an unknown state', async () => {
    const res = await browser(app.app).get('/districts.json?state=UP');
    expect(res.status).toBe(200);
    expect(res.body).toContainEqual({ id: districtId(app.geo, 'UP', 'Prayagraj'), name: 'Prayagraj' });
    expect((await browser(app.app).get('/districts.json?state=ZZ')).status).toBe(404);
  });
});
