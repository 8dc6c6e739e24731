import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccount, signIn } from './helpers/accounts';
import { askForCode, enterCode, fieldMessage, postFrom, signInAsDonor, smsCode } from './helpers/donor-sign-in';
import { districtId } from './helpers/fixtures';
import { addDonor, addRequest, uniquePhone } from './helpers/records';
import { browser, buildTestApp, openForm, textOf, TEST_NOW, type TestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { pincodeLocation } from '../src/geo/pincode-location';

let t: TestDatabase;
let app: TestApp;
let clock = TEST_NOW;
const at = (minutes: number) => new Date(TEST_NOW.getTime() + minutes * 60_000);
let volunteerId: number;

beforeAll(async () => {
  t = await createTestDatabase();
  app = await buildTestApp(t.db, { now: () => clock, env: { DONOR_CODE_RATE_LIMIT: '10000' } });
  volunteerId = await createAccount(t.db, app.geo, { username: 'prayagraj-1', state: 'UP', districts: ['Prayagraj'] });
});
afterAll(async () => {
  app.close();
  await t.drop();
});
beforeEach(async () => {
  clock = TEST_NOW;
  await t.db.exec(
    'delete from sessions; delete from donor_login_codes; delete from notifications; delete from donations; delete from contact_attempts; delete from blood_requests; delete from donors',
  );
});

/** A donor as a volunteer left them: verified, with an email and Hindi messages. */
async function verifiedDonor(overrides: Parameters<typeof addDonor>[2] = {}) {
  const phone = uniquePhone();
  const id = await addDonor(t.db, app.geo, { phone, full_name: 'Sunil Kumar Verma', email: 'sunil@example.org', verified_by: volunteerId, verified_at: at(-60 * 24 * 30), ...overrides });
  return { id, phone: overrides.phone ?? phone };
}

const donorRow = (id: number) =>
  t.db.one<Record<string, unknown>>('select * from donors where id = $1', [id]);

describe('signing in with a one-time code', () => {
  it('a registered donor asks for a code, gets one SMS, and signs in with it to see their record', async () => {
    const { id, phone } = await verifiedDonor();
    const agent = browser(app.app);
    const asked = await askForCode(agent, `0${phone.slice(3, 8)} ${phone.slice(8)}`);
    expect(asked.status).toBe(303);
    expect(asked.headers.location).toBe('/me/login/code');

    const page = await agent.get('/me/login/code?lang=en');
    expect(page.text).toContain(`If +91 ${phone.slice(3, 8)} ${phone.slice(8)} is registered as a donor, we have sent a 6-digit code to it by SMS. The code works for 10 minutes.`);

    const sms = await t.db.many<{ channel: string; recipient: string; language: string; donor_id: number; status: string }>(
      "select channel, recipient, language, donor_id, status from notifications where template = 'login_code'",
    );
    expect(sms).toEqual([{ channel: 'sms', recipient: phone, language: 'hi', donor_id: id, status: 'pending' }]);

    const code = await smsCode(t.db, phone);
    expect(code).toMatch(/^\d{6}$/);
    // Typed with a space, as people read it off the SMS.
    const res = await enterCode(agent, `${code.slice(0, 3)} ${code.slice(3)}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/me');
    const me = await agent.get('/me?lang=en');
    expect(me.status).toBe(200);
    expect(me.text).toContain('Namaste, Sunil Kumar Verma');
    const [row] = await t.db.many<{ consumed_at: Date | null; attempts: number }>('select consumed_at, attempts from donor_login_codes');
    expect(row).toEqual({ consumed_at: TEST_NOW, attempts: 0 });
  });

  it('accepts the number in Devanagari digits with +91, and the code in Devanagari digits too', async () => {
    const { phone } = await verifiedDonor({ phone: '+919876543210' });
    const agent = browser(app.app);
    expect((await askForCode(agent, '+९१ ९८७६५ ४३२१०')).status).toBe(303);
    const code = await smsCode(t.db, phone);
    const devanagari = code.replace(/\d/g, (d) => String.fromCharCode(0x0966 + Number(d)));
    expect((await enterCode(agent, devanagari)).headers.location).toBe('/me');
  });

  it('keeps only a keyed hash of the code: its digits are nowhere in donor_login_codes', async () => {
    const { phone } = await verifiedDonor();
    await askForCode(browser(app.app), phone);
    const code = await smsCode(t.db, phone);
    const rows = await t.db.many<{ row: string }>('select to_jsonb(c)::text as row from donor_login_codes c');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.row).not.toContain(code);
    expect(rows[0]!.row).toMatch(/"code_hash": "v1\$[\w-]+\$[\w-]{43}"/);
  });

  it('an unregistered number gets the same answers as a registered one, and no SMS is queued', async () => {
    const { phone: registered } = await verifiedDonor();
    const unregistered = uniquePhone();
    const pages: string[] = [];
    for (const phone of [registered, unregistered]) {
      const agent = browser(app.app);
      const asked = await askForCode(agent, phone);
      expect(asked.status).toBe(303);
      expect(asked.headers.location).toBe('/me/login/code');
      const page = await agent.get('/me/login/code?lang=en');
      pages.push(page.text.replaceAll(`+91 ${phone.slice(3, 8)} ${phone.slice(8)}`, 'NUMBER').replaceAll(phone, 'NUMBER').replace(/value="[^"]{20,}"/g, ''));
      const wrong = await enterCode(agent, '000000');
      expect(wrong.status).toBe(422);
    }
    expect(pages[1]).toBe(pages[0]);
    expect(await t.db.many('select 1 from notifications where recipient = $1', [unregistered])).toEqual([]);
    // Counted all the same, so the per-number limit cannot tell the two apart either.
    expect(await t.db.many('select phone from donor_login_codes order by id')).toEqual([{ phone: registered }, { phone: unregistered }]);
  });

  it('a code works for ten minutes: at 9 min 59 s it signs in, at exactly 10 min it has expired', async () => {
    const { phone } = await verifiedDonor();
    const early = browser(app.app);
    await askForCode(early, phone);
    clock = new Date(at(10).getTime() - 1000);
    expect((await enterCode(early, await smsCode(t.db, phone))).headers.location).toBe('/me');

    clock = at(20);
    const late = browser(app.app);
    await askForCode(late, phone);
    clock = at(30);
    const res = await enterCode(late, await smsCode(t.db, phone));
    expect(res.status).toBe(422);
    expect(fieldMessage(res.text, 'code')).toContain('This code has expired or has already been used. Ask for a new code below.');
    expect((await late.get('/me')).headers.location).toBe('/me/login');
  });

  it('five wrong codes kill the code: even the right one fails afterwards', async () => {
    const { phone } = await verifiedDonor();
    const agent = browser(app.app);
    await askForCode(agent, phone);
    const code = await smsCode(t.db, phone);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    for (const left of [4, 3, 2, 1]) {
      const res = await enterCode(agent, wrong);
      expect(res.status).toBe(422);
      expect(fieldMessage(res.text, 'code')).toContain(`(tries left: ${left})`);
    }
    const fifth = await enterCode(agent, wrong);
    expect(fieldMessage(fifth.text, 'code')).toContain('The code was entered wrongly too many times and no longer works.');
    const right = await enterCode(agent, code);
    expect(right.status).toBe(422);
    expect(fieldMessage(right.text, 'code')).toContain('no longer works');
    expect(await t.db.one('select attempts, consumed_at from donor_login_codes')).toEqual({ attempts: 5, consumed_at: null });
    expect((await agent.get('/me')).headers.location).toBe('/me/login');
  });

  it('a new code makes the older one stop working, and a code works only once', async () => {
    const { phone } = await verifiedDonor();
    const first = browser(app.app);
    await askForCode(first, phone);
    const oldCode = await smsCode(t.db, phone);
    const second = browser(app.app);
    await askForCode(second, phone);
    const newCode = await smsCode(t.db, phone);

    if (oldCode !== newCode) {
      const stale = await enterCode(first, oldCode);
      expect(stale.status).toBe(422);
      expect(fieldMessage(stale.text, 'code')).toContain('This code is not right');
    }
    expect((await enterCode(second, newCode)).headers.location).toBe('/me');
    // The first browser still waits for a code for this number; the used one does not work twice.
    const reused = await enterCode(first, newCode);
    expect(reused.status).toBe(422);
    expect(fieldMessage(reused.text, 'code')).toContain('has already been used');
  });

  it('allows 3 codes per number in 15 minutes and 10 a day, the same for unregistered numbers', async () => {
    const { phone } = await verifiedDonor();
    for (const number of [phone, uniquePhone()]) {
      clock = TEST_NOW;
      const agent = browser(app.app);
      for (let i = 0; i < 3; i++) expect((await askForCode(agent, number)).status).toBe(303);
      const refused = await askForCode(agent, number);
      expect(refused.status).toBe(429);
      expect(fieldMessage(refused.text, 'phone')).toContain('Too many codes have been asked for this number. For your safety, please try again after 15/06/2026 12:15.');
      expect(await t.db.one('select count(*)::int as n from donor_login_codes where phone = $1', [number])).toEqual({ n: 3 });

      // Spread over the day, seven more are allowed; the eleventh in 24 hours is not.
      for (let i = 1; i <= 7; i++) {
        clock = at(15 * i + 1);
        expect((await askForCode(agent, number)).status).toBe(303);
      }
      clock = at(15 * 8 + 1);
      const daily = await askForCode(agent, number);
      expect(daily.status).toBe(429);
      expect(fieldMessage(daily.text, 'phone')).toContain('try again after 16/06/2026 12:00');
    }
    expect(await t.db.one("select count(*)::int as n from notifications where template = 'login_code'")).toEqual({ n: 10 });
  });

  it('limits code requests per address (DONOR_CODE_RATE_LIMIT)', async () => {
    // Counts are kept in the database, shared with this file's other apps: this address is the test's own.
    const limited = await buildTestApp(t.db, { now: () => clock, env: { DONOR_CODE_RATE_LIMIT: '2', TRUST_PROXY: '1' }, geo: app.geo });
    try {
      const agent = browser(limited.app).set('X-Forwarded-For', '203.0.113.23');
      expect((await askForCode(agent, uniquePhone())).status).toBe(303);
      expect((await askForCode(agent, uniquePhone())).status).toBe(303);
      const third = await askForCode(agent, uniquePhone());
      expect(third.status).toBe(429);
      expect(third.text).toContain('Please wait a few minutes before trying again.');
    } finally {
      limited.close();
    }
  });

  it('explains a malformed number or code with 422, keeping what was typed', async () => {
    const agent = browser(app.app);
    const bad = await askForCode(agent, '12345');
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('value="12345"');
    expect(fieldMessage(bad.text, 'phone')).toContain('Enter a 10-digit Indian mobile number');
    await askForCode(agent, uniquePhone());
    const badCode = await enterCode(agent, '12ab5');
    expect(badCode.status).toBe(422);
    expect(fieldMessage(badCode.text, 'code')).toContain('Enter the 6 digits from the SMS');
    expect(await t.db.one('select attempts from donor_login_codes')).toEqual({ attempts: 0 });
  });

  it('GET /me/login/code without asking first goes back to the number', async () => {
    const res = await browser(app.app).get('/me/login/code');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/me/login');
  });
});

describe('the donor session', () => {
  it('sends anyone not signed in from /me pages to /me/login', async () => {
    for (const path of ['/me', '/me/contact', '/me/location', '/me/health', '/me/donations/new', '/me/data.json', '/me/data.csv', '/me/erase', '/me/anything']) {
      const res = await browser(app.app).get(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.location, path).toBe('/me/login');
    }
    const agent = browser(app.app);
    const post = await postFrom(agent, '/me/login', '/me/pause', { paused_until: '' });
    expect(post.headers.location).toBe('/me/login');
  });

  it('a new session id at sign-in; ends after the idle time, with a message', async () => {
    const { phone } = await verifiedDonor();
    const agent = browser(app.app);
    const before = (await openForm(agent, '/me/login')).res.headers['set-cookie'];
    await askForCode(agent, phone);
    const signedIn = await enterCode(agent, await smsCode(t.db, phone));
    expect(signedIn.headers['set-cookie']?.[0]?.split(';')[0]).not.toBe(before?.[0]?.split(';')[0]);
    clock = at(29);
    expect((await agent.get('/me')).status).toBe(200);
    clock = at(29 + 31);
    const ended = await agent.get('/me');
    expect(ended.headers.location).toBe('/me/login');
    expect((await agent.get('/me/login?lang=en')).text).toContain('You were signed out because the page was not used for a while.');
  });

  it('signing out ends the donor session', async () => {
    const { phone } = await verifiedDonor();
    const agent = await signInAsDonor(app, t.db, phone);
    const out = await postFrom(agent, '/me', '/me/logout');
    expect(out.headers.location).toBe('/me/login?signed_out=1');
    expect((await agent.get('/me')).headers.location).toBe('/me/login');
  });

  it('a volunteer who is also a donor keeps both sign-ins in one browser', async () => {
    const { phone } = await verifiedDonor();
    const agent = browser(app.app);
    expect((await signIn(agent, 'prayagraj-1')).status).toBe(303);
    await signInAsDonor(app, t.db, phone, agent);
    expect((await agent.get('/volunteer')).status).toBe(200);
    expect((await agent.get('/me')).status).toBe(200);
    await postFrom(agent, '/me', '/me/logout');
    expect((await agent.get('/me')).headers.location).toBe('/me/login');
    expect((await agent.get('/volunteer')).status).toBe(200);
  });
});

describe('GET /me: the donor\'s own record', () => {
  it('shows their details, what verification means for them, and that they can donate now', async () => {
    const { phone } = await verifiedDonor();
    const agent = await signInAsDonor(app, t.db, phone);
    const res = await agent.get('/me?lang=en');
    expect(res.text).toContain('Verified donor');
    expect(res.text).toContain('A Police Mitra volunteer verified your details on 16/05/2026.');
    expect(res.text).toContain('B+');
    expect(textOf(res.text, 'my-phone')).toBe(`+91 ${phone.slice(3, 8)} ${phone.slice(8)}`);
    expect(textOf(res.text, 'my-district')).toBe('Prayagraj, Uttar Pradesh');
    expect(textOf(res.text, 'next-eligible')).toBe('You can donate now.');
    expect(textOf(res.text, 'availability')).toContain('Yes: volunteers may call you');
    const hindi = await agent.get('/me?lang=hi');
    expect(hindi.text).toContain('पुष्टि किए गए रक्तदाता');
    expect(hindi.text).toContain('आप अभी रक्तदान कर सकते हैं।');
  });

  it('explains a pending and a rejected registration in plain words', async () => {
    const pending = await addDonor(t.db, app.geo, { phone: uniquePhone() });
    const pendingPhone = (await donorRow(pending)).phone as string;
    const res = await (await signInAsDonor(app, t.db, pendingPhone)).get('/me?lang=en');
    expect(res.text).toContain('Waiting for a volunteer&#39;s call');
    expect(res.text).toContain('Until then you will not be asked to donate.');

    const rejected = await addDonor(t.db, app.geo, { phone: uniquePhone() });
    await t.db.exec("update donors set status = 'rejected', rejected_at = now(), rejected_by = $2, rejection_reason = 'wrong_number' where id = $1", [rejected, volunteerId]);
    const rejectedPhone = (await donorRow(rejected)).phone as string;
    const page = await (await signInAsDonor(app, t.db, rejectedPhone)).get('/me?lang=en');
    expect(page.text).toContain('Registration not accepted');
    expect(page.text).toContain('Reason: Wrong number');
  });
});

describe('pausing requests', () => {
  it('pauses until a date, shows it, and resumes', async () => {
    const { id, phone } = await verifiedDonor();
    const agent = await signInAsDonor(app, t.db, phone);
    const res = await postFrom(agent, '/me?lang=en', '/me/pause', { paused_until: '30/06/2026' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/me');
    expect(await donorRow(id)).toMatchObject({ paused: true, paused_until: '2026-06-30' });
    const page = await agent.get('/me?lang=en');
    expect(page.text).toContain('Requests paused up to and including 30/06/2026.');
    expect(textOf(page.text, 'availability')).toBe('No: you have paused requests up to and including 30/06/2026.');

    expect((await postFrom(agent, '/me', '/me/resume')).headers.location).toBe('/me');
    expect(await donorRow(id)).toMatchObject({ paused: false, paused_until: null });
    expect((await agent.get('/me?lang=en')).text).toContain('Welcome back!');
  });

  it('pauses with no date until resumed', async () => {
    const { id, phone } = await verifiedDonor();
    const agent = await signInAsDonor(app, t.db, phone);
    await postFrom(agent, '/me', '/me/pause', { paused_until: '' });
    expect(await donorRow(id)).toMatchObject({ paused: true, paused_until: null });
    expect(textOf((await agent.get('/me?lang=en')).text, 'availability')).toBe('No: you have paused requests until you resume them.');
  });

  it('refuses a date that is today or past, or not a date, with 422 and nothing changed', async () => {
    const { id, phone } = await verifiedDonor();
    const agent = await signInAsDonor(app, t.db, phone);
    for (const [value, message] of [['15/06/2026', 'Choose a date after today'], ['01/01/2026', 'Choose a date after today'], ['31/02/2026', 'Enter a real date']]) {
      const res = await postFrom(agent, '/me?lang=en', '/me/pause', { paused_until: value! });
      expect(res.status).toBe(422);
      expect(fieldMessage(res.text, 'paused_until')).toContain(message);
      expect(res.text).toContain(`value="${value}"`);
      expect(res.text).toContain('<a href="#paused_until">');
    }
    expect(await donorRow(id)).toMatchObject({ paused: false, paused_until: null });
  });
});

describe('eligibility reminders', () => {
  it('turns the reminder on and off', async () => {
    const { id, phone } = await verifiedDonor();
    const agent = await signInAsDonor(app, t.db, phone);
    await postFrom(agent, '/me', '/me/reminders', { reminder_opt_in: 'yes' });
    expect(await donorRow(id)).toMatchObject({ reminder_opt_in: true });
    expect(textOf((await agent.get('/me?lang=en')).text, 'reminders')).toContain('On: we will send you an SMS');
    await postFrom(agent, '/me', '/me/reminders', { reminder_opt_in: 'no' });
    expect(await donorRow(id)).toMatchObject({ reminder_opt_in: false });
    const bad = await postFrom(agent, '/me?lang=en', '/me/reminders', { reminder_opt_in: 'maybe' });
    expect(bad.status).toBe(422);
    expect(fieldMessage(bad.text, 'reminder_opt_in')).toBe('Choose whether you want reminders');
  });
});

describe('contact details', () => {
  it('changes email and language without touching verification', async () => {
    const { id, phone } = await verifiedDonor();
    const agent = await signInAsDonor(app, t.db, phone);
    const form = await agent.get('/me/contact?lang=en');
    expect(form.text).toContain(`value="+91 ${phone.slice(3, 8)} ${phone.slice(8)}"`);
    expect(form.text).toContain('value="sunil@example.org"');
    const res = await postFrom(agent, '/me/contact?lang=en', '/me/contact', { phone, email: 'sunil.verma@example.in', preferred_language: 'en' });
    expect(res.headers.location).toBe('/me');
    expect(await donorRow(id)).toMatchObject({ email: 'sunil.verma@example.in', preferred_language: 'en', phone, status: 'verified', verified_by: volunteerId });
    expect((await agent.get('/me?lang=en')).text).toContain('Your contact details have been saved.');
  });

  it('a new phone number sends the donor back to a volunteer for verification', async () => {
    const { id, phone } = await verifiedDonor();
    const agent = await signInAsDonor(app, t.db, phone);
    const res = await postFrom(agent, '/me/contact', '/me/contact', { phone: '०९१२३ ४५६७८९', email: '', preferred_language: 'hi' });
    expect(res.headers.location).toBe('/me');
    expect(await donorRow(id)).toMatchObject({ phone: '+919123456789', email: null, status: 'pending_verification', verified_at: null, verified_by: null });
    const page = await agent.get('/me?lang=en');
    expect(page.text).toContain('A volunteer will call it to verify your details again');
    expect(page.text).toContain('Waiting for a volunteer&#39;s call');
    const queue = await (async () => {
      const volunteer = browser(app.app);
      await signIn(volunteer, 'prayagraj-1');
      return volunteer.get('/volunteer?lang=en');
    })();
    expect(queue.text).toContain(`/volunteer/donors/${id}"`);
  });

  it('refuses a number another donor has, and bad input, with 422, the values kept and nothing changed', async () => {
    const { id, phone } = await verifiedDonor();
    const other = await verifiedDonor();
    const agent = await signInAsDonor(app, t.db, phone);
    const taken = await postFrom(agent, '/me/contact?lang=en', '/me/contact', { phone: other.phone, email: 'new@example.org', preferred_language: 'en' });
    expect(taken.status).toBe(422);
    expect(fieldMessage(taken.text, 'phone')).toBe('This mobile number is registered to another donor. Enter a different number, or call the helpline.');
    expect(taken.text).toContain('value="new@example.org"');
    const bad = await postFrom(agent, '/me/contact?lang=en', '/me/contact', { phone: '5551234', email: 'not-an-email', preferred_language: 'fr' });
    expect(bad.status).toBe(422);
    expect(fieldMessage(bad.text, 'phone')).toContain('Enter a 10-digit Indian mobile number');
    expect(fieldMessage(bad.text, 'email')).toContain('Enter an email address like name@example.com');
    expect(fieldMessage(bad.text, 'preferred_language')).toBe('Choose Hindi or English');
    expect(await donorRow(id)).toMatchObject({ phone, email: 'sunil@example.org', preferred_language: 'hi', status: 'verified' });
  });
});

describe('where the donor lives', () => {
  it('moves to another district and PIN code, with coordinates from the PIN code', async () => {
    const { id, phone } = await verifiedDonor();
    const agent = await signInAsDonor(app, t.db, phone);
    const lucknow = districtId(app.geo, 'UP', 'Lucknow');
    const res = await postFrom(agent, '/me/location', '/me/location', { state_code: 'UP', district_id: String(lucknow), locality: 'Gomti Nagar', pincode: '२२६०१०', website: '' });
    expect(res.headers.location).toBe('/me');
    const expected = pincodeLocation('226010');
    expect(expected).toBeDefined();
    expect(await donorRow(id)).toMatchObject({ district_id: lucknow, locality: 'Gomti Nagar', pincode: '226010', latitude: expected!.latitude, longitude: expected!.longitude, status: 'verified' });
    expect(textOf((await agent.get('/me?lang=en')).text, 'my-district')).toBe('Lucknow, Uttar Pradesh');
  });

  it('without JavaScript, "show districts" reloads the form with the chosen state\'s districts', async () => {
    const { phone } = await verifiedDonor();
    const agent = await signInAsDonor(app, t.db, phone);
    const res = await postFrom(agent, '/me/location?lang=en', '/me/location', { state_code: 'MH', district_id: '', locality: 'Kothrud', pincode: '411038', action: 'choose_state' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('>Pune</option>');
    expect(res.text).toContain('value="Kothrud"');
  });

  it('refuses a district outside the state and a bad PIN code with 422', async () => {
    const { id, phone } = await verifiedDonor();
    const agent = await signInAsDonor(app, t.db, phone);
    const res = await postFrom(agent, '/me/location?lang=en', '/me/location', { state_code: 'MH', district_id: String(districtId(app.geo, 'UP', 'Lucknow')), locality: 'X', pincode: '012345' });
    expect(res.status).toBe(422);
    expect(fieldMessage(res.text, 'district_id')).toBe('Choose a district of the chosen state');
    expect(fieldMessage(res.text, 'locality')).toBe('Write at least 2 characters');
    expect(fieldMessage(res.text, 'pincode')).toBe('Enter a 6-digit PIN code, like 211001');
    expect(await donorRow(id)).toMatchObject({ state_code: 'UP', locality: 'Civil Lines', pincode: '211001' });
  });
});

describe('a donation made elsewhere', () => {
  it('is recorded as self-reported and moves the next eligible date, with the reason shown', async () => {
    const { id, phone } = await verifiedDonor();
    const agent = await signInAsDonor(app, t.db, phone);
    const res = await postFrom(agent, '/me/donations/new', '/me/donations', { donated_on: '01/06/2026', units: '1', component: 'whole_blood', place: 'Kamla Nehru Blood Bank' });
    expect(res.headers.location).toBe('/me');
    expect(await t.db.many('select donated_on, units, component, place, source, request_id from donations where donor_id = $1', [id])).toEqual([
      { donated_on: '2026-06-01', units: 1, component: 'whole_blood', place: 'Kamla Nehru Blood Bank', source: 'self_reported', request_id: null },
    ]);
    // A man waits 90 days after whole blood.
    expect(await donorRow(id)).toMatchObject({ donation_count: 1, last_donation_on: '2026-06-01', eligible_from: '2026-08-30' });
    const page = await agent.get('/me?lang=en');
    expect(page.text).toContain('Thank you! Your donation of 01/06/2026 has been saved.');
    expect(textOf(page.text, 'next-eligible')).toBe('You can donate again from 30/08/2026.');
    expect(page.text).toContain('You donated recently. Your body needs time to make new blood: you can donate again from 30/08/2026.');
    expect(page.text).toContain('Kamla Nehru Blood Bank');
    expect(page.text).toContain('Donations on record: 1.');
  });

  it('refuses a future date, a date before birth, 3 units and no component, with 422 and nothing stored', async () => {
    const { id, phone } = await verifiedDonor();
    const agent = await signInAsDonor(app, t.db, phone);
    const future = await postFrom(agent, '/me/donations/new?lang=en', '/me/donations', { donated_on: '16/06/2026', units: '3', place: 'X' });
    expect(future.status).toBe(422);
    expect(fieldMessage(future.text, 'donated_on')).toBe('This date cannot be in the future');
    expect(fieldMessage(future.text, 'units')).toBe('Enter 1 or 2 units');
    expect(fieldMessage(future.text, 'component')).toBe('Choose what the doctor asked for');
    expect(fieldMessage(future.text, 'place')).toBe('Write at least 2 characters');
    const beforeBirth = await postFrom(agent, '/me/donations/new?lang=en', '/me/donations', { donated_on: '1989-01-01', units: '1', component: 'plasma' });
    expect(fieldMessage(beforeBirth.text, 'donated_on')).toBe('This date is before your date of birth');
    expect(await t.db.many('select 1 from donations where donor_id = $1', [id])).toEqual([]);
    expect(await donorRow(id)).toMatchObject({ donation_count: 0, last_donation_on: null });
  });
});

describe('the health questionnaire', () => {
  it('records a self-declared deferral with its waiting time, shown as the reason on /me', async () => {
    const { id, phone } = await verifiedDonor();
    const agent = await signInAsDonor(app, t.db, phone);
    const form = await agent.get('/me/health?lang=en');
    expect(form.text).toContain('Tattoo, piercing or acupuncture');
    // Pregnancy questions are asked of women only; permanent conditions are not self-declared here.
    expect(form.text).not.toContain('value="pregnancy"');
    expect(form.text).not.toContain('value="hiv"');
    const res = await postFrom(agent, '/me/health', '/me/health', { reason: 'tattoo_piercing', since: '01/06/2026' });
    expect(res.headers.location).toBe('/me');
    expect(await t.db.many('select reason, until_date, source, recorded_by from donor_deferrals where donor_id = $1', [id])).toEqual([
      { reason: 'tattoo_piercing', until_date: '2027-06-01', source: 'self', recorded_by: null },
    ]);
    expect(await donorRow(id)).toMatchObject({ eligible_from: '2027-06-01' });
    const page = await agent.get('/me?lang=en');
    expect(textOf(page.text, 'next-eligible')).toBe('You can donate again from 01/06/2027.');
    expect(page.text).toContain('Tattoo, piercing or acupuncture: you can donate again from 01/06/2027.');
  });

  it('offers pregnancy questions to women', async () => {
    const { phone } = await verifiedDonor({ sex: 'female' });
    const agent = await signInAsDonor(app, t.db, phone);
    expect((await agent.get('/me/health?lang=en')).text).toContain('value="pregnancy"');
  });

  it('refuses a permanent or women-only reason for a man, and a future date, with 422 and nothing stored', async () => {
    const { id, phone } = await verifiedDonor();
    const agent = await signInAsDonor(app, t.db, phone);
    for (const reason of ['hiv', 'pregnancy', 'made_up']) {
      const res = await postFrom(agent, '/me/health?lang=en', '/me/health', { reason, since: '01/06/2026' });
      expect(res.status).toBe(422);
      expect(fieldMessage(res.text, 'reason')).toBe('Choose what happened');
    }
    const future = await postFrom(agent, '/me/health?lang=en', '/me/health', { reason: 'fever', since: '20/06/2026' });
    expect(fieldMessage(future.text, 'since')).toBe('This date cannot be in the future');
    expect(future.text).toMatch(/value="fever" checked/);
    expect(await t.db.many('select 1 from donor_deferrals where donor_id = $1', [id])).toEqual([]);
  });
});

describe('downloading my data', () => {
  async function donorWithHistory() {
    const donor = await verifiedDonor();
    const request = await addRequest(t.db, app.geo, { patient_name: 'Kamla Devi Mishra', contact_name: 'Rajesh Mishra' });
    await t.db.exec(
      "insert into contact_attempts (request_id, donor_id, volunteer_id, outcome, note) values ($1, $2, $3, 'agreed', 'Spoke to the patient''s son')",
      [request.id, donor.id, volunteerId],
    );
    await t.db.exec("insert into donations (donor_id, donated_on, units, component, place, source) values ($1, '2026-03-01', 1, 'whole_blood', 'SRN Hospital', 'camp')", [donor.id]);
    await t.db.exec("insert into donor_deferrals (donor_id, reason, until_date, source) values ($1, 'fever', '2026-06-20', 'self')", [donor.id]);
    return { ...donor, request };
  }

  it('GET /me/data.json is an attachment with their record, donations, deferrals, calls and messages, and nobody else\'s data', async () => {
    const { id, phone, request } = await donorWithHistory();
    const agent = await signInAsDonor(app, t.db, phone);
    const res = await agent.get('/me/data.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename=raktdaan-mitra-my-data-2026-06-15.json');
    expect(res.headers['cache-control']).toBe('no-store');
    const data = JSON.parse(res.text);
    expect(data.record).toMatchObject({ id, full_name: 'Sunil Kumar Verma', phone, email: 'sunil@example.org', date_of_birth: '1990-04-12', blood_group: 'B+', district: 'Prayagraj', locality: 'Civil Lines', pincode: '211001', status: 'verified' });
    expect(data.record).not.toHaveProperty('verified_by');
    expect(data.donations).toEqual([expect.objectContaining({ donated_on: '2026-03-01', units: 1, component: 'whole_blood', place: 'SRN Hospital', source: 'camp' })]);
    expect(data.deferrals).toEqual([expect.objectContaining({ reason: 'fever', until_date: '2026-06-20', source: 'self' })]);
    expect(data.contact_attempts).toEqual([expect.objectContaining({ outcome: 'agreed' })]);
    expect(data.notifications).toEqual([expect.objectContaining({ channel: 'sms', recipient: phone, template: 'login_code', status: 'pending' })]);
    expect(data.sign_in_codes).toHaveLength(1);
    for (const secret of ['Kamla Devi', 'Rajesh', request.reference, 'patient', 'prayagraj-1', 'code_hash']) expect(res.text).not.toContain(secret);
  });

  it('GET /me/data.csv holds the same, one value per row, with formulas neutralised', async () => {
    const { phone } = await donorWithHistory();
    const agent = await signInAsDonor(app, t.db, phone);
    const res = await agent.get('/me/data.csv?lang=en');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename=raktdaan-mitra-my-data-2026-06-15.csv');
    const lines = res.text.replace(/^\uFEFF/, '').split('\n');
    expect(lines[0]).toBe('section,item,field,value');
    expect(lines).toContain('record,,full_name,Sunil Kumar Verma');
    expect(lines).toContain(`record,,phone,'${phone}`);
    expect(lines).toContain('donations,1,place,SRN Hospital');
    expect(lines).toContain('deferrals,1,reason,fever');
    expect(lines).toContain('contact_attempts,1,outcome,agreed');
    expect(lines).toContain('notifications,1,template,login_code');
    expect(res.text).not.toContain('Kamla Devi');
    expect((await agent.get('/me/data.csv?lang=hi')).text.split('\n')[0]).toBe('\uFEFFभाग,क्रम,जानकारी,मान');
  });
});

describe('every /me page in both languages', () => {
  it('renders without a missing translation', async () => {
    const { id, phone } = await verifiedDonor({ sex: 'female' });
    await t.db.exec("insert into donations (donor_id, donated_on, units, component, source) values ($1, '2026-05-01', 1, 'platelets', 'request')", [id]);
    await t.db.exec("insert into donor_deferrals (donor_id, reason, until_date, source, recorded_by) values ($1, 'hiv', null, 'volunteer', $2)", [id, volunteerId]);
    await t.db.exec("update donors set paused = true, paused_until = '2026-07-01', reminder_opt_in = true where id = $1", [id]);
    const agent = await signInAsDonor(app, t.db, phone);
    for (const lang of ['hi', 'en']) {
      for (const path of ['/me', '/me/contact', '/me/location', '/me/donations/new', '/me/health', '/me/erase', '/me/goodbye']) {
        const res = await agent.get(`${path}?lang=${lang}`);
        expect(res.status, path).toBe(200);
        expect(res.text, `${path} ${lang}`).not.toMatch(/\b(me|deferrals|component|reason)\.[a-z_]+(\.[a-z_]+)*\b(?![^<]*>)/);
      }
    }
    const page = await agent.get('/me?lang=hi');
    expect(page.text).toContain('HIV: आप रक्तदान नहीं कर सकते।');
    expect(page.text).toContain('value="2026-07-01"');
  });
});
