import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, createAccount } from './helpers/accounts';
import { askForCode, smsCode } from './helpers/donor-sign-in';
import {
  applyMutations, CaseCounter, expectSafeAnswer, FUZZ_SEED, hostileText, mutations, postRaw, randomBody, urlencoded, type Entry,
} from './helpers/fuzz';
import { addCamp } from './helpers/public-camp-fixtures';
import { addDonor, addRequest } from './helpers/records';
import { browser, buildTestApp, hiddenValue, openForm, textOf, type TestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';

// Property-based fuzzing of the short public forms: tracking a request, a donor's sign-in (number,
// then code), a volunteer's sign-in, and taking a camp seat. None may fail with a server error,
// let someone in without the right answer, send them to another site, or write what it should not.

let t: TestDatabase;
let app: TestApp;
const cases = new CaseCounter();

beforeAll(async () => {
  t = await createTestDatabase();
  app = await buildTestApp(t.db, { env: { DONOR_CODE_RATE_LIMIT: '100000' } });
});
afterAll(async () => {
  console.log(cases.report(`fuzz-sign-in on ${t.kind}`));
  app.close();
  await t.drop();
});

const RUNS = { seed: FUZZ_SEED, numRuns: 100 } as const;

async function counts() {
  return t.db.one<Record<string, number>>(
    `select (select count(*)::int from donors) as donors, (select count(*)::int from blood_requests) as requests,
            (select count(*)::int from blood_request_events) as events, (select count(*)::int from camp_registrations) as seats,
            (select count(*)::int from donor_login_codes) as codes, (select count(*)::int from notifications) as notifications`,
  );
}

/** A redirect never leaves the site: a path on this host, not //elsewhere or /\elsewhere. */
const expectSameSite = (location: string | undefined) => expect(location ?? '').toMatch(/^\/(?![/\\])/);

let phoneCounter = 0;
const freshPhone = () => `96${String(++phoneCounter).padStart(8, '0')}`;

async function post(agent: ReturnType<typeof browser>, opener: string, action: string, entries: Entry[], raw: string) {
  const { csrf } = await openForm(agent, opener);
  const withToken: Entry[] = entries.some(([k]) => k === '_csrf') ? entries : [['_csrf', csrf], ...entries];
  return postRaw(agent, action, urlencoded(withToken, raw));
}

describe('tracking a request under hostile input', () => {
  it('only the right reference with the right number opens the timeline; nothing else is written', async () => {
    const phone = '9811100001';
    const { reference } = await addRequest(t.db, app.geo, { contact_phone: `+91${phone}` });
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutations(['reference', 'contact_phone']).map((m) => ({ m })), randomBody(['reference', 'contact_phone']).map((e) => ({ e }))), async (input) => {
        const { entries, raw } = 'm' in input ? applyMutations({ reference, contact_phone: phone }, input.m) : { entries: input.e, raw: '' };
        const before = await counts();
        const res = await post(browser(app.app), '/requests/track?lang=en', '/requests/track', entries, raw);
        cases.add('POST /requests/track', res.status);
        expectSafeAnswer(res, raw ? [] : entries, { action: '/requests/track', reflected: ['reference', 'contact_phone'] });
        expect(await counts()).toEqual(before);
        if (res.status === 303) expect(res.headers.location).toBe(`/requests/track/${reference}`);
        else expect([403, 413, 422]).toContain(res.status);
      }),
      RUNS,
    );
  });
});

