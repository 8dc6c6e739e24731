import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  cancelPendingCampMessages, cancelRegistration, donorStanding, refreshCampReminders, registerForCamp, type NewRegistration,
} from '../src/camps/registrations.queries';
import { createPooledDatabase } from '../src/db/pool';
import { eraseDonor } from '../src/me/erasure.queries';
import { fieldMessage, signInAsDonor, smsCode } from './helpers/donor-sign-in';
import { validDonorForm } from './helpers/fixtures';
import { addCamp } from './helpers/public-camp-fixtures';
import { addDonor, addRequest } from './helpers/records';
import { browser, buildTestApp, hiddenValue, openForm, TEST_NOW, type TestApp } from './helpers/test-app';
import { createTestDatabase, usingRealPostgres, type TestDatabase } from './helpers/test-db';

let t: TestDatabase;
let app: TestApp;
type Agent = ReturnType<typeof browser>;

beforeAll(async () => {
  t = await createTestDatabase();
  app = await buildTestApp(t.db, { env: { PUBLIC_BASE_URL: 'https://raktdaan.example.org', DONOR_CODE_RATE_LIMIT: '10000' } });
});
afterAll(async () => {
  app.close();
  await t.drop();
});
beforeEach(async () => {
  await t.db.exec(`delete from camp_registrations; delete from camps; delete from partner_organisations; delete from notifications;
                   delete from donor_login_codes; delete from sessions; delete from donors; delete from blood_requests`);
});

/** A donor in the database, signed in at /me in a browser. */
async function signedInDonor(o: Parameters<typeof addDonor>[2] = {}): Promise<{ id: number; phone: string; agent: Agent }> {
  const id = await addDonor(t.db, app.geo, o);
  const { phone } = await t.db.one<{ phone: string }>('select phone from donors where id = $1', [id]);
  return { id, phone, agent: await signInAsDonor(app, t.db, phone) };
}

/** Presses a button on the camp page, with that page's CSRF token. */
async function press(agent: Agent, campId: number, action: 'register' | 'cancel-registration', fields: Record<string, string> = {}) {
  const page = await agent.get(`/camps/${campId}?lang=en`);
  return agent.post(`/camps/${campId}/${action}`).type('form').send({ ...fields, _csrf: hiddenValue(page.text, '_csrf') });
}

const registrations = (campId: number) =>
  t.db.many('select donor_id::int as donor_id, status, source, for_request_id::int as for_request_id from camp_registrations where camp_id = $1 order by id', [campId]);
const seatsTaken = async (campId: number) => (await t.db.one<{ n: number }>('select registered_count as n from camps where id = $1', [campId])).n;
const campMessages = (donorId: number) =>
  t.db.many<{ template: string; status: string; next_attempt_at: Date; payload: Record<string, unknown>; dedupe_key: string; language: string }>(
    `select template, status, next_attempt_at, payload, dedupe_key, language from notifications
     where donor_id = $1 and template like 'camp_%' order by id`,
    [donorId],
  );

function pageText(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');
}

