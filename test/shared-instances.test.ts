import type { RequestListener } from 'node:http';
import { Writable } from 'node:stream';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../src/bootstrap';
import { readMigrations } from '../src/db/migrate';
import { createPooledDatabase, type PooledDatabase } from '../src/db/pool';
import type { GeoDirectory } from '../src/geo/geo-directory';
import { createLogger } from '../src/logger';
import { createAccount, signIn, TEST_PASSWORD } from './helpers/accounts';
import { buildTestApp, hiddenValue, openForm, type TestApp } from './helpers/test-app';
import { createTestDatabase, usingRealPostgres, type TestDatabase } from './helpers/test-db';

// Two app instances behind a load balancer, on one database: whichever instance a request
// reaches, the visitor's session, the rate limits and the sign-in lockouts are the same.

let t: TestDatabase;
/** Instance B's own pool on real PostgreSQL, as a second process would have. */
let secondPool: PooledDatabase | undefined;
let geo: GeoDirectory;
const built: TestApp[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  // PGlite is a single session, so there both instances share its one-connection pool.
  if (usingRealPostgres) secondPool = createPooledDatabase({ connectionString: t.url, max: 5, kind: 'postgres' });
  geo = (await buildTestApp(t.db)).geo;
});
afterAll(async () => {
  built.forEach((instance) => instance.close());
  await secondPool?.close();
  await t.drop();
});

/** Instances A and B with the same settings, each on its own pool where the backend allows. */
async function twoInstances(env: Record<string, string> = {}): Promise<[TestApp, TestApp]> {
  const a = await buildTestApp(t.db, { geo, env });
  const b = await buildTestApp(secondPool ?? t.db, { geo, env });
  built.push(a, b);
  return [a, b];
}

/** One browser (one cookie jar) in front of a load balancer; `to(x)` sends its next requests to x. */
function browserBehindBalancer(first: TestApp) {
  let target = first;
  const listener: RequestListener = (req, res) => target.app(req, res);
  const agent = supertest.agent(listener);
  return {
    agent,
    to(instance: TestApp) {
      target = instance;
      return agent;
    },
  };
}

/** True when this instance's request log shows it answered method + url with status. */
function answered(instance: TestApp, method: string, url: string, status: number): boolean {
  return instance.logs.some((line) => {
    const req = line.req as { method?: string; url?: string } | undefined;
    const res = line.res as { statusCode?: number } | undefined;
    return req?.method === method && req.url === url && res?.statusCode === status;
  });
}

