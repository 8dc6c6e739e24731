import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPooledDatabase, type PooledDatabase } from '../src/db/pool';
import { PHONE_TAKEN, Portal, unexpected, type Submission, type Visitor } from './helpers/form-load';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy';
import { validRequestForm } from './helpers/fixtures';
import { browser, buildTestApp, openForm, type TestApp } from './helpers/test-app';
import { createTestDatabase, usingRealPostgres, type TestDatabase } from './helpers/test-db';

// The database goes away while people are using the portal, and comes back. Nobody gets a crash
// page or a hung connection, nothing that was confirmed is lost, and the portal recovers on its own.

const OUTAGE_MS = 1_500;
const VISITORS = 8;

let t: TestDatabase;
let proxy: TcpProxy;
let db: PooledDatabase;
let app: TestApp;
let server: Server;
let portal: Portal;

// A rejected promise nobody awaited, or an error event nobody listens to, would bring the real
// process down: here it fails the test instead.
const crashes: unknown[] = [];
const onCrash = (err: unknown) => crashes.push(err);

beforeAll(async () => {
  process.on('unhandledRejection', onCrash);
  process.on('uncaughtException', onCrash);
  t = await createTestDatabase();
  proxy = await startTcpProxy(t.url);
  // The app reaches its database only through the proxy; PGlite is one session, so its pool stays at one.
  db = createPooledDatabase({ connectionString: proxy.url, max: t.kind === 'embedded' ? 1 : 5, kind: t.kind });
  app = await buildTestApp(db);
  server = app.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  portal = new Portal(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, app.geo);
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  app?.close();
  await db?.close();
  await proxy?.close();
  await t?.drop();
  process.off('unhandledRejection', onCrash);
  process.off('uncaughtException', onCrash);
});
afterEach(() => {
  expect(crashes).toEqual([]);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function visitors(): Promise<Visitor[]> {
  return Promise.all(Array.from({ length: VISITORS }, (_, i) => portal.arrive(i % 2 ? 'en' : 'hi')));
}

/** Milliseconds until the readiness check and a page that reads the database both answer 200. */
async function timeToRecover(visitor: Visitor, limitMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    const ready = await portal.send(visitor, 'GET', '/readyz');
    const camps = await portal.send(visitor, 'GET', '/camps');
    if (ready.status === 200 && camps.status === 200) return Date.now() - started;
    await sleep(50);
  }
  throw new Error(`not recovered after ${limitMs} ms`);
}

async function rowsFor(s: Submission): Promise<Array<{ reference?: string }>> {
  return s.form === 'donor'
    ? t.db.many('select id from donors where phone = $1', [s.key])
    : t.db.many('select reference from blood_requests where form_token = $1', [s.key]);
}

/**
 * Every answer was normal or the friendly busy page; every confirmed form has its row; every form
 * that failed, sent again, is stored exactly once. Returns the figures for the report.
 */
async function checkNothingLost(submissions: Submission[]) {
  expect(portal.answers.map(unexpected).filter(Boolean)).toEqual([]);
  const acknowledged = submissions.filter((s) => s.answer.status === 303);
  const failed = submissions.filter((s) => s.answer.status !== 303);
  let lost = 0;
  for (const s of acknowledged) {
    const rows = await rowsFor(s);
    if (rows.length !== 1) lost += 1;
    if (s.form === 'request') expect(s.answer.location).toBe(`/requests/${rows[0]?.reference}/submitted`);
  }
  let storedBeforeRetry = 0;
  for (const s of failed) {
    storedBeforeRetry += (await rowsFor(s)).length;
    const again = await portal.resend(s);
    const rows = await rowsFor(s);
    expect(rows).toHaveLength(1);
    if (again.status === 422) {
      // Its commit went through but the answer was lost with the connection: the donor is told the
      // number is registered, which it is.
      expect(s.form).toBe('donor');
      expect(again.text).toContain(PHONE_TAKEN[again.lang]);
    } else {
      expect(again.status).toBe(303);
      if (s.form === 'request') expect(again.location).toBe(`/requests/${rows[0]!.reference}/submitted`);
    }
  }
  expect(lost).toBe(0);
  return { sent: submissions.length, acknowledged: acknowledged.length, failedAndRetried: failed.length, storedBeforeRetry, lost };
}

describe('the database becomes unreachable under load, then comes back', () => {
  it('answers normally or with the busy page, recovers on its own, and loses no confirmed form', async () => {
    const people = await visitors();
    const load = portal.load(people);
    await sleep(600);

    portal.phase = 'outage';
    const outageStarted = Date.now();
    await proxy.cutAll();
    await sleep(OUTAGE_MS / 2);
    const duringOutage = await portal.send(people[0]!, 'GET', '/readyz');
    expect(duringOutage.status).toBe(503);
    await sleep(OUTAGE_MS / 2);

    await proxy.restore();
    portal.phase = 'after';
    const recoveryMs = await timeToRecover(people[1]!, 5_000);
    const outageMs = Date.now() - outageStarted - recoveryMs;
    await sleep(500);
    await load.stop();

    const inOutage = portal.submissions.filter((s) => s.answer.phase === 'outage');
    // The fault really was felt: forms were refused with the busy page, and so was the readiness check.
    expect(inOutage.filter((s) => s.answer.status === 503).length).toBeGreaterThan(0);
    expect(portal.answers.some((a) => a.phase === 'outage' && a.path === '/readyz' && a.status === 503)).toBe(true);
    expect(recoveryMs).toBeLessThan(3_000);

    const figures = await checkNothingLost(portal.submissions);
    const outageFigures = { sent: inOutage.length, acknowledged: inOutage.filter((s) => s.answer.status === 303).length };
    console.info('database outage', JSON.stringify({ backend: t.kind, connectionsCut: proxy.cut, outageMs, recoveryMs, duringOutage: outageFigures, all: figures, requests: portal.answers.length }));
  });
});

describe('a connection lost in the middle of a transaction', () => {
  it('rolls the transaction back without crashing the process, and the next one works', async () => {
    const phone = '+919800099999';
    const failed = await db
      .withTransaction(async (tx) => {
        await tx.exec(`insert into donors (full_name, phone, sex, date_of_birth, weight_kg, blood_group, state_code, district_id, locality, pincode,
                                          preferred_language, consent_notice_version, consent_given_at)
                       select 'Half Written', $1, 'male', '1990-01-01', 60, 'A+', 'UP', id, 'Civil Lines', '211001', 'hi', '2026-11', now()
                       from districts where state_code = 'UP' limit 1`, [phone]);
        // The network drops while the app is between two statements: pg reports it as an 'error' event.
        await proxy.cutAll();
        await sleep(100);
        await tx.exec('select 1');
      })
      .catch((err: unknown) => err);
    expect(String(failed)).toMatch(/connection error|terminated/i);
    await proxy.restore();
    expect(await db.one('select 1 as up')).toEqual({ up: 1 });
    expect(await t.db.many('select id from donors where phone = $1', [phone])).toEqual([]);
  });
});

describe('the database fails between storing a request and storing the session that shows it', () => {
  it('shows the busy page instead of a confirmation, and sending the form again confirms the same request', async () => {
    // The session store's writes fail, as when the connection drops right after the request's commit.
    const sessionWritesFail = new Proxy(db.pool, {
      get(pool, prop) {
        if (prop !== 'query') return Reflect.get(pool, prop, pool);
        return (text: string, values?: unknown[]) =>
          /^INSERT INTO "sessions"/i.test(text) ? Promise.reject(new Error('Connection terminated unexpectedly')) : pool.query(text, values);
      },
    });
    const flaky = await buildTestApp({ ...db, pool: sessionWritesFail }, { geo: app.geo });
    const family = browser(app.app);
    const { res: page, formToken, csrf } = await openForm(family, '/requests/new?lang=en');
    const form = { ...validRequestForm(app.geo, { form_token: formToken }), _csrf: csrf };

    const failed = await browser(flaky.app).post('/requests').set('Cookie', page.headers['set-cookie'] as unknown as string[]).type('form').send(form);
    expect(failed.status).toBe(503);
    expect(failed.text).toContain('The service is busy right now');
    const stored = await t.db.many<{ reference: string }>('select reference from blood_requests where form_token = $1', [formToken]);
    expect(stored).toHaveLength(1);
    flaky.close();

    // The family presses the button again once the database is back, and sees the confirmation.
    const again = await family.post('/requests').type('form').send(form);
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe(`/requests/${stored[0]!.reference}/submitted`);
    expect(await t.db.many('select id from blood_requests where form_token = $1', [formToken])).toHaveLength(1);
    const confirmation = await family.get(again.headers.location!);
    expect(confirmation.status).toBe(200);
    expect(confirmation.text).toContain(stored[0]!.reference);
  });
});

describe.runIf(usingRealPostgres)('every backend of the database is terminated under load', () => {
  it('answers normally or with the busy page, and loses no confirmed form', async () => {
    const admin = createPooledDatabase({ connectionString: process.env.TEST_DATABASE_URL!, max: 1, kind: 'postgres' });
    const name = new URL(t.url).pathname.slice(1);
    portal.answers = [];
    portal.submissions = [];
    portal.phase = 'before';
    const people = await visitors();
    const load = portal.load(people);
    await sleep(400);
    portal.phase = 'terminations';
    let terminated = 0;
    for (let round = 0; round < 4; round++) {
      // In the select list, not the where clause: only this database's backends are terminated.
      const killed = await admin.many<{ done: boolean }>('select pg_terminate_backend(pid) as done from pg_stat_activity where datname = $1', [name]);
      terminated += killed.filter((k) => k.done).length;
      await sleep(250);
    }
    portal.phase = 'after';
    await sleep(500);
    await load.stop();
    await admin.close();

    expect(terminated).toBeGreaterThan(0);
    expect(portal.answers.filter((a) => a.phase === 'after').every((a) => !unexpected(a) && a.status !== 503)).toBe(true);
    const figures = await checkNothingLost(portal.submissions);
    console.info('backends terminated', JSON.stringify({ terminated, all: figures, requests: portal.answers.length }));
  });
});
