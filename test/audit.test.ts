import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../src/audit/audit-filters';
import { readLocale } from '../src/web/i18n';
import { createAccount, signIn } from './helpers/accounts';
import { browser, buildTestApp, type TestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { parseCsv } from './helpers/csv';

let t: TestDatabase;
let app: TestApp;
let adminId: number;

beforeAll(async () => {
  t = await createTestDatabase();
  app = await buildTestApp(t.db);
  adminId = await createAccount(t.db, app.geo, { username: 'auditor', role: 'admin' });
  await createAccount(t.db, app.geo, { username: 'walker', state: 'UP', districts: ['Prayagraj'] });
});
afterAll(async () => {
  app.close();
  await t.drop();
});

async function signedIn(username: string) {
  const agent = browser(app.app);
  expect((await signIn(agent, username)).status).toBe(303);
  return agent;
}

/** Audit rows written straight into the table, at chosen times (the app's own rows carry the real clock). */
async function insertEvents(actor: string, rows: Array<{ at: string; action?: string; details?: Record<string, unknown> }>) {
  for (const r of rows) {
    await t.db.exec(`insert into audit_events (occurred_at, actor_username, actor_role, action, details) values ($1, $2, 'volunteer', $3, $4)`, [
      r.at, actor, r.action ?? 'login', JSON.stringify(r.details ?? {}),
    ]);
  }
}

/** The table rows of the audit page (between <tbody> and </tbody>). */
const tableRows = (html: string) => (/<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '').split('<tr>').slice(1);
const unescapeHtml = (s: string) => s.replace(/&amp;/g, '&').replace(/&#34;/g, '"');

describe('who may see the audit log', () => {
  it.each(['/admin/audit', '/admin/audit.csv'])('GET %s sends anonymous visitors to sign in, gives volunteers 403 and admins the log', async (path) => {
    const anonymous = await browser(app.app).get(path);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
    expect((await (await signedIn('walker')).get(path)).status).toBe(403);
    expect((await (await signedIn('auditor')).get(path)).status).toBe(200);
  });
});

describe('GET /admin/audit', () => {
  it('shows entries newest first with time, actor, role, translated action, record, address and details', async () => {
    await insertEvents('order.check', [
      { at: '2026-04-01T09:15:00+05:30', action: 'volunteer_deactivated', details: { sessionsEnded: 2 } },
      { at: '2026-04-02T18:45:00+05:30', action: 'password_reset' },
    ]);
    const admin = await signedIn('auditor');
    const res = await admin.get('/admin/audit?actor=order.check');
    expect(res.status).toBe(200);
    const rows = tableRows(res.text);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('02/04/2026 18:45');
    expect(rows[0]).toContain('Password reset');
    expect(rows[1]).toContain('01/04/2026 09:15');
    expect(rows[1]).toContain('Account deactivated');
    expect(rows[1]).toContain('Volunteer');
    expect(unescapeHtml(rows[1]!)).toContain('{"sessionsEnded":2}');

    const own = tableRows((await admin.get('/admin/audit?actor=auditor&action=login')).text);
    expect(own[0]).toContain('Signed in');
    expect(own[0]).toContain('Administrator');
    expect(own[0]).toContain('127.0.0.1');
  });

  it('links an entry about an account to that account', async () => {
    const admin = await signedIn('auditor');
    const id = await createAccount(t.db, app.geo, { username: 'linked', state: 'UP' });
    await t.db.exec(`insert into audit_events (actor_id, actor_username, actor_role, action, entity_type, entity_id) values ($1, 'auditor', 'admin', 'volunteer_updated', 'volunteer', $2)`, [adminId, id]);
    const res = await admin.get('/admin/audit?action=volunteer_updated');
    expect(res.text).toContain(`<a href="/admin/volunteers/${id}">Account #${id}</a>`);
  });

  it('filters by action and by a date range counted in Indian time', async () => {
    await insertEvents('dated', [
      { at: '2026-03-01T23:59:00+05:30', details: { mark: 'before' } },
      { at: '2026-03-02T00:00:00+05:30', details: { mark: 'first' } },
      { at: '2026-03-02T23:59:59+05:30', action: 'logout', details: { mark: 'last' } },
      { at: '2026-03-03T00:00:00+05:30', details: { mark: 'after' } },
    ]);
    const admin = await signedIn('auditor');
    const day = await admin.get('/admin/audit?actor=dated&from=2026-03-02&to=02/03/2026');
    expect(day.status).toBe(200);
    const marks = tableRows(unescapeHtml(day.text)).map((r) => /"mark":"(\w+)"/.exec(r)?.[1]);
    expect(marks).toEqual(['last', 'first']);
    const logouts = tableRows((await admin.get('/admin/audit?actor=dated&action=logout')).text);
    expect(logouts).toHaveLength(1);
    expect(logouts[0]).toContain('Signed out');
    const none = await admin.get('/admin/audit?actor=nobody.at.all');
    expect(none.text).toContain('No entries match.');
  });

  it('with bad filter values shows a message for each, answers 422 and lists nothing', async () => {
    const admin = await signedIn('auditor');
    const res = await admin.get(`/admin/audit?action=drop_table&from=31/02/2026&to=someday&actor=${'x'.repeat(101)}`);
    expect(res.status).toBe(422);
    expect(res.text).toContain('<a href="#actor">Write at most 100 characters</a>');
    expect(res.text).toContain('<a href="#action">Choose an action from the list</a>');
    expect(res.text).toContain('<a href="#from">Enter a real date');
    expect(res.text).toContain('<a href="#to">Enter a real date');
    expect(res.text).not.toContain('<tbody>');

    const reversed = await admin.get('/admin/audit?from=2026-03-05&to=2026-03-01');
    expect(reversed.status).toBe(422);
    expect(reversed.text).toContain('<a href="#to">The end date must be on or after the start date</a>');
    const cursor = await admin.get('/admin/audit?before=abc');
    expect(cursor.status).toBe(422);
    expect(cursor.text).toContain('This page link is not valid');
    const twice = await admin.get('/admin/audit?action=login&action=logout');
    expect(twice.status).toBe(422);
    expect(twice.text).toContain('<a href="#action">This answer is not valid</a>');
  });

  it('pages through older entries 50 at a time without skipping or repeating rows written in the same instant', async () => {
    await t.db.exec(
      `insert into audit_events (occurred_at, actor_username, actor_role, action, details)
       select timestamptz '2026-03-10 10:00:00+05:30', 'pager', 'volunteer', 'login', jsonb_build_object('n', g) from generate_series(1, 60) g`,
    );
    const admin = await signedIn('auditor');
    const first = await admin.get('/admin/audit?actor=pager');
    const numbers = (html: string) => tableRows(unescapeHtml(html)).map((r) => Number(/"n":(\d+)/.exec(r)?.[1]));
    expect(numbers(first.text)).toEqual(Array.from({ length: 50 }, (_, i) => 60 - i));
    const older = /<a href="([^"]+)" rel="next">Older entries<\/a>/.exec(first.text)?.[1];
    expect(older).toMatch(/^\/admin\/audit\?actor=pager&amp;before=\d+$/);

    const second = await admin.get(unescapeHtml(older!));
    expect(second.status).toBe(200);
    expect(numbers(second.text)).toEqual(Array.from({ length: 10 }, (_, i) => 10 - i));
    expect(second.text).not.toContain('Older entries');
    expect(second.text).toContain('<a href="/admin/audit?actor=pager">Newest entries</a>');
  });
});