describe('a signed-in donor reserving a seat', () => {
  it('sees "Reserve my seat", gets the seat, a confirmation SMS now and a reminder at 18:00 the evening before', async () => {
    const campId = await addCamp(t.db, app.geo, { title: 'Civil Lines camp', date: '2026-06-20', startsAt: '09:00', capacity: 30 });
    const { id, agent } = await signedInDonor({ preferred_language: 'en' });

    const page = await agent.get(`/camps/${campId}?lang=en`);
    expect(page.text).toContain(`<form method="post" action="/camps/${campId}/register"`);
    expect(page.text).toContain('I am donating for a patient: request reference');
    expect(page.text).not.toContain('I am new: register as a donor');

    const res = await press(agent, campId, 'register');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/camps/${campId}/registered`);
    const done = pageText((await agent.get(`/camps/${campId}/registered?lang=en`)).text);
    expect(done).toContain('Your seat is reserved');
    expect(done).toContain('A photo identity card.');
    expect(done).toContain('Eat a proper meal in the 3 hours before you donate.');
    expect(done).toContain('Venue Senate Hall, University Road, 211002');
    expect(done).toContain('Cancel my seat');

    expect(await registrations(campId)).toEqual([{ donor_id: id, status: 'registered', source: 'web', for_request_id: null }]);
    expect(await seatsTaken(campId)).toBe(1);
    const messages = await campMessages(id);
    expect(messages.map((m) => [m.template, m.status, m.next_attempt_at.toISOString(), m.language])).toEqual([
      ['camp_registered', 'pending', TEST_NOW.toISOString(), 'en'],
      ['camp_reminder', 'pending', '2026-06-19T12:30:00.000Z', 'en'],
    ]);
    expect(messages[0]!.payload).toEqual({ camp: 'Civil Lines camp', date: '2026-06-20', time: '09:00', venue: 'Senate Hall, University Road', camp_id: campId });
    expect(messages.every((m) => /^camp_(registered|reminder):r\d+:1:sms$/.test(m.dedupe_key))).toBe(true);
    const audit = await t.db.many(`select action, entity_type, entity_id, actor_id, details from audit_events where entity_type = 'camp' and entity_id = $1`, [campId]);
    expect(audit).toEqual([{ action: 'camp_registration_added', entity_type: 'camp', entity_id: campId, actor_id: null, details: { donorId: id, source: 'web' } }]);

    // The camp page now says so, and offers to cancel instead.
    const again = await agent.get(`/camps/${campId}?lang=hi`);
    expect(again.text).toContain('इस शिविर में आपकी जगह पक्की है।');
    expect(again.text).toContain(`action="/camps/${campId}/cancel-registration"`);
    expect(again.text).not.toContain(`action="/camps/${campId}/register"`);
  });

  it('queues the reminder at once when the camp starts within 24 hours', async () => {
    const campId = await addCamp(t.db, app.geo, { date: '2026-06-16', startsAt: '09:00' }); // 21 hours away
    const { id, agent } = await signedInDonor();
    expect((await press(agent, campId, 'register')).status).toBe(303);
    const messages = await campMessages(id);
    expect(messages.map((m) => [m.template, m.next_attempt_at.toISOString(), m.language])).toEqual([
      ['camp_registered', TEST_NOW.toISOString(), 'hi'],
      ['camp_reminder', TEST_NOW.toISOString(), 'hi'],
    ]);
  });

  it('may name the patient\'s request they donate for; only a reference that exists is accepted and nothing of it is shown', async () => {
    const campId = await addCamp(t.db, app.geo);
    const request = await addRequest(t.db, app.geo, { patient_name: 'Sushila Devi' });
    const { id, agent } = await signedInDonor();

    const malformed = await press(agent, campId, 'register', { for_request: 'PM-12' });
    expect(malformed.status).toBe(422);
    expect(fieldMessage(malformed.text, 'for_request')).toBe('Write the reference as it was given to the family, like PM-7K3QX9');
    const unknown = await press(agent, campId, 'register', { for_request: 'PM-ZZZZZZ' });
    expect(unknown.status).toBe(422);
    expect(fieldMessage(unknown.text, 'for_request')).toBe('There is no blood request with this reference. Check it with the family, or leave it empty');
    expect(unknown.text).toContain('value="PM-');
    expect(await registrations(campId)).toEqual([]);
    expect(await seatsTaken(campId)).toBe(0);

    const typed = request.reference.replace('PM-', 'pm ').toLowerCase();
    const res = await press(agent, campId, 'register', { for_request: typed });
    expect(res.status).toBe(303);
    expect(await registrations(campId)).toEqual([{ donor_id: id, status: 'registered', source: 'web', for_request_id: request.id }]);
    const page = await agent.get(`/camps/${campId}/registered?lang=en`);
    expect(page.text).not.toContain('Sushila');
    expect(page.text).not.toContain(request.reference);
  });

  it('registering twice is a friendly "you already have a seat", with one seat and one set of messages', async () => {
    const campId = await addCamp(t.db, app.geo);
    const { id, agent } = await signedInDonor();
    const page = await agent.get(`/camps/${campId}?lang=en`);
    const csrf = hiddenValue(page.text, '_csrf');
    // Two tabs opened before either was submitted.
    for (const _ of [1, 2]) expect((await agent.post(`/camps/${campId}/register`).type('form').send({ _csrf: csrf })).headers.location).toBe(`/camps/${campId}/registered`);
    const shown = await agent.get(`/camps/${campId}/registered?lang=en`);
    expect(shown.text).toContain('You already have a seat at this camp: nothing more to do.');
    expect(await registrations(campId)).toHaveLength(1);
    expect(await seatsTaken(campId)).toBe(1);
    expect(await campMessages(id)).toHaveLength(2);
  });

  it('a full camp shows "Full" and no form; a seat taken meanwhile gets a clear message and nothing is written', async () => {
    const campId = await addCamp(t.db, app.geo, { capacity: 1 });
    const { id, agent } = await signedInDonor();
    const page = await agent.get(`/camps/${campId}?lang=en`);
    await t.db.exec('update camps set registered_count = 1 where id = $1', [campId]);
    const full = await agent.get(`/camps/${campId}?lang=en`);
    expect(pageText(full.text)).toContain('Seats Full');
    expect(full.text).toContain('All seats at this camp are taken.');
    expect(full.text).not.toContain(`action="/camps/${campId}/register"`);

    const late = await agent.post(`/camps/${campId}/register`).type('form').send({ _csrf: hiddenValue(page.text, '_csrf') });
    expect(late.status).toBe(409);
    expect(late.text).toContain('Sorry: the last seat was taken just now. Please look for another camp near you.');
    expect(await registrations(campId)).toEqual([]);
    expect(await seatsTaken(campId)).toBe(1);
    expect(await campMessages(id)).toEqual([]);
  });

  it('cannot register for a past, ended, held or cancelled camp', async () => {
    const { id, agent } = await signedInDonor();
    const csrf = (await openForm(agent, '/me')).csrf;
    const camps = [
      await addCamp(t.db, app.geo, { date: '2026-06-14' }),
      await addCamp(t.db, app.geo, { date: '2026-06-15', startsAt: '08:00', endsAt: '12:00' }), // ended at noon: it is 12:00
      await addCamp(t.db, app.geo, { date: '2026-06-01', status: 'held', units: 20 }),
      await addCamp(t.db, app.geo, { status: 'cancelled' }),
    ];
    for (const campId of camps) {
      const shown = await agent.get(`/camps/${campId}?lang=en`);
      expect(shown.text).not.toContain(`action="/camps/${campId}/register"`);
      const res = await agent.post(`/camps/${campId}/register`).type('form').send({ _csrf: csrf });
      expect(res.status).toBe(409);
      expect(res.text).toContain('This camp is no longer taking registrations.');
    }
    expect(await t.db.one('select count(*)::int as n from camp_registrations')).toEqual({ n: 0 });
    expect(await campMessages(id)).toEqual([]);
  });

  it('a donor whose registration was rejected is told why, kindly; an erased donor\'s open page no longer works; nothing is written', async () => {
    const campId = await addCamp(t.db, app.geo);
    const rejected = await signedInDonor();
    await t.db.exec(`update donors set status = 'rejected', rejection_reason = 'not_genuine', rejected_at = now() where id = $1`, [rejected.id]);
    const res = await press(rejected.agent, campId, 'register');
    expect(res.status).toBe(403);
    expect(res.text).toContain('Your donor registration was not verified, so you cannot reserve a seat.');
    const hi = await rejected.agent.post(`/camps/${campId}/register?lang=hi`).type('form').send({ _csrf: hiddenValue((await rejected.agent.get(`/camps/${campId}`)).text, '_csrf') });
    expect(hi.text).toContain('आपके रक्तदाता पंजीकरण की पुष्टि नहीं हुई थी');

    const erased = await signedInDonor();
    const page = await erased.agent.get(`/camps/${campId}?lang=en`);
    await t.db.withTransaction((tx) => eraseDonor(tx, erased.id, TEST_NOW));
    // Erasure ended the donor's sessions, so the page they had open has expired.
    const late = await erased.agent.post(`/camps/${campId}/register`).type('form').send({ _csrf: hiddenValue(page.text, '_csrf') });
    expect(late.status).toBe(403);
    expect(await erased.agent.get(`/camps/${campId}?lang=en`).then((r) => r.text)).toContain('I am a registered donor: sign in');
    expect(await donorStanding(t.db, erased.id)).toBe('erased');
    expect(await donorStanding(t.db, rejected.id)).toBe('rejected');
    expect(await registrations(campId)).toEqual([]);
    expect(await seatsTaken(campId)).toBe(0);
  });
});

describe('cancelling a seat', () => {
  it('frees the seat and cancels the reminder not sent yet; registering again brings new messages', async () => {
    const campId = await addCamp(t.db, app.geo, { capacity: 5 });
    const { id, agent } = await signedInDonor();
    await press(agent, campId, 'register');
    // The confirmation has gone out already; the reminder waits for the evening before.
    await t.db.exec(`update notifications set status = 'sent', sent_at = now() where template = 'camp_registered'`);

    const res = await press(agent, campId, 'cancel-registration');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/camps/${campId}`);
    expect((await agent.get(`/camps/${campId}?lang=en`)).text).toContain('Your seat has been cancelled. Thank you for letting us know.');
    expect(await registrations(campId)).toEqual([{ donor_id: id, status: 'cancelled', source: 'web', for_request_id: null }]);
    expect(await seatsTaken(campId)).toBe(0);
    expect((await campMessages(id)).map((m) => [m.template, m.status])).toEqual([['camp_registered', 'sent'], ['camp_reminder', 'cancelled']]);
    expect(await t.db.many(`select action, details from audit_events where action = 'camp_registration_cancelled' and entity_id = $1`, [campId])).toEqual([
      { action: 'camp_registration_cancelled', details: { donorId: id, source: 'web' } },
    ]);

    const twice = await press(agent, campId, 'cancel-registration');
    expect(twice.status).toBe(303);
    expect((await agent.get(`/camps/${campId}?lang=en`)).text).toContain('You have no seat at this camp, so there was nothing to cancel.');
    expect(await seatsTaken(campId)).toBe(0);

    await press(agent, campId, 'register');
    expect(await registrations(campId)).toEqual([{ donor_id: id, status: 'registered', source: 'web', for_request_id: null }]);
    expect(await seatsTaken(campId)).toBe(1);
    expect((await campMessages(id)).map((m) => [m.template, m.status, m.dedupe_key.replace(/r\d+/, 'r#')])).toEqual([
      ['camp_registered', 'sent', 'camp_registered:r#:1:sms'],
      ['camp_reminder', 'cancelled', 'camp_reminder:r#:1:sms'],
      ['camp_registered', 'pending', 'camp_registered:r#:2:sms'],
      ['camp_reminder', 'pending', 'camp_reminder:r#:2:sms'],
    ]);
  });

  it('a seat at a camp cancelled since then is not shown as a seat', async () => {
    const campId = await addCamp(t.db, app.geo);
    const { agent } = await signedInDonor();
    await press(agent, campId, 'register');
    await t.db.exec(`update camps set status = 'cancelled', cancelled_reason = 'Blood bank van unavailable' where id = $1`, [campId]);
    const page = pageText((await agent.get(`/camps/${campId}?lang=en`)).text);
    expect(page).toContain('This camp has been cancelled Blood bank van unavailable');
    expect(page).not.toContain('You have a seat at this camp.');
    expect(page).not.toContain('Cancel my seat');
    expect(pageText((await agent.get(`/camps/${campId}/registered?lang=en`)).text)).not.toContain('Your seat is reserved');
  });
});

