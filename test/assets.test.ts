import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser, buildTestApp, type TestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';

// Static files carry their content hash in the address and may be cached for a year.

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

describe('static assets', () => {
  it('pages link the style sheet and scripts by content hash, served as immutable for a year', async () => {
    const page = await browser(app.app).get('/donors/new?lang=en');
    const css = /href="(\/public\/h\/[0-9a-f]{10}\/css\/site\.css)"/.exec(page.text)?.[1];
    const js = /src="(\/public\/h\/[0-9a-f]{10}\/js\/districts\.js)"/.exec(page.text)?.[1];
    expect(css).toBeDefined();
    expect(js).toBeDefined();
    const res = await browser(app.app).get(css!);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/css/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('an old hash still gets the file but not the year-long cache, and the plain address keeps working', async () => {
    const old = await browser(app.app).get('/public/h/0000000000/css/site.css');
    expect(old.status).toBe(200);
    expect(old.headers['cache-control']).not.toContain('immutable');
    const plain = await browser(app.app).get('/public/css/site.css');
    expect(plain.status).toBe(200);
    expect(plain.headers['cache-control']).not.toContain('immutable');
  });

  it('an unknown file is the 404 page, and error pages link the hashed style sheet too', async () => {
    const res = await browser(app.app).get('/public/h/0000000000/css/nope.css?lang=en');
    expect(res.status).toBe(404);
    expect(res.text).toMatch(/href="\/public\/h\/[0-9a-f]{10}\/css\/site\.css"/);
  });
});
