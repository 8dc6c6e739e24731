import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, signIn } from './helpers/accounts';
import { addDonor, addRequest } from './helpers/records';
import { browser, buildTestApp, hiddenValue, type TestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';

// Who may open what: anonymous visitors, a volunteer of the record's district, a volunteer
// of another district, and an admin, against every protected page.

let t: TestDatabase;
let app: TestApp;
let donorId: number;
let requestId: number;
const agents: Record<string, ReturnType<typeof browser>> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  app = await buildTestApp(t.db);
  await createAccount(t.db, app.geo, { username: 'in-district', state: 'UP', districts: ['Prayagraj'] });
  await createAccount(t.db, app.geo, { username: 'other-district', state: 'UP', districts: ['Lucknow'] });
  await createAccount(t.db, app.geo, { username: 'the-admin', role: 'admin' });
  donorId = await addDonor(t.db, app.geo);
  requestId = (await addRequest(t.db, app.geo)).id;
  agents.anonymous = browser(app.app);
  for (const who of ['in-district', 'other-district', 'the-admin']) {
    agents[who] = browser(app.app);
    expect((await signIn(agents[who]!, who)).status).toBe(303);
  }
});
afterAll(async () => {
  app.close();
  await t.drop();
});

type Who = 'anonymous' | 'in-district' | 'other-district' | 'the-admin';
const WHO: Who[] = ['anonymous', 'in-district', 'other-district', 'the-admin'];

// Expected status per visitor: 303 for anonymous means "sent to sign in".
const pages: Array<[string, () => string, Record<Who, number>]> = [
  ['the queue', () => '/volunteer', { anonymous: 303, 'in-district': 200, 'other-district': 200, 'the-admin': 200 }],
  ['a donor', () => `/volunteer/donors/${donorId}`, { anonymous: 303, 'in-district': 200, 'other-district': 404, 'the-admin': 200 }],
  ['a donor\'s contact', () => `/volunteer/donors/${donorId}?contact=1`, { anonymous: 303, 'in-district': 200, 'other-district': 404, 'the-admin': 200 }],
  ['a request', () => `/volunteer/requests/${requestId}`, { anonymous: 303, 'in-district': 200, 'other-district': 404, 'the-admin': 200 }],
  ['assisted donor entry', () => '/volunteer/donors/new', { anonymous: 303, 'in-district': 200, 'other-district': 200, 'the-admin': 200 }],
  ['assisted request entry', () => '/volunteer/requests/new', { anonymous: 303, 'in-district': 200, 'other-district': 200, 'the-admin': 200 }],
  ['password change', () => '/account/password', { anonymous: 303, 'in-district': 200, 'other-district': 200, 'the-admin': 200 }],
  ['requests to fill', () => '/volunteer/requests', { anonymous: 303, 'in-district': 200, 'other-district': 200, 'the-admin': 200 }],
  ['camps', () => '/volunteer/camps', { anonymous: 303, 'in-district': 200, 'other-district': 200, 'the-admin': 200 }],
  ['new camp', () => '/volunteer/camps/new', { anonymous: 303, 'in-district': 200, 'other-district': 200, 'the-admin': 200 }],
  ['partner organisations', () => '/volunteer/organisations', { anonymous: 303, 'in-district': 200, 'other-district': 200, 'the-admin': 200 }],
  ['new organisation', () => '/volunteer/organisations/new', { anonymous: 303, 'in-district': 200, 'other-district': 200, 'the-admin': 200 }],
  ['admin home', () => '/admin', { anonymous: 303, 'in-district': 403, 'other-district': 403, 'the-admin': 200 }],
  ['volunteer accounts', () => '/admin/volunteers', { anonymous: 303, 'in-district': 403, 'other-district': 403, 'the-admin': 200 }],
  ['new volunteer account', () => '/admin/volunteers/new', { anonymous: 303, 'in-district': 403, 'other-district': 403, 'the-admin': 200 }],
  ['audit log', () => '/admin/audit', { anonymous: 303, 'in-district': 403, 'other-district': 403, 'the-admin': 200 }],
  ['audit export', () => '/admin/audit.csv', { anonymous: 303, 'in-district': 403, 'other-district': 403, 'the-admin': 200 }],
  ['messages outbox', () => '/admin/notifications', { anonymous: 303, 'in-district': 403, 'other-district': 403, 'the-admin': 200 }],
  ['camps export', () => '/admin/camps.csv', { anonymous: 303, 'in-district': 403, 'other-district': 403, 'the-admin': 200 }],
];

describe.each(pages)('GET %s', (_name, path, expected) => {
  it.each(WHO)('as %s', async (who) => {
    const res = await agents[who]!.get(path());
    expect(res.status).toBe(expected[who]);
    if (expected[who] === 303) expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(path())}`);
    if (expected[who] === 403) expect(res.text).toContain('You do not have access to this page');
  });
});

const actions: Array<[string, () => string, Record<string, string>]> = [
  ['a note on a donor', () => `/volunteer/donors/${donorId}/notes`, { note: 'checked' }],
  ['a note on a request', () => `/volunteer/requests/${requestId}/notes`, { note: 'checked' }],
  ['an unanswered call to a donor', () => `/volunteer/donors/${donorId}/unreachable`, {}],
  ['a deferral on a donor', () => `/volunteer/donors/${donorId}/deferrals`, { deferral_reason: 'malaria', deferral_since: '2026-06-01' }],
];

describe.each(actions)('POST %s', (_name, path, fields) => {
  it.each(WHO)('as %s', async (who) => {
    const agent = agents[who]!;
    const page = await agent.get(who === 'anonymous' ? '/login' : '/volunteer');
    const res = await agent.post(path()).type('form').send({ ...fields, _csrf: hiddenValue(page.text, '_csrf') });
    const expected = { anonymous: 303, 'in-district': 303, 'other-district': 404, 'the-admin': 303 }[who];
    expect(res.status).toBe(expected);
    if (who === 'anonymous') expect(res.headers.location).toBe('/login');
  });
});

it('nothing an outsider tried reached the records', async () => {
  const notes = await t.db.many<{ username: string }>('select v.username from case_notes n join volunteers v on v.id = n.volunteer_id order by 1');
  expect(notes.map((n) => n.username)).not.toContain('other-district');
  const attempts = await t.db.one<{ contact_attempts: number }>('select contact_attempts from donors where id = $1', [donorId]);
  expect(attempts.contact_attempts).toBe(2);
});
