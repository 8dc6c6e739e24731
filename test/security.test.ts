import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser, buildTestApp, hiddenValue, openForm, type TestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { validDonorForm, validRequestForm } from './helpers/fixtures';
import { createAccount, signIn } from './helpers/accounts';

const cookieNamed = (res: { headers: Record<string, unknown> }, prefix: string) => {
  const cookies = (res.headers['set-cookie'] ?? []) as string[];
  const found = cookies.find((c) => c.startsWith(prefix));
  expect(found, `${prefix} in ${cookies.join(' | ')}`).toBeDefined();
  return found!;
};

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

describe('security headers', () => {
  it('every page carries a strict content security policy and no framework banner', async () => {
    const res = await browser(app.app).get('/');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.text).not.toMatch(/<script>|<script [^>]*>[^<]/);
    expect(res.text).not.toMatch(/ style="/);
  });

  it('the session and form-token cookies are HttpOnly and SameSite=Lax, and Secure (with the __Host- prefix) in production behind HTTPS', async () => {
    const dev = browser(app.app);
    const form = await openForm(dev, '/me/login?lang=en');
    const csrfCookie = cookieNamed(form.res, 'rm.csrf=');
    expect(csrfCookie).toMatch(/HttpOnly/);
    expect(csrfCookie).toMatch(/SameSite=Lax/);
    expect(csrfCookie).toMatch(/Path=\//);
    expect(csrfCookie).not.toMatch(/Secure/);
    const asked = await dev.post('/me/login').type('form').send({ phone: '9812345678', _csrf: form.csrf });
    const sessionCookie = cookieNamed(asked, 'rm.sid=');
    expect(sessionCookie).toMatch(/HttpOnly/);
    expect(sessionCookie).toMatch(/SameSite=Lax/);
    expect(sessionCookie).not.toMatch(/Secure/);

    const prod = await buildTestApp(t.db, {
      geo: app.geo,
      env: { NODE_ENV: 'production', GRIEVANCE_EMAIL: 'dpo@policemitra.example', TRUST_PROXY: '1' },
    });
    const https = browser(prod.app);
    const res = await https.get('/me/login').set('X-Forwarded-Proto', 'https');
    expect(cookieNamed(res, '__Host-rm.csrf=')).toMatch(/Secure/);
    expect(res.headers['strict-transport-security']).toContain('max-age=31536000');
    // The test client keeps Secure cookies for https only, so the cookie goes back by hand.
    const csrfPair = cookieNamed(res, '__Host-rm.csrf=').split(';')[0]!;
    const prodAsked = await https
      .post('/me/login')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', csrfPair)
      .type('form')
      .send({ phone: '9812345678', _csrf: hiddenValue(res.text, '_csrf') });
    expect(prodAsked.status).toBe(303);
    expect(cookieNamed(prodAsked, 'rm.sid=')).toMatch(/Secure/);
    prod.close();
  });

  it('pages without a form do not start a session', async () => {
    const res = await browser(app.app).get('/eligibility');
    expect(res.headers['set-cookie'] ?? []).not.toContainEqual(expect.stringMatching(/^rm\.sid=/));
  });

  it('form posts are rate-limited per address', async () => {
    // Counts are kept in the database, shared with this file's other apps: this address is the test's own.
    const limited = await buildTestApp(t.db, { geo: app.geo, env: { POST_RATE_LIMIT: '2', TRUST_PROXY: '1' } });
    const agent = browser(limited.app).set('X-Forwarded-For', '203.0.113.21');
    const { csrf } = await openForm(agent, '/donors/new?lang=en');
    const post = () => agent.post('/donors').type('form').send({ _csrf: csrf, action: 'choose_state', state_code: 'UP' });
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(200);
    const third = await post();
    expect(third.status).toBe(429);
    expect(third.text).toContain('Too many attempts');
    limited.close();
  });
});

describe('forged form posts (CSRF)', () => {
  const count = async (sql: string) => (await t.db.one<{ n: number }>(`select count(*)::int as n from (${sql}) x`)).n;

  it('a form shown to an anonymous visitor starts no session, and its token works only with its own cookie', async () => {
    const visitor = browser(app.app);
    const sessionsBefore = await count('select 1 from sessions');
    const { res, csrf } = await openForm(visitor, '/donors/new?lang=en');
    expect(res.headers['set-cookie'] ?? []).not.toContainEqual(expect.stringMatching(/^rm\.sid=/));
    expect(await count('select 1 from sessions')).toBe(sessionsBefore);
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // The same token from another browser (another cookie), or no token, is refused.
    const stranger = browser(app.app);
    await stranger.get('/privacy?lang=en');
    await openForm(stranger, '/donors/new?lang=en');
    const forged = await stranger.post('/donors').type('form').send({ ...validDonorForm(app.geo, { phone: '9812300001' }), _csrf: csrf });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('This form has expired');
    const missing = await visitor.post('/donors').type('form').send(validDonorForm(app.geo, { phone: '9812300001' }));
    expect(missing.status).toBe(403);
    const tampered = await visitor.post('/donors').type('form').send({ ...validDonorForm(app.geo, { phone: '9812300001' }), _csrf: `${csrf.slice(0, -1)}${csrf.endsWith('A') ? 'B' : 'A'}` });
    expect(tampered.status).toBe(403);
    expect(await count("select 1 from donors where phone = '+919812300001'")).toBe(0);

    const genuine = await visitor.post('/donors').type('form').send({ ...validDonorForm(app.geo, { phone: '9812300001' }), _csrf: csrf });
    expect(genuine.status).toBe(303);
    expect(await count("select 1 from donors where phone = '+919812300001'")).toBe(1);
  });

  it('a cached form page still gives every visitor a token of their own', async () => {
    const first = await openForm(browser(app.app), '/requests/track');
    const second = await openForm(browser(app.app), '/requests/track');
    expect(second.res.headers['x-page-cache']).toBe('hit');
    expect(second.csrf).not.toBe(first.csrf);
    expect(second.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second.res.text).not.toContain('csrf-hole');
    expect(second.res.text.replace(second.csrf, '')).toBe(first.res.text.replace(first.csrf, ''));
  });

  it('a signed-in volunteer\'s forms expire when the session ends', async () => {
    await createAccount(t.db, app.geo, { username: 'csrf-volunteer', state: 'UP', districts: ['Prayagraj'] });
    const agent = browser(app.app);
    await signIn(agent, 'csrf-volunteer');
    const { csrf } = await openForm(agent, '/account/password?lang=en');
    await agent.post('/logout').type('form').send({ _csrf: csrf });
    const late = await agent.post('/account/password').type('form').send({ _csrf: csrf, current_password: 'x', new_password: 'y', confirm_password: 'y' });
    expect(late.status).toBe(403);
    expect(late.text).toContain('This form has expired');
  });
});

describe('personal data stays out of the logs', () => {
  it('names and phone numbers sent in forms or addresses are never logged', async () => {
    const logged = await buildTestApp(t.db, { geo: app.geo });
    const agent = browser(logged.app);
    const donor = await openForm(agent, '/donors/new?lang=en');
    await agent.post('/donors').type('form').send({ ...validDonorForm(app.geo, { phone: '9812345670', full_name: 'Kamla Unique' }), _csrf: donor.csrf });
    const request = await openForm(agent, '/requests/new');
    await agent.post('/requests').type('form').send({ ...validRequestForm(app.geo, { contact_phone: '9812345671', patient_name: 'Patient Unique' }), form_token: request.formToken, _csrf: request.csrf });
    await agent.get('/requests/track?ref=PM-ABCDEF&phone=9812345672');
    const logs = logged.rawLogs.join('');
    expect(logs).toContain('donor registered');
    expect(logs).toContain('blood request created');
    for (const secret of ['9812345670', '9812345671', '9812345672', 'Kamla', 'Patient Unique', 'rm.sid']) {
      expect(logs).not.toContain(secret);
    }
    logged.close();
  });
});
