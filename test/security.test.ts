import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser, buildTestApp, openForm, type TestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { validDonorForm, validRequestForm } from './helpers/fixtures';

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

  it('the session cookie is HttpOnly and SameSite=Lax, and Secure in production behind HTTPS', async () => {
    const dev = await openForm(browser(app.app), '/donors/new');
    const devCookie = (dev.res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('rm.sid='))!;
    expect(devCookie).toMatch(/HttpOnly/);
    expect(devCookie).toMatch(/SameSite=Lax/);
    expect(devCookie).not.toMatch(/Secure/);

    const prod = await buildTestApp(t.db, {
      geo: app.geo,
      env: { NODE_ENV: 'production', GRIEVANCE_EMAIL: 'dpo@policemitra.example', TRUST_PROXY: '1' },
    });
    const res = await browser(prod.app).get('/donors/new').set('X-Forwarded-Proto', 'https');
    const prodCookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('rm.sid='))!;
    expect(prodCookie).toMatch(/Secure/);
    expect(res.headers['strict-transport-security']).toContain('max-age=31536000');
    prod.close();
  });

  it('pages without a form do not start a session', async () => {
    const res = await browser(app.app).get('/eligibility');
    expect(res.headers['set-cookie'] ?? []).not.toContainEqual(expect.stringMatching(/^rm\.sid=/));
  });

  it('form posts are rate-limited per address', async () => {
    const limited = await buildTestApp(t.db, { geo: app.geo, env: { POST_RATE_LIMIT: '2' } });
    const agent = browser(limited.app);
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