describe('a donor asking for a sign-in code under hostile input', () => {
  it('a code is stored only for a well-formed number, at most one per post, and only a registered donor is sent one', async () => {
    await fc.assert(
      fc.asyncProperty(mutations(['phone', 'next']), fc.boolean(), async (changes, registered) => {
        const phone = freshPhone();
        if (registered) await addDonor(t.db, app.geo, { phone: `+91${phone}` });
        const { entries, raw } = applyMutations({ phone, next: '/camps' }, changes);
        const before = await counts();
        const res = await post(browser(app.app), '/me/login?lang=en', '/me/login', entries, raw);
        cases.add('POST /me/login', res.status);
        expectSafeAnswer(res, raw ? [] : entries, { action: '/me/login', reflected: ['phone'] });
        const after = await counts();
        const newCodes = await t.db.many<{ phone: string }>('select phone from donor_login_codes order by id desc limit $1', [after.codes! - before.codes!]);
        if (res.status === 303) {
          expect(res.headers.location).toBe('/me/login/code');
          expect(newCodes).toHaveLength(1);
          expect(newCodes[0]!.phone).toMatch(/^\+91[6-9]\d{9}$/);
          expect(after.notifications! - before.notifications!).toBe(registered && newCodes[0]!.phone === `+91${phone}` ? 1 : 0);
        } else {
          expect([403, 413, 422, 429]).toContain(res.status);
          expect(after).toEqual(before);
        }
      }),
      RUNS,
    );
  });

  it('a hostile code never signs anyone in and never fails the server', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutations(['code', 'next']).map((m) => ({ m })), randomBody(['code']).map((e) => ({ e }))), async (input) => {
        const donorId = await addDonor(t.db, app.geo, { phone: `+91${freshPhone()}` });
        const { phone } = await t.db.one<{ phone: string }>('select phone from donors where id = $1', [donorId]);
        const agent = browser(app.app);
        expect((await askForCode(agent, phone)).status).toBe(303);
        const code = await smsCode(t.db, phone);
        const { entries, raw } = 'm' in input ? applyMutations({ code }, input.m) : { entries: input.e, raw: '' };
        const res = await post(agent, '/me/login/code?lang=en', '/me/login/code', entries, raw);
        cases.add('POST /me/login/code', res.status);
        expectSafeAnswer(res, [], { action: '/me/login/code', reflected: [] });
        const signedIn = (await agent.get('/me?lang=en')).status === 200;
        const consumed = await t.db.one<{ n: number }>('select count(*)::int as n from donor_login_codes where phone = $1 and consumed_at is not null', [phone]);
        if (res.status === 303) {
          // Only the code that was sent opens the account (the mutation touched something else).
          expect(entries.filter(([k]) => k === 'code').map(([, v]) => v)).toEqual([code]);
          expectSameSite(res.headers.location);
          expect(signedIn).toBe(true);
          expect(consumed.n).toBe(1);
        } else {
          expect([403, 413, 422]).toContain(res.status);
          expect(signedIn).toBe(false);
          expect(consumed.n).toBe(0);
        }
      }),
      { ...RUNS, numRuns: 60 },
    );
  });
});

describe('a volunteer signing in under hostile input', () => {
  it('only the right password opens the account, the next page stays on the site, and the password is never shown', async () => {
    await createAccount(t.db, app.geo, { username: 'fuzz-volunteer', state: 'UP', districts: ['Prayagraj'] });
    await fc.assert(
      fc.asyncProperty(mutations(['username', 'password', 'next']), async (changes) => {
        await t.db.exec('delete from login_throttles');
        const { entries, raw } = applyMutations({ username: 'fuzz-volunteer', password: TEST_PASSWORD, next: '/volunteer' }, changes);
        const res = await post(browser(app.app), '/login?lang=en', '/login', entries, raw);
        cases.add('POST /login', res.status);
        expectSafeAnswer(res, raw ? [] : entries, { action: '/login', reflected: ['username'] });
        expect(res.text).not.toContain(TEST_PASSWORD);
        if (res.status === 303) {
          expect(entries.filter(([k]) => k === 'password').map(([, v]) => v)).toEqual([TEST_PASSWORD]);
          expectSameSite(res.headers.location);
        } else {
          expect([403, 413, 422]).toContain(res.status);
        }
      }),
      RUNS,
    );
  });
});