describe('someone not signed in', () => {
  it('is offered "sign in with my mobile number" or "register as a donor", and comes back to the camp after signing in', async () => {
    const campId = await addCamp(t.db, app.geo);
    const id = await addDonor(t.db, app.geo);
    const { phone } = await t.db.one<{ phone: string }>('select phone from donors where id = $1', [id]);
    const agent = browser(app.app);

    const page = await agent.get(`/camps/${campId}?lang=en`);
    expect(page.text).toContain(`<a class="button" href="/me/login?next=%2Fcamps%2F${campId}">I am a registered donor: sign in with my mobile number</a>`);
    expect(page.text).toContain(`<a class="button button--secondary" href="/donors/new?camp=${campId}">I am new: register as a donor</a>`);
    const hi = await agent.get(`/camps/${campId}?lang=hi`);
    expect(hi.text).toContain('मैं पंजीकृत रक्तदाता हूँ: अपने मोबाइल नंबर से लॉगिन करें');

    // A tab left open after signing out: the form is sent without a donor session.
    const { csrf } = await openForm(agent, '/me/login');
    const anonymous = await agent.post(`/camps/${campId}/register`).type('form').send({ _csrf: csrf });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toBe(`/me/login?next=%2Fcamps%2F${campId}`);

    const login = await openForm(agent, `/me/login?next=%2Fcamps%2F${campId}&lang=en`);
    expect(hiddenValue(login.res.text, 'next')).toBe(`/camps/${campId}`);
    const asked = await agent.post('/me/login').type('form').send({ phone, next: `/camps/${campId}`, _csrf: login.csrf });
    expect(asked.headers.location).toBe('/me/login/code');
    const code = await openForm(agent, '/me/login/code?lang=en');
    const signedIn = await agent.post('/me/login/code').type('form').send({ code: await smsCode(t.db, phone), _csrf: code.csrf });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe(`/camps/${campId}`);
    expect((await agent.get(`/camps/${campId}?lang=en`)).text).toContain('Reserve my seat');
  });

  it('is never sent off the site after signing in', async () => {
    const id = await addDonor(t.db, app.geo);
    const { phone } = await t.db.one<{ phone: string }>('select phone from donors where id = $1', [id]);
    const agent = browser(app.app);
    const login = await openForm(agent, '/me/login?next=%2F%2Fevil.example&lang=en');
    expect(hiddenValue(login.res.text, 'next')).toBe('');
    await agent.post('/me/login').type('form').send({ phone, next: 'https://evil.example/', _csrf: login.csrf });
    const code = await openForm(agent, '/me/login/code?lang=en');
    const signedIn = await agent.post('/me/login/code').type('form').send({ code: await smsCode(t.db, phone), _csrf: code.csrf });
    expect(signedIn.headers.location).toBe('/me');
  });
});

