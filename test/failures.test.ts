import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPooledDatabase, type PooledDatabase } from '../src/db/pool';
import { errorHandler } from '../src/web/error-pages';
import { browser, buildTestApp, openForm, type TestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';

// What visitors see when things break: a database that is down, or a bug.

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

/** The real database, except that one kind of query fails like a bug would. */
function withFailingQuery(db: PooledDatabase, pattern: RegExp): PooledDatabase {
  const fail = (text: string) => {
    if (pattern.test(text)) throw new Error('simulated bug: column "oops" does not exist');
  };
  return {
    ...db,
    many: async (text, values) => (fail(text), db.many(text, values)),
    maybeOne: async (text, values) => (fail(text), db.maybeOne(text, values)),
    one: async (text, values) => (fail(text), db.one(text, values)),
    exec: async (text, values) => (fail(text), db.exec(text, values)),
  };
}

describe('when the database cannot be reached', () => {
  let down: PooledDatabase;
  let broken: TestApp;

  beforeAll(async () => {
    // Port 1 on loopback: nothing listens there, so every connection is refused at once.
    down = createPooledDatabase({ connectionString: 'postgres://postgres@127.0.0.1:1/none', max: 1, kind: 'postgres' });
    broken = await buildTestApp(down, { geo: app.geo });
  });
  afterAll(async () => {
    broken.close();
    await down.close();
  });

  it('GET /readyz answers 503', async () => {
    const res = await browser(broken.app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.status).toBe('database unavailable');
  });

  it('GET /healthz still answers 200: the process itself is fine', async () => {
    expect((await browser(broken.app).get('/healthz')).status).toBe(200);
  });

  it('a form sent while the database is down gets a friendly 503 page in the visitor\'s language', async () => {
    for (const [lang, text] of [['en', 'The service is busy right now'], ['hi', 'सेवा अभी व्यस्त है']] as const) {
      // The form was opened while the database was up; it is sent after it went away.
      const { res: page, csrf } = await openForm(browser(app.app), `/requests/track?lang=${lang}`);
      const cookies = page.headers['set-cookie'] as unknown as string[];
      const res = await browser(broken.app).post('/requests/track').set('Cookie', cookies).type('form')
        .send({ reference: 'PM-ABCDEF', contact_phone: '9123456789', _csrf: csrf });
      expect(res.status).toBe(503);
      expect(res.text).toContain(text);
      expect(res.headers['retry-after']).toBe('30');
    }
  });

  it('pages that need no database still work', async () => {
    expect((await browser(broken.app).get('/eligibility')).status).toBe(200);
  });
});

describe('when a bug throws', () => {
  it('shows the 500 page in both languages, without a stack trace, and logs the error', async () => {
    const buggy = await buildTestApp(withFailingQuery(t.db, /from blood_requests where reference = \$1 and contact_phone/), { geo: app.geo });
    for (const [lang, text] of [['en', 'Sorry, something went wrong'], ['hi', 'क्षमा करें, कुछ गड़बड़ हो गई']] as const) {
      const agent = browser(buggy.app);
      const { csrf } = await openForm(agent, `/requests/track?lang=${lang}`);
      const res = await agent.post('/requests/track').type('form').send({ reference: 'PM-ABCDEF', contact_phone: '9123456789', _csrf: csrf });
      expect(res.status).toBe(500);
      expect(res.text).toContain(text);
      expect(res.text).not.toContain('simulated bug');
      expect(res.text).not.toMatch(/at .*\.ts:\d+/);
    }
    expect(buggy.logs.some((l) => l.level === 50 && JSON.stringify(l).includes('simulated bug'))).toBe(true);
    buggy.close();
  });

  it('shows the stack trace only in development', async () => {
    const dev = await buildTestApp(withFailingQuery(t.db, /from blood_requests where reference = \$1 and contact_phone/), {
      geo: app.geo,
      env: { NODE_ENV: 'development' },
    });
    const agent = browser(dev.app);
    const { csrf } = await openForm(agent, '/requests/track?lang=en');
    const res = await agent.post('/requests/track').type('form').send({ reference: 'PM-ABCDEF', contact_phone: '9123456789', _csrf: csrf });
    expect(res.status).toBe(500);
    expect(res.text).toContain('simulated bug');
    dev.close();
  });
});

describe('a failure after the answer has gone out', () => {
  it('leaves the connection open for the browser\'s next request', async () => {
    // As when a session is stored after the response and the database fails just then.
    const late = express();
    late.get('/late', (_req, res, next) => {
      res.send('saved');
      next(new Error('Connection terminated unexpectedly'));
    });
    late.use(errorHandler({ showStack: false }));
    const server = late.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    let connections = 0;
    server.on('connection', () => (connections += 1));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/late`;
    expect(await (await fetch(url)).text()).toBe('saved');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await (await fetch(url)).text()).toBe('saved');
    // One keep-alive connection served both: the first was not destroyed under the second.
    expect(connections).toBe(1);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
});