describe('taking a camp seat under hostile input', () => {
  it('an anonymous visitor is sent to sign in (or told the camp does not exist) and no seat is taken', async () => {
    const campId = await addCamp(t.db, app.geo, { title: 'Fuzz seat camp' });
    const hostileId = fc.oneof(fc.constant(String(campId)), hostileText.filter((s) => s.length < 200));
    await fc.assert(
      fc.asyncProperty(hostileId, mutations(['for_request']), async (id, changes) => {
        const { entries, raw } = applyMutations({ for_request: '' }, changes);
        const before = await counts();
        const agent = browser(app.app);
        // The camp page offers an anonymous visitor a sign-in link, not the form; any page's token will do.
        const res = await post(agent, '/me/login?lang=en', `/camps/${encodeURIComponent(id)}/register`, entries, raw);
        cases.add('POST /camps/:id/register (anonymous)', res.status);
        expectSafeAnswer(res, [], { action: `/camps/${campId}/register`, reflected: [] });
        expect(await counts()).toEqual(before);
        if (res.status === 303) {
          expect(id).toBe(String(campId));
          expect(res.headers.location).toBe(`/me/login?next=${encodeURIComponent(`/camps/${campId}`)}`);
        } else {
          expect([403, 404, 413]).toContain(res.status);
        }
      }),
      RUNS,
    );
  });

  it('a signed-in donor with a hostile patient reference gets one seat or a message, never half of one', async () => {
    const campId = await addCamp(t.db, app.geo, { title: 'Fuzz seat camp for donors', capacity: 2000 });
    const { reference } = await addRequest(t.db, app.geo, {});
    const phone = `+91${freshPhone()}`;
    const donorId = await addDonor(t.db, app.geo, { phone });
    const agent = browser(app.app);
    expect((await askForCode(agent, phone)).status).toBe(303);
    const { csrf } = await openForm(agent, '/me/login/code?lang=en');
    expect((await agent.post('/me/login/code').type('form').send({ code: await smsCode(t.db, phone), _csrf: csrf })).status).toBe(303);
    await fc.assert(
      fc.asyncProperty(mutations(['for_request']), async (changes) => {
        await t.db.exec('delete from camp_registrations');
        await t.db.exec('update camps set registered_count = 0 where id = $1', [campId]);
        const { entries, raw } = applyMutations({ for_request: reference }, changes);
        const page = await agent.get(`/camps/${campId}?lang=en`);
        const body = urlencoded([['_csrf', hiddenValue(page.text, '_csrf')], ...entries], raw);
        const res = await postRaw(agent, `/camps/${campId}/register`, body);
        cases.add('POST /camps/:id/register (signed-in donor)', res.status);
        expectSafeAnswer(res, [], { action: `/camps/${campId}/register`, reflected: [] });
        const seats = await t.db.many<{ donor_id: number; for_request_id: number | null }>('select donor_id, for_request_id from camp_registrations where camp_id = $1', [campId]);
        const camp = await t.db.one<{ registered_count: number }>('select registered_count from camps where id = $1', [campId]);
        expect(camp.registered_count).toBe(seats.length);
        if (res.status === 303) {
          expect(res.headers.location).toBe(`/camps/${campId}/registered`);
          expect(seats).toHaveLength(1);
          expect(seats[0]!.donor_id).toBe(donorId);
        } else {
          expect([403, 413, 422]).toContain(res.status);
          expect(seats).toHaveLength(0);
          if (res.status === 422) expect(textOf(res.text, 'error-summary-title')).not.toBe('');
        }
      }),
      { ...RUNS, numRuns: 60 },
    );
  });
});

describe('what the fuzzing found', () => {
  it('a volunteer whose username arrives with a NUL byte is told the sign-in failed, not shown a server error (was a 500)', async () => {
    await t.db.exec('delete from login_throttles');
    const agent = browser(app.app);
    const res = await post(agent, '/login?lang=en', '/login', [['username', 'nobody\u0000'], ['password', 'wrong password 1']], '');
    expect(res.status).toBe(422);
    expect(res.text).toContain('The username or password is not right.');
    expect(await t.db.one('select username, failed_count from login_throttles')).toEqual({ username: 'nobody', failed_count: 1 });
  });
});
