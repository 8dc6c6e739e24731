import type { Options } from 'express-rate-limit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { createPooledDatabase, type PooledDatabase } from '../src/db/pool';
import { createLogger } from '../src/logger';
import { PostgresRateLimitStore } from '../src/web/rate-limit-store';
import { buildTasks } from '../src/worker/tasks';
import { browser, buildTestApp, openForm, TEST_NOW } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';

// The rate-limit counters in PostgreSQL (rate_limits), as express-rate-limit drives them.

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});
beforeEach(async () => {
  await t.db.exec('delete from rate_limits');
});

const MINUTE = 60_000;

function storeFor(limiter: string, windowMs = 15 * MINUTE) {
  const store = new PostgresRateLimitStore(t.db, limiter);
  store.init({ windowMs } as Options);
  return store;
}

/** Ends the current window of a key, as if its reset time had passed. */
async function endWindow(limiter: string, key: string) {
  await t.db.exec("update rate_limits set reset_at = now() - interval '1 second' where limiter = $1 and key = $2", [limiter, key]);
}

describe('the PostgreSQL rate-limit store', () => {
  it('counts hits from 1 and gives the end of a window that started with the first hit', async () => {
    const store = storeFor('posts');
    const { now } = await t.db.one<{ now: Date }>('select now()');
    const first = await store.increment('198.51.100.1');
    expect(first.totalHits).toBe(1);
    const windowEnds = first.resetTime!.getTime() - now.getTime();
    expect(windowEnds).toBeGreaterThan(15 * MINUTE - 5_000);
    expect(windowEnds).toBeLessThanOrEqual(15 * MINUTE + 5_000);

    const second = await store.increment('198.51.100.1');
    expect(second).toEqual({ totalHits: 2, resetTime: first.resetTime });
    expect(await store.get('198.51.100.1')).toEqual({ totalHits: 2, resetTime: first.resetTime });
    expect(await t.db.many('select limiter, key, hits from rate_limits')).toEqual([{ limiter: 'posts', key: '198.51.100.1', hits: 2 }]);
  });

  it('keeps addresses apart, and limiters apart for the same address', async () => {
    const posts = storeFor('posts');
    const login = storeFor('login');
    await posts.increment('198.51.100.1');
    await posts.increment('198.51.100.1');
    expect((await posts.increment('198.51.100.2')).totalHits).toBe(1);
    expect((await login.increment('198.51.100.1')).totalHits).toBe(1);
    expect((await posts.increment('198.51.100.1')).totalHits).toBe(3);
  });

  it('starts a new window at 1 once the old one has ended', async () => {
    const store = storeFor('tracking');
    for (let i = 0; i < 3; i++) await store.increment('198.51.100.1');
    const before = await store.get('198.51.100.1');
    await endWindow('tracking', '198.51.100.1');
    expect(await store.get('198.51.100.1')).toBeUndefined();

    const fresh = await store.increment('198.51.100.1');
    expect(fresh.totalHits).toBe(1);
    expect(fresh.resetTime!.getTime()).toBeGreaterThanOrEqual(before!.resetTime!.getTime());
  });

  it('a window really ends with time, measured by the database clock', async () => {
    const store = storeFor('donor_code', 1000);
    expect((await store.increment('198.51.100.1')).totalHits).toBe(1);
    expect((await store.increment('198.51.100.1')).totalHits).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect((await store.increment('198.51.100.1')).totalHits).toBe(1);
  });

  it('resetKey forgets one address only; decrement takes back one hit, never below zero', async () => {
    const store = storeFor('login');
    for (let i = 0; i < 3; i++) await store.increment('198.51.100.1');
    await store.increment('198.51.100.2');
    await store.resetKey('198.51.100.1');
    expect(await store.get('198.51.100.1')).toBeUndefined();
    expect((await store.get('198.51.100.2'))?.totalHits).toBe(1);
    expect((await store.increment('198.51.100.1')).totalHits).toBe(1);

    await store.decrement('198.51.100.2');
    await store.decrement('198.51.100.2');
    expect((await store.get('198.51.100.2'))?.totalHits).toBe(0);
    expect((await store.increment('198.51.100.2')).totalHits).toBe(1);
  });

  it('loses no hit when many arrive at once (one atomic statement per hit)', async () => {
    const store = storeFor('posts');
    const results = await Promise.all(Array.from({ length: 25 }, () => store.increment('198.51.100.9')));
    expect(results.map((r) => r.totalHits).sort((x, y) => x - y)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('refuses to count before its limiter has given it a window', async () => {
    await expect(new PostgresRateLimitStore(t.db, 'posts').increment('198.51.100.1')).rejects.toThrow(/before its limiter set it up/);
  });
});

describe('pruning', () => {
  it('the prune-rate-limits task deletes counters whose window has ended and keeps the rest', async () => {
    const store = storeFor('posts');
    await store.increment('198.51.100.1');
    await store.increment('198.51.100.2');
    await endWindow('posts', '198.51.100.1');

    const config = loadConfig({ NODE_ENV: 'test' });
    const task = buildTasks({ db: t.db, config, logger: createLogger('silent'), now: () => TEST_NOW }).find((x) => x.name === 'prune-rate-limits');
    expect(task?.everyMs).toBe(10 * MINUTE);
    expect(await task!.run(TEST_NOW, new AbortController().signal)).toBe(1);
    expect(await t.db.many('select key from rate_limits')).toEqual([{ key: '198.51.100.2' }]);
  });
});

describe('when the database cannot be reached', () => {
  let down: PooledDatabase;
  beforeAll(() => {
    down = createPooledDatabase({ connectionString: 'postgres://postgres@127.0.0.1:1/none', max: 1, kind: 'postgres' });
  });
  afterAll(async () => {
    await down.close();
  });

  it('a form post is not let through uncounted: the visitor gets the 503 page, not a 500', async () => {
    const up = await buildTestApp(t.db);
    const broken = await buildTestApp(down, { geo: up.geo });
    try {
      // The form was opened while the database was up; the anonymous post needs no session, so
      // the rate limit is the first thing on its way that needs the database.
      const { res: page, csrf } = await openForm(browser(up.app), '/donors/new?lang=en');
      const res = await browser(broken.app)
        .post('/donors?lang=en')
        .set('Cookie', page.headers['set-cookie'] as unknown as string[])
        .type('form')
        .send({ _csrf: csrf, action: 'choose_state', state_code: 'UP' });
      expect(res.status).toBe(503);
      expect(res.text).toContain('The service is busy right now');
      const failure = broken.logs.find((l) => l.level === 50 && l.msg === 'request failed') as { err?: { message?: string } } | undefined;
      expect(failure?.err?.message).toMatch(/ECONNREFUSED/);
    } finally {
      up.close();
      broken.close();
    }
  });
});
