import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser, buildTestApp, type TestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';

let t: TestDatabase;
let app: TestApp;

beforeAll(async () => {
  t = await createTestDatabase();
  app = await buildTestApp(t.db, { env: { HELPLINE_PHONE: '1800 180 1234', GRIEVANCE_EMAIL: 'dpo@policemitra.example' } });
});
afterAll(async () => {
  app.close();
  await t.drop();
});

describe('public pages', () => {
  it('GET / explains the portal in Hindi with the two main actions, the helpline and e-RaktKosh', async () => {
    const res = await browser(app.app).get('/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html lang="hi">');
    expect(res.text).toContain('रक्तदान करें, जीवन बचाएँ');
    expect(res.text).toContain('href="/donors/new"');
    expect(res.text).toContain('href="/requests/new"');
    expect(res.text).toContain('href="tel:18001801234"');
    expect(res.text).toContain('https://eraktkosh.mohfw.gov.in/');
    expect(res.text).toContain('href="/?lang=en"');
  });

  it('GET / without a configured helpline says it will be announced instead of showing a number', async () => {
    const plain = await buildTestApp(t.db, { geo: app.geo });
    const res = await browser(plain.app).get('/?lang=en');
    expect(res.text).toContain('The helpline number will be announced here.');
    expect(res.text).not.toContain('tel:');
    plain.close();
  });

  it('GET /eligibility shows the rules from the rules module in both languages', async () => {
    const en = await browser(app.app).get('/eligibility?lang=en');
    expect(en.text).toContain('you are 18 to 65 years old (60 at most if you have never donated before)');
    expect(en.text).toContain('you weigh at least 45 kg');
    expect(en.text).toContain('at least 90 days (men) or 120 days (women)');
    const hi = await browser(app.app).get('/eligibility?lang=hi');
    expect(hi.text).toContain('आपकी आयु 18 से 65 वर्ष है');
  });

  it('GET /privacy shows the DPDP notice with its version and the configured grievance contact', async () => {
    const res = await browser(app.app).get('/privacy?lang=en');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Digital Personal Data Protection Act 2023');
    expect(res.text).toContain('Notice version 2026-11');
    expect(res.text).toContain('mailto:dpo@policemitra.example');
    expect(res.text).toContain('withdraw your consent');
  });
});

describe('language', () => {
  it('?lang=en switches to English and remembers it in a cookie', async () => {
    const agent = browser(app.app);
    const first = await agent.get('/?lang=en');
    expect(first.text).toContain('<html lang="en">');
    expect(first.text).toContain('Give blood, save a life');
    expect(String(first.headers['set-cookie'])).toMatch(/lang=en;.*HttpOnly;.*SameSite=Lax/);
    const later = await agent.get('/eligibility');
    expect(later.text).toContain('<html lang="en">');
    const back = await agent.get('/?lang=hi');
    expect(back.text).toContain('<html lang="hi">');
  });

  it('follows the browser\'s Accept-Language when no choice was made, and defaults to Hindi', async () => {
    const en = await browser(app.app).get('/').set('Accept-Language', 'en-IN,en;q=0.9');
    expect(en.text).toContain('<html lang="en">');
    const hi = await browser(app.app).get('/').set('Accept-Language', 'hi-IN,hi;q=0.9,en;q=0.5');
    expect(hi.text).toContain('<html lang="hi">');
    const other = await browser(app.app).get('/').set('Accept-Language', 'ta-IN');
    expect(other.text).toContain('<html lang="hi">');
  });

  it('the language switch keeps the page and its filters, and drops the old choice', async () => {
    const res = await browser(app.app).get('/camps?state=UP&lang=en');
    expect(res.text).toContain('href="/camps?state=UP&amp;lang=hi"');
    const plain = await browser(app.app).get('/eligibility?lang=en');
    expect(plain.text).toContain('href="/eligibility?lang=hi"');
  });

  it('ignores an unsupported ?lang value', async () => {
    const res = await browser(app.app).get('/?lang=xx').set('Accept-Language', 'en');
    expect(res.text).toContain('<html lang="en">');
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});

describe('error pages', () => {
  it('an unknown address shows the 404 page in the page\'s language', async () => {
    const hi = await browser(app.app).get('/no-such-page');
    expect(hi.status).toBe(404);
    expect(hi.text).toContain('पेज नहीं मिला');
    const en = await browser(app.app).get('/no-such-page?lang=en');
    expect(en.status).toBe(404);
    expect(en.text).toContain('Page not found');
  });

  it('a body larger than the limit gets the 413 page', async () => {
    const agent = browser(app.app);
    await agent.get('/donors/new');
    const res = await agent.post('/donors?lang=en').type('form').send({ notes: 'x'.repeat(40_000) });
    expect(res.status).toBe(413);
    expect(res.text).toContain('Too much was sent');
  });

  it('a form with hundreds of fields gets the 413 page rather than a crash', async () => {
    const fields = Array.from({ length: 300 }, (_, i) => `f${i}=x`).join('&');
    const res = await browser(app.app).post('/donors?lang=en').type('form').send(fields);
    expect(res.status).toBe(413);
  });
});

describe('health', () => {
  it('GET /healthz answers while the process is up', async () => {
    const res = await browser(app.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /readyz is ready when the database answers and every migration is applied', async () => {
    const res = await browser(app.app).get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', database: t.kind });
  });
});
