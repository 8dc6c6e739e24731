import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccount, signIn, TEST_PASSWORD } from './helpers/accounts';
import { browser, buildTestApp, hiddenValue, openForm, TEST_NOW, type TestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';

let t: TestDatabase;
let app: TestApp;
let clock = TEST_NOW;
const minutes = (n: number) => new Date(TEST_NOW.getTime() + n * 60_000);

beforeAll(async () => {
  t = await createTestDatabase();
  app = await buildTestApp(t.db, { now: () => clock });
});
afterAll(async () => {
  app.close();
  await t.drop();
});
beforeEach(async () => {
  clock = TEST_NOW;
  await t.db.exec('delete from sessions; delete from login_throttles; delete from volunteer_jurisdictions; delete from volunteers where id not in (select actor_id from audit_events where actor_id is not null)');
});

let counter = 0;
async function account(options: Partial<Parameters<typeof createAccount>[2]> = {}) {
  counter += 1;
  const username = options.username ?? `constable${counter}`;
  await createAccount(t.db, app.geo, { username, state: 'UP', districts: ['Prayagraj'], ...options });
  return username;
}

const sessionCookie = (res: { headers: Record<string, unknown> }) =>
  ((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith('rm.sid='))?.split(';')[0];

const auditActions = async (username: string) =>
  (await t.db.many<{ action: string }>('select action from audit_events where actor_username = $1 order by id', [username])).map((r) => r.action);

describe('signing in', () => {
  it('GET /login shows the sign-in form in Hindi by default', async () => {
    const res = await browser(app.app).get('/login');
    expect(res.status).toBe(200);
    expect(res.text).toContain('स्वयंसेवक लॉगिन');
    expect(res.text).toContain('autocomplete="current-password"');
  });

  it('with the right password goes to the queue, with a new session id, and is audited with the address', async () => {
    const username = await account();
    const agent = browser(app.app);
    // A session that exists before sign-in (here: a donor sign-in code asked for on this browser).
    const donorLogin = await openForm(agent, '/me/login?lang=en');
    const before = sessionCookie(await agent.post('/me/login').type('form').send({ phone: '9812345678', _csrf: donorLogin.csrf }));
    expect(before).toBeDefined();
    const form = await openForm(agent, '/login?lang=en');
    const res = await agent.post('/login').type('form').send({ username: ` ${username.toUpperCase()} `, password: TEST_PASSWORD, _csrf: form.csrf });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/volunteer');
    const after = sessionCookie(res);
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    const queue = await agent.get('/volunteer');
    expect(queue.status).toBe(200);
    expect(await auditActions(username)).toEqual(['login']);
    const row = await t.db.one<{ ip: string | null }>(`select host(ip) as ip from audit_events where action = 'login' and actor_username = $1`, [username]);
    expect(row.ip).toMatch(/127\.0\.0\.1|::1/);
  });

  it('returns to the page that asked for sign-in, but only to a page of this site', async () => {
    const username = await account();
    const anonymous = await browser(app.app).get('/volunteer?kind=donor');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toBe('/login?next=%2Fvolunteer%3Fkind%3Ddonor');
    const back = await signIn(browser(app.app), username, TEST_PASSWORD, '/volunteer?kind=donor');
    expect(back.headers.location).toBe('/volunteer?kind=donor');
    for (const evil of ['//evil.example/x', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)']) {
      const res = await signIn(browser(app.app), username, TEST_PASSWORD, evil);
      expect(res.headers.location).toBe('/volunteer');
    }
  });

  it('a wrong password and an unknown username get exactly the same answer', async () => {
    const username = await account();
    const wrong = await signIn(browser(app.app), username, 'not the password at all');
    const unknown = await signIn(browser(app.app), 'nobody-here', 'not the password at all');
    expect(wrong.status).toBe(422);
    expect(unknown.status).toBe(422);
    expect(wrong.text).toContain('The username or password is not right.');
    const strip = (html: string) => html.replace(/value="[^"]*"/g, '');
    expect(strip(wrong.text)).toBe(strip(unknown.text));
    expect(await auditActions(username)).toEqual(['login_failed']);
    expect(await auditActions('nobody-here')).toEqual(['login_failed']);
  });

  it('an empty form is answered per field, not with a crash', async () => {
    const agent = browser(app.app);
    const { csrf } = await openForm(agent, '/login?lang=en');
    const res = await agent.post('/login').type('form').send({ _csrf: csrf });
    expect(res.status).toBe(422);
    expect(res.text).toContain('<a href="#username">This field is required</a>');
    expect(res.text).toContain('<a href="#password">This field is required</a>');
  });

  it('five failures lock the username for 15 minutes, even with the right password, and the lock is audited', async () => {
    const username = await account();
    for (let i = 0; i < 4; i++) expect((await signIn(browser(app.app), username, 'wrong password here')).text).toContain('not right');
    const fifth = await signIn(browser(app.app), username, 'wrong password here');
    expect(fifth.status).toBe(422);
    expect(fifth.text).toContain('Sign-in for this username is locked until 15/06/2026 12:15');
    const right = await signIn(browser(app.app), username, TEST_PASSWORD);
    expect(right.status).toBe(422);
    expect(right.text).toContain('locked until');
    expect(await auditActions(username)).toEqual(['login_failed', 'login_failed', 'login_failed', 'login_failed', 'login_failed', 'lockout', 'login_locked']);
    clock = minutes(16);
    expect((await signIn(browser(app.app), username, TEST_PASSWORD)).status).toBe(303);
  });

  it('unknown usernames lock the same way, so a lockout does not reveal that an account exists', async () => {
    for (let i = 0; i < 5; i++) await signIn(browser(app.app), 'ghost-user', 'wrong password here');
    const res = await signIn(browser(app.app), 'ghost-user', 'wrong password here');
    expect(res.text).toContain('locked until');
  });

  it('a deactivated account cannot sign in', async () => {
    const username = await account();
    await t.db.exec('update volunteers set is_active = false, deactivated_at = now() where username = $1', [username]);
    const res = await signIn(browser(app.app), username, TEST_PASSWORD);
    expect(res.status).toBe(422);
    expect(res.text).toContain('The username or password is not right.');
  });

  it('is rate-limited per address', async () => {
    // Counts are kept in the database, shared with this file's other apps: this address is the test's own.
    const limited = await buildTestApp(t.db, { geo: app.geo, env: { LOGIN_RATE_LIMIT: '2', TRUST_PROXY: '1' } });
    const agent = browser(limited.app).set('X-Forwarded-For', '203.0.113.22');
    const { csrf } = await openForm(agent, '/login?lang=en');
    const attempt = () => agent.post('/login').type('form').send({ username: 'x-user', password: 'whatever-pass', _csrf: csrf });
    expect((await attempt()).status).toBe(422);
    expect((await attempt()).status).toBe(422);
    expect((await attempt()).status).toBe(429);
    limited.close();
  });
});

describe('sessions', () => {
  it('end after 30 idle minutes', async () => {
    const username = await account();
    const agent = browser(app.app);
    await signIn(agent, username);
    clock = minutes(29);
    expect((await agent.get('/volunteer')).status).toBe(200);
    clock = minutes(29 + 31);
    const res = await agent.get('/volunteer');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fvolunteer');
    expect(await t.db.one<{ n: number }>(`select count(*)::int as n from audit_events where action = 'session_expired' and details ->> 'reason' = 'timeout'`)).toEqual({ n: 1 });
  });

  it('end 12 hours after sign-in however active the volunteer is', async () => {
    const username = await account();
    const agent = browser(app.app);
    await signIn(agent, username);
    for (let m = 20; m < 12 * 60; m += 20) {
      clock = minutes(m);
      expect((await agent.get('/volunteer')).status).toBe(200);
    }
    clock = minutes(12 * 60 + 1);
    expect((await agent.get('/volunteer')).status).toBe(303);
  });

  it('end at once when the account is deactivated', async () => {
    const username = await account();
    const agent = browser(app.app);
    await signIn(agent, username);
    await t.db.exec('update volunteers set is_active = false, deactivated_at = now() where username = $1', [username]);
    expect((await agent.get('/volunteer')).status).toBe(303);
  });

  it('end when the password is reset after sign-in, even if the session row survived', async () => {
    const username = await account();
    const agent = browser(app.app);
    await signIn(agent, username);
    await t.db.exec('update volunteers set password_changed_at = $2 where username = $1', [username, minutes(1)]);
    clock = minutes(2);
    expect((await agent.get('/volunteer')).status).toBe(303);
    const reason = await t.db.one(`select details ->> 'reason' as reason from audit_events where action = 'session_expired' order by id desc limit 1`);
    expect(reason).toEqual({ reason: 'password_reset' });
  });

  it('sign-out (a CSRF-protected POST) destroys the session', async () => {
    const username = await account();
    const agent = browser(app.app);
    await signIn(agent, username);
    const page = await agent.get('/volunteer?lang=en');
    expect((await agent.post('/logout').type('form').send({})).status).toBe(403);
    const res = await agent.post('/logout').type('form').send({ _csrf: hiddenValue(page.text, '_csrf') });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?signed_out=1');
    expect((await agent.get('/login?signed_out=1&lang=en')).text).toContain('You have signed out.');
    expect((await agent.get('/volunteer')).status).toBe(303);
    expect(await t.db.one<{ n: number }>(`select count(*)::int as n from sessions where sess ->> 'volunteerId' is not null`)).toEqual({ n: 0 });
    expect(await auditActions(username)).toEqual(['login', 'logout']);
  });
});

describe('changing the password', () => {
  it('is required at first sign-in before any volunteer page, and the new password must be strong', async () => {
    const username = await account({ mustChangePassword: true, fullName: 'Suresh Pal' });
    const agent = browser(app.app);
    const res = await signIn(agent, username);
    expect(res.headers.location).toBe('/account/password?next=%2Fvolunteer');
    expect((await agent.get('/volunteer')).headers.location).toBe('/account/password?next=%2Fvolunteer');

    const { csrf } = await openForm(agent, '/account/password?lang=en');
    const attempt = (current: string, next: string, confirm = next) =>
      agent.post('/account/password').type('form').send({ current_password: current, new_password: next, confirm_password: confirm, next: '/volunteer', _csrf: csrf });
    const cases: Array<[string, string, string, string]> = [
      [TEST_PASSWORD, 'short pw', 'short pw', 'Use at least 12 characters'],
      [TEST_PASSWORD, 'password1234', 'password1234', 'This password is too common'],
      // bcrypt would ignore everything after the NUL, leaving a one-word password.
      [TEST_PASSWORD, 'blue\u0000kettle morning', 'blue\u0000kettle morning', 'Use only characters you can type'],
      [TEST_PASSWORD, `${username} is here`, `${username} is here`, 'Do not use your username or name'],
      [TEST_PASSWORD, 'suresh likes tea', 'suresh likes tea', 'Do not use your username or name'],
      [TEST_PASSWORD, 'blue kettle morning', 'blue kettle evening', 'The two new passwords are not the same'],
      [TEST_PASSWORD, TEST_PASSWORD, TEST_PASSWORD, 'Choose a password different from the current one'],
      ['wrong current pw', 'blue kettle morning', 'blue kettle morning', 'The current password is not right'],
    ];
    for (const [current, next, confirm, message] of cases) {
      const bad = await attempt(current, next, confirm);
      expect(bad.status).toBe(422);
      expect(bad.text).toContain(message);
      expect(bad.text).not.toContain(next === TEST_PASSWORD ? 'never-matches' : `value="${next}"`);
    }
    const ok = await attempt(TEST_PASSWORD, 'blue kettle morning');
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/volunteer');
    expect((await agent.get('/volunteer?lang=en')).text).toContain('Your password has been changed.');
    const row = await t.db.one<{ must_change_password: boolean }>('select must_change_password from volunteers where username = $1', [username]);
    expect(row.must_change_password).toBe(false);
    expect(await auditActions(username)).toEqual(['login', 'password_changed']);
    expect((await signIn(browser(app.app), username, 'blue kettle morning')).headers.location).toBe('/volunteer');
    expect((await signIn(browser(app.app), username, TEST_PASSWORD)).status).toBe(422);
  });
});