describe('a new donor registering from a camp page', () => {
  async function openDonorForm(agent: Agent, campId: number) {
    const form = await openForm(agent, `/donors/new?camp=${campId}&lang=en`);
    return form;
  }

  it('sees which camp they sign up for, and gets the donor record and the seat in one go', async () => {
    const campId = await addCamp(t.db, app.geo, { title: 'University camp', capacity: 10 });
    const request = await addRequest(t.db, app.geo);
    const agent = browser(app.app);
    const form = await openDonorForm(agent, campId);
    const text = pageText(form.res.text);
    expect(text).toContain('You are signing up for a blood donation camp');
    expect(text).toContain('University camp: 20/06/2026, 09:00–14:00, Senate Hall, University Road, Prayagraj, Uttar Pradesh');
    expect(form.res.text).toContain(`<input type="hidden" name="camp_id" value="${campId}">`);

    const res = await agent.post('/donors').type('form').send({ ...validDonorForm(app.geo), camp_id: String(campId), for_request: request.reference, _csrf: form.csrf });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/donors/thanks?camp=${campId}&seat=registered`);
    const thanks = pageText((await agent.get(`${res.headers.location}&lang=en`)).text);
    expect(thanks).toContain('Thank you for registering');
    expect(thanks).toContain('Your seat is reserved at University camp on 20/06/2026, 09:00–14:00.');

    const donor = await t.db.one<{ id: number; status: string }>(`select id, status from donors where phone = '+919876543210'`);
    expect(donor.status).toBe('pending_verification');
    expect(await registrations(campId)).toEqual([{ donor_id: donor.id, status: 'registered', source: 'web', for_request_id: request.id }]);
    expect(await seatsTaken(campId)).toBe(1);
    expect((await campMessages(donor.id)).map((m) => m.template)).toEqual(['camp_registered', 'camp_reminder']);
  });

  it('is still registered as a donor when the camp filled up or closed meanwhile, and the thanks page says so plainly', async () => {
    for (const [change, expected] of [
      ['update camps set registered_count = capacity where id = $1', 'filled up while you were registering, so we could not reserve a seat for you'],
      [`update camps set status = 'cancelled', cancelled_reason = 'Rain' where id = $1`, 'is no longer taking registrations, so we could not reserve a seat for you'],
    ] as const) {
      await t.db.exec('delete from donors');
      const campId = await addCamp(t.db, app.geo, { title: 'Busy camp', capacity: 3 });
      const agent = browser(app.app);
      const form = await openDonorForm(agent, campId);
      await t.db.exec(change, [campId]);
      const res = await agent.post('/donors').type('form').send({ ...validDonorForm(app.geo), camp_id: String(campId), _csrf: form.csrf });
      expect(res.status).toBe(303);
      const thanks = pageText((await agent.get(`${res.headers.location}&lang=en`)).text);
      expect(thanks).toContain('Thank you for registering');
      expect(thanks).toContain(expected);
      expect(thanks).toContain('Your donor registration is saved.');
      expect(await t.db.one(`select count(*)::int as n from donors where phone = '+919876543210'`)).toEqual({ n: 1 });
      expect(await registrations(campId)).toEqual([]);
      const hi = pageText((await agent.get(`${res.headers.location}&lang=hi`)).text);
      expect(hi).toContain('आपका रक्तदाता पंजीकरण सहेज लिया गया है।');
    }
  });

  it('a mistake anywhere re-renders everything with the camp kept; an unknown reference stores nothing', async () => {
    const campId = await addCamp(t.db, app.geo);
    const agent = browser(app.app);
    const form = await openDonorForm(agent, campId);
    const res = await agent
      .post('/donors')
      .type('form')
      .send({ ...validDonorForm(app.geo, { weight_kg: '30' }), camp_id: String(campId), for_request: 'PM-ZZZZZZ', _csrf: form.csrf });
    expect(res.status).toBe(422);
    expect(res.text).toContain('<a href="#for_request">There is no blood request with this reference.');
    expect(res.text).toContain('<a href="#weight_kg">');
    expect(res.text).toContain(`<input type="hidden" name="camp_id" value="${campId}">`);
    expect(res.text).toContain('value="PM-ZZZZZZ"');

    const onlyReference = await agent.post('/donors').type('form').send({ ...validDonorForm(app.geo), camp_id: String(campId), for_request: 'PM-ZZZZZZ', _csrf: form.csrf });
    expect(onlyReference.status).toBe(422);
    expect(fieldMessage(onlyReference.text, 'for_request')).toContain('There is no blood request with this reference');
    expect(await t.db.one('select count(*)::int as n from donors')).toEqual({ n: 0 });
    expect(await registrations(campId)).toEqual([]);
  });

  it('a number already registered is refused as before, and no seat is taken', async () => {
    const campId = await addCamp(t.db, app.geo);
    await addDonor(t.db, app.geo, { phone: '+919876543210' });
    const agent = browser(app.app);
    const form = await openDonorForm(agent, campId);
    const res = await agent.post('/donors').type('form').send({ ...validDonorForm(app.geo), camp_id: String(campId), _csrf: form.csrf });
    expect(res.status).toBe(422);
    expect(res.text).toContain(`<input type="hidden" name="camp_id" value="${campId}">`);
    expect(await registrations(campId)).toEqual([]);
    expect(await seatsTaken(campId)).toBe(0);
  });

  it('a camp that no longer takes registrations is not offered on the form', async () => {
    const closed = await addCamp(t.db, app.geo, { status: 'cancelled' });
    const page = await browser(app.app).get(`/donors/new?camp=${closed}&lang=en`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('name="camp_id"');
    const unknown = await browser(app.app).get('/donors/new?camp=abc&lang=en');
    expect(unknown.status).toBe(200);
  });
});

describe('registerForCamp and cancelRegistration, as other pages call them', () => {
  const base = (campId: number, donorId: number): NewRegistration => ({ campId, donorId, source: 'web', at: TEST_NOW });

  it('the last seat goes to exactly one of two donors', async () => {
    const campId = await addCamp(t.db, app.geo, { capacity: 1 });
    const [a, b] = [await addDonor(t.db, app.geo), await addDonor(t.db, app.geo)];
    const results = [];
    for (const donor of [a, b]) results.push(await t.db.withTransaction((tx) => registerForCamp(tx, base(campId, donor))));
    expect(results).toEqual(['registered', 'full']);
    expect(await seatsTaken(campId)).toBe(1);
    expect(await registrations(campId)).toHaveLength(1);
  });

  it.runIf(usingRealPostgres)('in two concurrent transactions on real PostgreSQL: one seat, one "full", never more seats than capacity', async () => {
    const campId = await addCamp(t.db, app.geo, { capacity: 1 });
    const [a, b] = [await addDonor(t.db, app.geo), await addDonor(t.db, app.geo)];
    const other = createPooledDatabase({ connectionString: t.url, max: 2, kind: 'postgres' });
    try {
      const attempt = (db: typeof t.db, donorId: number) =>
        db.withTransaction(async (tx) => {
          const outcome = await registerForCamp(tx, base(campId, donorId));
          // Hold the camp row while the other transaction tries for the same seat.
          await tx.exec('select pg_sleep(0.3)');
          return outcome;
        });
      const results = await Promise.all([attempt(t.db, a), attempt(other, b)]);
      expect(results.sort()).toEqual(['full', 'registered']);
      expect(await seatsTaken(campId)).toBe(1);
      expect(await t.db.one('select count(*)::int as n from camp_registrations where camp_id = $1', [campId])).toEqual({ n: 1 });

      // The same donor in two tabs at once: one seat, and the loser gives back what it took.
      const twice = await addCamp(t.db, app.geo, { capacity: 5 });
      const again = await Promise.all([
        t.db.withTransaction(async (tx) => { const r = await registerForCamp(tx, base(twice, a)); await tx.exec('select pg_sleep(0.3)'); return r; }),
        other.withTransaction((tx) => registerForCamp(tx, base(twice, a))),
      ]);
      expect(again.sort()).toEqual(['already', 'registered']);
      expect(await seatsTaken(twice)).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('walk-ins are never refused for capacity and do not take a counted seat; only a cancelled camp refuses them', async () => {
    const campId = await addCamp(t.db, app.geo, { capacity: 1, registered: 1, date: '2026-06-15', startsAt: '08:00', endsAt: '11:00' });
    const donor = await addDonor(t.db, app.geo);
    const walkIn = { ...base(campId, donor), source: 'walk_in' as const };
    expect(await t.db.withTransaction((tx) => registerForCamp(tx, walkIn))).toBe('registered');
    expect(await t.db.withTransaction((tx) => registerForCamp(tx, walkIn))).toBe('already');
    expect(await seatsTaken(campId)).toBe(1);
    expect(await campMessages(donor)).toEqual([]);
    expect(await t.db.withTransaction((tx) => cancelRegistration(tx, { campId, donorId: donor, at: TEST_NOW }))).toBe('cancelled');
    expect(await seatsTaken(campId)).toBe(1);
    const cancelled = await addCamp(t.db, app.geo, { status: 'cancelled' });
    expect(await t.db.withTransaction((tx) => registerForCamp(tx, { ...walkIn, campId: cancelled }))).toBe('closed');
  });

  it('a camp moved or cancelled by its organisers: pending reminders follow the new details, or are cancelled', async () => {
    const campId = await addCamp(t.db, app.geo, { date: '2026-06-20' });
    const donors = [await addDonor(t.db, app.geo), await addDonor(t.db, app.geo)];
    for (const d of donors) await t.db.withTransaction((tx) => registerForCamp(tx, base(campId, d)));
    await t.db.exec(`update camps set camp_date = '2026-06-27', starts_at = '10:00', venue = 'Police Lines Ground' where id = $1`, [campId]);
    expect(await t.db.withTransaction((tx) => refreshCampReminders(tx, campId, TEST_NOW))).toBe(2);
    const reminder = (await campMessages(donors[0]!)).find((m) => m.template === 'camp_reminder')!;
    expect(reminder.next_attempt_at.toISOString()).toBe('2026-06-26T12:30:00.000Z');
    expect(reminder.payload).toMatchObject({ date: '2026-06-27', time: '10:00', venue: 'Police Lines Ground' });

    expect(await t.db.withTransaction((tx) => cancelPendingCampMessages(tx, campId, TEST_NOW))).toBe(4);
    expect(await t.db.one(`select count(*)::int as n from notifications where status = 'pending'`)).toEqual({ n: 0 });
  });

  it('shortens a long title and venue so that the SMS stays short', async () => {
    const campId = await addCamp(t.db, app.geo, { title: 'A'.repeat(150), venue: 'B'.repeat(300) });
    const donor = await addDonor(t.db, app.geo);
    await t.db.withTransaction((tx) => registerForCamp(tx, base(campId, donor)));
    const [message] = await campMessages(donor);
    expect(String(message!.payload.camp)).toHaveLength(60);
    expect(String(message!.payload.venue)).toHaveLength(80);
    expect(String(message!.payload.venue).endsWith('…')).toBe(true);
  });
});