describe('two app instances on one database', () => {
  it('a volunteer signed in on A is signed in on B, and signing out on B ends the session on A', async () => {
    const [a, b] = await twoInstances();
    await createAccount(t.db, geo, { username: 'constable-shared', state: 'UP', districts: ['Prayagraj'] });
    const lb = browserBehindBalancer(a);

    const signedIn = await signIn(lb.to(a), 'constable-shared');
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe('/volunteer');

    const queue = await lb.to(b).get('/volunteer?lang=en');
    expect(queue.status).toBe(200);
    expect(queue.text).toContain('Sign out (constable-shared)');
    expect(answered(b, 'GET', '/volunteer?lang=en', 200)).toBe(true);
    expect(answered(a, 'GET', '/volunteer?lang=en', 200)).toBe(false);

    const out = await lb.to(b).post('/logout').type('form').send({ _csrf: hiddenValue(queue.text, '_csrf') });
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/login?signed_out=1');

    const afterwards = await lb.to(a).get('/volunteer');
    expect(afterwards.status).toBe(303);
    expect(afterwards.headers.location).toMatch(/^\/login/);
    expect(await t.db.one(`select count(*)::int as n from sessions where sess ->> 'volunteerId' is not null`)).toEqual({ n: 0 });
  });

  it('form posts from one address count against one limit: with POST_RATE_LIMIT=2, one post to A and one to B, the next is refused on either', async () => {
    const [a, b] = await twoInstances({ POST_RATE_LIMIT: '2', TRUST_PROXY: '1' });
    const lb = browserBehindBalancer(a);
    lb.agent.set('X-Forwarded-For', '203.0.113.10');
    const { csrf } = await openForm(lb.to(a), '/donors/new?lang=en');
    const choose = (lang: 'en' | 'hi') =>
      lb.agent.post(`/donors?lang=${lang}`).type('form').send({ _csrf: csrf, action: 'choose_state', state_code: 'UP' });

    lb.to(a);
    expect((await choose('en')).status).toBe(200);
    lb.to(b);
    expect((await choose('en')).status).toBe(200);

    lb.to(a);
    const third = await choose('en');
    expect(third.status).toBe(429);
    expect(third.text).toContain('Too many attempts');
    lb.to(b);
    const fourth = await choose('hi');
    expect(fourth.status).toBe(429);
    expect(fourth.text).toContain('बहुत अधिक प्रयास');
    expect(answered(b, 'POST', '/donors?lang=hi', 429)).toBe(true);

    // Another address is not held back by the first one's count.
    const neighbour = browserBehindBalancer(b);
    neighbour.agent.set('X-Forwarded-For', '203.0.113.11');
    const form = await openForm(neighbour.agent, '/donors/new?lang=en');
    const allowed = await neighbour.agent.post('/donors?lang=en').type('form').send({ _csrf: form.csrf, action: 'choose_state', state_code: 'UP' });
    expect(allowed.status).toBe(200);

    expect(await t.db.many("select limiter, key, hits from rate_limits where key like '203.0.113.%' order by key")).toEqual([
      { limiter: 'posts', key: '203.0.113.10', hits: 4 },
      { limiter: 'posts', key: '203.0.113.11', hits: 1 },
    ]);
  });

  it('failed sign-ins spread over A and B lock the username on both', async () => {
    const [a, b] = await twoInstances();
    await createAccount(t.db, geo, { username: 'constable-locked', state: 'UP', districts: ['Prayagraj'] });
    const lb = browserBehindBalancer(a);
    // The threshold is 5: three failures on A and two on B. Counted per instance, neither would lock.
    for (const [instance, failures] of [[a, 3], [b, 2]] as const) {
      for (let i = 0; i < failures; i++) {
        const res = await signIn(lb.to(instance), 'constable-locked', 'wrong password here');
        expect(res.status).toBe(422);
      }
    }
    for (const instance of [a, b]) {
      const res = await signIn(lb.to(instance), 'constable-locked', TEST_PASSWORD);
      expect(res.status).toBe(422);
      expect(res.text).toContain('locked until');
    }
    const throttle = await t.db.one<{ locked_until: Date | null }>("select locked_until from login_throttles where username = 'constable-locked'");
    expect(throttle.locked_until).toBeInstanceOf(Date);
  });
});

describe('two instances starting at once', () => {
  // PGlite serves one process only (its data directory is locked), so this needs a server.
  it.skipIf(!usingRealPostgres)('on a fresh PostgreSQL database, each migration is applied once, by one of them, without error', async () => {
    const fresh = await createTestDatabase({ migrate: false });
    const pools = [0, 1].map(() => createPooledDatabase({ connectionString: fresh.url, max: 2, kind: 'postgres' }));
    const lines: string[][] = [[], []];
    const loggers = lines.map((sink) =>
      createLogger('info', new Writable({ write: (chunk, _enc, done) => (sink.push(String(chunk)), done()) })),
    );
    try {
      await Promise.all(pools.map((pool, i) => prepareDatabase(pool, loggers[i])));

      const files = readMigrations();
      expect(await fresh.db.many('select version, name from schema_migrations order by version')).toEqual(
        files.map((m) => ({ version: m.version, name: m.name })),
      );
      const outcomes = lines.map((sink) => JSON.parse(sink.join('')) as { msg: string; applied?: string[] });
      const migrator = outcomes.find((o) => o.msg === 'applied migrations');
      const waiter = outcomes.find((o) => o.msg === 'database schema is up to date');
      expect(migrator?.applied).toEqual(files.map((m) => m.name));
      expect(waiter).toBeDefined();
      // The reference data was seeded once too.
      expect(await fresh.db.one('select count(*)::int as n from states')).toEqual(await t.db.one('select count(*)::int as n from states'));
    } finally {
      await Promise.all(pools.map((pool) => pool.close()));
      await fresh.drop();
    }
  });
});
