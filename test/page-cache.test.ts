import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_CACHE_TTL_MS } from '../src/web/page-cache';
import { createAccount, signIn } from './helpers/accounts';
import { browser, buildTestApp, TEST_NOW, type TestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';

// The home, eligibility and privacy pages are rendered once a minute per language for visitors
// without a session; everyone else gets a fresh page.

let t: TestDatabase;
let app: TestApp;
let clock = TEST_NOW.getTime();
beforeAll(async () => {
  t = await createTestDatabase();
  app = await buildTestApp(t.db, { now: () => new Date(clock) });
  await createAccount(t.db, app.geo, { username: 'prayagraj-1', state: 'UP', districts: ['Prayagraj'] });
});
afterAll(async () => {
  app.close();
  await t.drop();
});

const visit = (path: string, lang: string) => browser(app.app).get(path).set('Accept-Language', lang);

describe('the anonymous page cache', () => {
  it('serves a visitor without a session the page rendered for the previous one, per language, until it is a minute old', async () => {
    const first = await visit('/eligibility', 'en');
    expect(first.headers['x-page-cache']).toBeUndefined();
    const second = await visit('/eligibility', 'en');
    expect(second.headers['x-page-cache']).toBe('hit');
    expect(second.text).toBe(first.text);
    expect(second.headers['content-type']).toMatch(/text\/html/);
    expect(second.headers['content-security-policy']).toBeDefined();

    const hindi = await visit('/eligibility', 'hi');
    expect(hindi.headers['x-page-cache']).toBeUndefined();
    expect(hindi.text).not.toBe(first.text);

    clock += PAGE_CACHE_TTL_MS;
    expect((await visit('/eligibility', 'en')).headers['x-page-cache']).toBeUndefined();
  });

  it('renders afresh for a signed-in volunteer and for an address with a query', async () => {
    await visit('/privacy', 'en');
    expect((await visit('/privacy', 'en')).headers['x-page-cache']).toBe('hit');
    expect((await visit('/privacy?lang=en', 'en')).headers['x-page-cache']).toBeUndefined();
    const volunteer = browser(app.app);
    await signIn(volunteer, 'prayagraj-1');
    const page = await volunteer.get('/privacy');
    expect(page.headers['x-page-cache']).toBeUndefined();
    expect(page.text).toContain('prayagraj-1');
  });
});