describe('GET /admin/audit.csv', () => {
  it('downloads the filtered entries with a header row, neutralises spreadsheet formulas, and records the export', async () => {
    for (const username of ['=cmd|calc', '+sum(1)', '-2+3', '@at']) expect((await signIn(browser(app.app), username, 'wrong password')).status).toBe(422);
    const admin = await signedIn('auditor');
    const res = await admin.get('/admin/audit.csv?action=login_failed');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename=audit-2026-06-15.csv');
    const [header, ...rows] = parseCsv(res.text.replace(/^\uFEFF/, ''));
    expect(header).toEqual(['id', 'time (IST)', 'occurred_at (UTC)', 'username', 'role', 'action', 'entity_type', 'entity_id', 'ip', 'details']);
    expect(rows.map((r) => r[3])).toEqual(["'@at", "'-2+3", "'+sum(1)", "'=cmd|calc"]);
    expect(rows.every((r) => r[5] === 'login_failed' && r[8] === '127.0.0.1' && r[9] === '{"reason":"unknown_or_inactive"}')).toBe(true);
    expect(rows[0]![2]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    for (const r of rows) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

    const exported = await t.db.one('select actor_id, details from audit_events where action = $1 order by id desc limit 1', ['audit_exported']);
    expect(exported).toEqual({ actor_id: adminId, details: { filters: { action: 'login_failed' }, rows: 4, capped: false } });
    const page = await admin.get('/admin/audit?action=audit_exported');
    expect(page.text).toContain('Audit log downloaded');
  });

  it('with bad filter values answers 422 with the messages and exports nothing', async () => {
    const before = (await t.db.one<{ n: number }>(`select count(*)::int as n from audit_events where action = 'audit_exported'`)).n;
    const res = await (await signedIn('auditor')).get('/admin/audit.csv?from=not-a-date');
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<a href="#from">Enter a real date');
    expect((await t.db.one<{ n: number }>(`select count(*)::int as n from audit_events where action = 'audit_exported'`)).n).toBe(before);
  });

  it('stops at 50,000 rows and says so in the file name', async () => {
    await t.db.exec(
      `insert into audit_events (occurred_at, actor_username, actor_role, action)
       select timestamptz '2026-01-01 00:00:00+05:30' + g * interval '1 second', 'bulk', 'volunteer', 'login' from generate_series(1, 50001) g`,
    );
    const res = await (await signedIn('auditor')).get('/admin/audit.csv?actor=bulk');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename=audit-2026-06-15-first-50000-rows.csv');
    expect(res.text.trimEnd().split('\n')).toHaveLength(50_001);
    const exported = await t.db.one('select details from audit_events where action = $1 order by id desc limit 1', ['audit_exported']);
    expect(exported.details).toEqual({ filters: { actor: 'bulk' }, rows: 50_000, capped: true });
  });
});

describe('the audit table', () => {
  it('rejects UPDATE and DELETE: it is append-only', async () => {
    await expect(t.db.exec(`update audit_events set action = 'logout' where actor_username = 'auditor'`)).rejects.toThrow(/append-only/);
    await expect(t.db.exec(`delete from audit_events where actor_username = 'auditor'`)).rejects.toThrow(/append-only/);
    expect((await t.db.one<{ n: number }>(`select count(*)::int as n from audit_events where actor_username = 'auditor'`)).n).toBeGreaterThan(0);
  });

  it('has a label for every action in Hindi and English', () => {
    for (const lang of ['hi', 'en'] as const) {
      const labels = (readLocale(lang).audit as { actions: Record<string, string> }).actions;
      expect(AUDIT_ACTIONS.filter((a) => !labels[a])).toEqual([]);
    }
  });
});
