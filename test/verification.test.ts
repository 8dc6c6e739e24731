import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccount, signIn } from './helpers/accounts';
import { addDonor, addRequest } from './helpers/records';
import { browser, buildTestApp, hiddenValue, TEST_NOW, type TestApp } from './helpers/test-app';
import { createTestDatabase, usingRealPostgres, type TestDatabase } from './helpers/test-db';
import { districtId } from './helpers/fixtures';
import { verifyRecord } from '../src/verification/verification.queries';
import { createPooledDatabase } from '../src/db/pool';

let t: TestDatabase;
let app: TestApp;
const ago = (minutes: number) => new Date(TEST_NOW.getTime() - minutes * 60_000);

beforeAll(async () => {
  t = await createTestDatabase();
  app = await buildTestApp(t.db);
  await createAccount(t.db, app.geo, { username: 'prayagraj-1', state: 'UP', districts: ['Prayagraj'] });
  await createAccount(t.db, app.geo, { username: 'prayagraj-2', state: 'UP', districts: ['Prayagraj'] });
  await createAccount(t.db, app.geo, { username: 'lucknow-1', state: 'UP', districts: ['Lucknow'] });
  await createAccount(t.db, app.geo, { username: 'maharashtra', state: 'MH' });
  await createAccount(t.db, app.geo, { username: 'chief', role: 'admin' });
});
afterAll(async () => {
  app.close();
  await t.drop();
});
beforeEach(async () => {
  await t.db.exec('delete from case_notes; delete from blood_requests; delete from donors');
});

async function as(username: string) {
  const agent = browser(app.app);
  const res = await signIn(agent, username);
  expect(res.status).toBe(303);
  return agent;
}

/** Posts a form on a page the way a browser would: with the page's CSRF token. */
async function post(agent: Awaited<ReturnType<typeof as>>, pagePath: string, action: string, fields: Record<string, string> = {}) {
  const page = await agent.get(pagePath);
  return agent.post(action).type('form').send({ ...fields, _csrf: hiddenValue(page.text, '_csrf') });
}

describe('the queue at /volunteer', () => {
  it('counts what waits in my districts by type and urgency, with the oldest waiting time', async () => {
    await addRequest(t.db, app.geo, { urgency: 'emergency', createdAt: ago(30) });
    await addRequest(t.db, app.geo, { urgency: 'urgent', createdAt: ago(5) });
    await addDonor(t.db, app.geo, { createdAt: ago(125) });
    await addDonor(t.db, app.geo, { district: ['UP', 'Lucknow'], createdAt: ago(3000) });
    const res = await (await as('prayagraj-1')).get('/volunteer?lang=en');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<strong>1<\/strong>emergency requests/);
    expect(res.text).toMatch(/<strong>1<\/strong>urgent requests/);
    expect(res.text).toMatch(/<strong>0<\/strong>planned requests/);
    expect(res.text).toMatch(/<strong>1<\/strong>donors/);
    expect(res.text).toContain('Oldest waiting: 2 h 5 min');
  });

  it('lists emergency requests first, then urgent, then planned requests and donors by age', async () => {
    const planned = await addRequest(t.db, app.geo, { urgency: 'planned', createdAt: ago(300) });
    const donor = await addDonor(t.db, app.geo, { full_name: 'Old Donor', createdAt: ago(200) });
    const urgent = await addRequest(t.db, app.geo, { urgency: 'urgent', createdAt: ago(100) });
    const emergency = await addRequest(t.db, app.geo, { urgency: 'emergency', createdAt: ago(1) });
    const res = await (await as('prayagraj-1')).get('/volunteer?lang=en');
    const order = [`/volunteer/requests/${emergency.id}"`, `/volunteer/requests/${urgent.id}"`, `/volunteer/requests/${planned.id}"`, `/volunteer/donors/${donor}"`].map((p) =>
      res.text.indexOf(p),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(res.text).toContain('waiting 1 min');
  });

  it('shows only records of the volunteer\'s jurisdiction, and everything to an admin', async () => {
    await addDonor(t.db, app.geo, { full_name: 'Prayagraj Donor' });
    await addDonor(t.db, app.geo, { full_name: 'Lucknow Donor', district: ['UP', 'Lucknow'] });
    await addDonor(t.db, app.geo, { full_name: 'Pune Donor', district: ['MH', 'Pune'] });
    const mine = await (await as('prayagraj-1')).get('/volunteer?lang=en');
    expect(mine.text).toContain('Prayagraj Donor');
    expect(mine.text).not.toContain('Lucknow Donor');
    expect(mine.text).not.toContain('Pune Donor');
    const state = await (await as('maharashtra')).get('/volunteer?lang=en');
    expect(state.text).toContain('Pune Donor');
    expect(state.text).not.toContain('Prayagraj Donor');
    const admin = await (await as('chief')).get('/volunteer?lang=en');
    for (const name of ['Prayagraj Donor', 'Lucknow Donor', 'Pune Donor']) expect(admin.text).toContain(name);
  });

  it('filters by type, district, blood group and urgency', async () => {
    await addDonor(t.db, app.geo, { full_name: 'Bplus Donor', blood_group: 'B+' });
    await addDonor(t.db, app.geo, { full_name: 'Aneg Donor', blood_group: 'A-' });
    const req = await addRequest(t.db, app.geo, { urgency: 'planned', blood_group: 'A-' });
    const agent = await as('chief');
    const donorsOnly = await agent.get('/volunteer?lang=en&kind=donor&blood_group=A-');
    expect(donorsOnly.text).toContain('Aneg Donor');
    expect(donorsOnly.text).not.toContain('Bplus Donor');
    expect(donorsOnly.text).not.toContain(req.reference);
    const planned = await agent.get('/volunteer?lang=en&urgency=planned');
    expect(planned.text).toContain(req.reference);
    expect(planned.text).not.toContain('Aneg Donor');
    const lucknow = await agent.get(`/volunteer?lang=en&state=UP&district=${districtId(app.geo, 'UP', 'Lucknow')}`);
    expect(lucknow.text).toContain('Nothing is waiting');
  });

  it('explains a filter value that is not one of the choices instead of failing', async () => {
    await addDonor(t.db, app.geo, { full_name: 'Still Listed' });
    const res = await (await as('prayagraj-1')).get(`/volunteer?lang=en&blood_group=Z%2B&district=${districtId(app.geo, 'UP', 'Lucknow')}&kind=<script>`);
    expect(res.status).toBe(422);
    expect(res.text).toContain('<a href="#blood_group">This filter value is not one of the choices');
    expect(res.text).toContain('<a href="#district">');
    expect(res.text).toContain('<a href="#kind">');
    expect(res.text).toContain('Still Listed');
  });

  it('pages with a stable cursor: records added meanwhile neither repeat nor push others out', async () => {
    for (let i = 0; i < 30; i++) await addDonor(t.db, app.geo, { full_name: `Donor Number ${String(i).padStart(2, '0')}`, createdAt: ago(100 - i) });
    const agent = await as('prayagraj-1');
    const first = await agent.get('/volunteer?lang=en');
    const names = (html: string) => [...html.matchAll(/Donor Number (\d\d)/g)].map((m) => m[1]);
    expect(names(first.text)).toEqual(Array.from({ length: 25 }, (_, i) => String(i).padStart(2, '0')));
    const next = /href="(\/volunteer\?after=[^"]+)"/.exec(first.text)![1]!.replace(/&amp;/g, '&');
    await addDonor(t.db, app.geo, { full_name: 'Donor Number 99', createdAt: ago(200) });
    const second = await agent.get(`${next}&lang=en`);
    expect(names(second.text)).toEqual(['25', '26', '27', '28', '29']);
    expect(second.text).not.toContain('Next page');
    const tampered = await agent.get('/volunteer?lang=en&after=bm9uc2Vuc2U');
    expect(tampered.status).toBe(200);
  });

  it('pages from requests into donors for an admin who sees every district: nothing skipped, nothing twice', async () => {
    const requests: string[] = [];
    for (let i = 0; i < 27; i++) {
      const { id } = await addRequest(t.db, app.geo, { createdAt: ago(300 - i), district: i % 2 ? ['UP', 'Prayagraj'] : ['MH', 'Pune'] });
      requests.push(`requests/${id}`);
    }
    const donors: string[] = [];
    for (let i = 0; i < 5; i++) donors.push(`donors/${await addDonor(t.db, app.geo, { createdAt: ago(900 - i), district: ['MH', 'Pune'] })}`);
    const agent = await as('chief');
    const listed = (html: string) => [...html.matchAll(/<a href="\/volunteer\/((?:requests|donors)\/\d+)">/g)].map((m) => m[1]);
    const first = await agent.get('/volunteer?lang=en');
    // Urgent requests come before donors, however long the donors have waited.
    expect(listed(first.text)).toEqual(requests.slice(0, 25));
    const next = /href="(\/volunteer\?after=[^"]+)"/.exec(first.text)![1]!.replace(/&amp;/g, '&');
    const second = await agent.get(`${next}&lang=en`);
    expect(listed(second.text)).toEqual([...requests.slice(25), ...donors]);
    expect(second.text).not.toContain('Next page');
  });
});

describe('a donor\'s page', () => {
  it('shows the submitted data but not the phone number until asked, and records that view', async () => {
    const id = await addDonor(t.db, app.geo, { full_name: 'Meena Kumari', phone: '+919811122233', sex: 'female', last_donation_on: '2026-03-01' });
    const agent = await as('prayagraj-1');
    const page = await agent.get(`/volunteer/donors/${id}?lang=en`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Donor: Meena Kumari');
    expect(page.text).toContain('Prayagraj, Uttar Pradesh');
    expect(page.text).toContain('29/06/2026');
    expect(page.text).not.toContain('9811122233');
    const contact = await agent.get(`/volunteer/donors/${id}?lang=en&contact=1`);
    expect(contact.text).toContain('+919811122233');
    const audit = await t.db.many('select actor_username, entity_type, entity_id::int as entity_id from audit_events where action = $1', ['contact_viewed']);
    expect(audit).toContainEqual({ actor_username: 'prayagraj-1', entity_type: 'donor', entity_id: id });
  });

  it('is not found for a volunteer of another district, or for an unknown id', async () => {
    const id = await addDonor(t.db, app.geo);
    const outsider = await as('lucknow-1');
    expect((await outsider.get(`/volunteer/donors/${id}`)).status).toBe(404);
    expect((await outsider.get(`/volunteer/donors/${id}?contact=1`)).status).toBe(404);
    expect((await outsider.get('/volunteer/donors/999999')).status).toBe(404);
    expect((await outsider.get('/volunteer/donors/abc')).status).toBe(404);
    const views = await t.db.one<{ n: number }>(`select count(*)::int as n from audit_events where action = 'contact_viewed' and actor_username = 'lucknow-1'`);
    expect(views.n).toBe(0);
  });

  it('lists similar records: same name and birth date, and requests from the same phone', async () => {
    const id = await addDonor(t.db, app.geo, { full_name: 'Raju Singh', date_of_birth: '1991-01-01', phone: '+919822233344' });
    await addDonor(t.db, app.geo, { full_name: 'raju singh', date_of_birth: '1991-01-01' });
    const req = await addRequest(t.db, app.geo, { contact_phone: '+919822233344' });
    const page = await (await as('prayagraj-1')).get(`/volunteer/donors/${id}?lang=en`);
    expect(page.text).toContain('raju singh</a> — same name and date of birth');
    expect(page.text).toContain(`${req.reference}</a> — same mobile number`);
  });
});

describe('verifying', () => {
  it('a donor: becomes verified and matchable, with who and when, audited, back to the queue', async () => {
    const id = await addDonor(t.db, app.geo);
    const agent = await as('prayagraj-1');
    const res = await post(agent, `/volunteer/donors/${id}`, `/volunteer/donors/${id}/verify`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/volunteer');
    expect((await agent.get('/volunteer?lang=en')).text).toContain('Donor verified.');
    const row = await t.db.one(`select d.status, v.username from donors d join volunteers v on v.id = d.verified_by where d.id = $1`, [id]);
    expect(row).toEqual({ status: 'verified', username: 'prayagraj-1' });
    const history = await agent.get(`/volunteer/donors/${id}?lang=en`);
    expect(history.text).toContain('prayagraj-1: verified the donor');
  });

  it('a request: opens it, and the family sees it on the tracking timeline', async () => {
    const { id } = await addRequest(t.db, app.geo);
    const res = await post(await as('prayagraj-1'), `/volunteer/requests/${id}`, `/volunteer/requests/${id}/verify`);
    expect(res.status).toBe(303);
    expect(await t.db.one('select status from blood_requests where id = $1', [id])).toEqual({ status: 'open' });
    const events = await t.db.many('select status from blood_request_events where request_id = $1 order by id', [id]);
    expect(events).toEqual([{ status: 'pending_verification' }, { status: 'open' }]);
  });

  it('by a volunteer of another district is not found and changes nothing', async () => {
    const id = await addDonor(t.db, app.geo);
    const outsider = await as('lucknow-1');
    const page = await outsider.get('/volunteer');
    const res = await outsider.post(`/volunteer/donors/${id}/verify`).type('form').send({ _csrf: hiddenValue(page.text, '_csrf') });
    expect(res.status).toBe(404);
    expect(await t.db.one('select status from donors where id = $1', [id])).toEqual({ status: 'pending_verification' });
  });

  it('twice: the second volunteer is told who handled it and when, and nothing is applied twice', async () => {
    const id = await addDonor(t.db, app.geo);
    const first = await as('prayagraj-1');
    const second = await as('prayagraj-2');
    const secondPage = await second.get(`/volunteer/donors/${id}`);
    await post(first, `/volunteer/donors/${id}`, `/volunteer/donors/${id}/verify`);
    const late = await second.post(`/volunteer/donors/${id}/verify`).type('form').send({ _csrf: hiddenValue(secondPage.text, '_csrf') });
    expect(late.status).toBe(303);
    const shown = await second.get(`${late.headers.location}?lang=en`);
    expect(shown.text).toMatch(/This was already handled by prayagraj-1 on \d\d\/\d\d\/\d{4} \d\d:\d\d\. Nothing was changed\./);
    const audits = await t.db.one<{ n: number }>(`select count(*)::int as n from audit_events where action = 'donor_verified' and entity_id = $1`, [id]);
    expect(audits.n).toBe(1);
  });

  it('by two volunteers at the same moment: exactly one wins', async () => {
    const id = await addDonor(t.db, app.geo);
    const [a, b] = [await as('prayagraj-1'), await as('prayagraj-2')];
    const [pa, pb] = [await a.get(`/volunteer/donors/${id}`), await b.get(`/volunteer/donors/${id}`)];
    const results = await Promise.all([
      a.post(`/volunteer/donors/${id}/verify`).type('form').send({ _csrf: hiddenValue(pa.text, '_csrf') }),
      b.post(`/volunteer/donors/${id}/reject`).type('form').send({ _csrf: hiddenValue(pb.text, '_csrf'), reason: 'duplicate' }),
    ]);
    expect(results.map((r) => r.headers.location).sort()).toEqual(['/volunteer', `/volunteer/donors/${id}`]);
    const decided = await t.db.one<{ n: number }>(`select count(*)::int as n from audit_events where action in ('donor_verified', 'donor_rejected') and entity_id = $1`, [id]);
    expect(decided.n).toBe(1);
  });

  it.runIf(usingRealPostgres)('in two concurrent database transactions: the row lock lets exactly one update through', async () => {
    const id = await addDonor(t.db, app.geo);
    const other = createPooledDatabase({ connectionString: t.url, max: 2, kind: 'postgres' });
    try {
      const attempt = (db: typeof t.db, volunteerId: number) =>
        db.withTransaction(async (tx) => {
          const won = await verifyRecord(tx, 'donor', id, null, volunteerId, new Date());
          await tx.exec('select pg_sleep(0.2)');
          return won;
        });
      const ids = await t.db.many<{ id: number }>(`select id from volunteers where username in ('prayagraj-1', 'prayagraj-2') order by username`);
      const results = await Promise.all([attempt(t.db, ids[0]!.id), attempt(other, ids[1]!.id)]);
      expect(results.filter(Boolean)).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});

describe('rejecting', () => {
  it('needs a reason, and words when the reason is "other"; the page keeps what was typed', async () => {
    const id = await addDonor(t.db, app.geo);
    const agent = await as('prayagraj-1');
    const none = await post(agent, `/volunteer/donors/${id}?lang=en`, `/volunteer/donors/${id}/reject`, { reason: '' });
    expect(none.status).toBe(422);
    expect(none.text).toContain('<a href="#reason">Choose a reason for rejecting</a>');
    const other = await post(agent, `/volunteer/donors/${id}?lang=en`, `/volunteer/donors/${id}/reject`, { reason: 'other', rejection_note: '' });
    expect(other.status).toBe(422);
    expect(other.text).toContain('<a href="#rejection_note">Write a few words about the reason</a>');
    expect(other.text).toContain('<option value="other" selected>');
    expect(await t.db.one('select status from donors where id = $1', [id])).toEqual({ status: 'pending_verification' });
  });

  it('records the reason, who and when, and closes a request on the family\'s timeline', async () => {
    const { id } = await addRequest(t.db, app.geo);
    const res = await post(await as('prayagraj-1'), `/volunteer/requests/${id}`, `/volunteer/requests/${id}/reject`, { reason: 'not_genuine', rejection_note: 'Hospital has no such patient' });
    expect(res.status).toBe(303);
    const row = await t.db.one('select status, rejection_reason, rejection_note from blood_requests where id = $1', [id]);
    expect(row).toEqual({ status: 'closed', rejection_reason: 'not_genuine', rejection_note: 'Hospital has no such patient' });
    const audit = await t.db.one(`select details from audit_events where action = 'request_rejected' and entity_id = $1`, [id]);
    expect(audit.details).toEqual({ reason: 'not_genuine' });
  });
});

describe('could not reach', () => {
  it('counts attempts and flags the record for an admin after the third', async () => {
    const id = await addDonor(t.db, app.geo);
    const agent = await as('prayagraj-1');
    for (let i = 1; i <= 3; i++) {
      const res = await post(agent, `/volunteer/donors/${id}`, `/volunteer/donors/${id}/unreachable`);
      expect(res.headers.location).toBe(`/volunteer/donors/${id}`);
    }
    const page = await agent.get(`/volunteer/donors/${id}?lang=en`);
    expect(page.text).toContain('3 calls not answered: the record is flagged for an admin.');
    expect(await t.db.one('select contact_attempts, flagged_for_admin, status from donors where id = $1', [id])).toEqual({
      contact_attempts: 3,
      flagged_for_admin: true,
      status: 'pending_verification',
    });
    const queue = await agent.get('/volunteer?lang=en');
    expect(queue.text).toContain('Flagged for admin');
  });
});

describe('notes', () => {
  it('are saved with their author, shown in the history, and audited without their text', async () => {
    const { id } = await addRequest(t.db, app.geo);
    const agent = await as('prayagraj-1');
    const empty = await post(agent, `/volunteer/requests/${id}?lang=en`, `/volunteer/requests/${id}/notes`, { note: '  ' });
    expect(empty.status).toBe(422);
    const res = await post(agent, `/volunteer/requests/${id}`, `/volunteer/requests/${id}/notes`, { note: 'Called hospital, patient in ward 4 <b>' });
    expect(res.status).toBe(303);
    const page = await agent.get(`/volunteer/requests/${id}?lang=en`);
    expect(page.text).toContain('prayagraj-1: note — “Called hospital, patient in ward 4 &lt;b&gt;”');
    const audit = await t.db.one(`select details from audit_events where action = 'note_added' and entity_id = $1`, [id]);
    expect(JSON.stringify(audit.details)).not.toContain('ward');
  });
});

describe('"I am calling now"', () => {
  it('shows others who is calling until when, expires by itself, and ends with a decision', async () => {
    const id = await addDonor(t.db, app.geo);
    const first = await as('prayagraj-1');
    const res = await post(first, `/volunteer/donors/${id}`, `/volunteer/donors/${id}/claim`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/volunteer/donors/${id}?contact=1`);
    const mine = await first.get(`${res.headers.location}&lang=en`);
    expect(mine.text).toContain('Others will see that you are calling, until 15/06/2026 12:15.');
    expect(mine.text).toContain('Call finished');

    const second = await as('prayagraj-2');
    const theirs = await second.get(`/volunteer/donors/${id}?lang=en`);
    expect(theirs.text).toContain('prayagraj-1 is calling this person (until 15/06/2026 12:15).');
    const queue = await second.get('/volunteer?lang=en');
    expect(queue.text).toContain('being called by prayagraj-1');
    const refused = await post(second, `/volunteer/donors/${id}`, `/volunteer/donors/${id}/claim`);
    expect(refused.headers.location).toBe(`/volunteer/donors/${id}`);
    expect((await second.get(`/volunteer/donors/${id}?lang=en`)).text).toContain('prayagraj-1 is already calling this person');

    await t.db.exec(`update donors set claimed_until = $2 where id = $1`, [id, new Date(TEST_NOW.getTime() - 1000)]);
    const taken = await post(second, `/volunteer/donors/${id}`, `/volunteer/donors/${id}/claim`);
    expect(taken.headers.location).toBe(`/volunteer/donors/${id}?contact=1`);
    await post(second, `/volunteer/donors/${id}`, `/volunteer/donors/${id}/verify`);
    expect(await t.db.one('select status, claimed_by, claimed_until from donors where id = $1', [id])).toEqual({ status: 'verified', claimed_by: null, claimed_until: null });
  });

  it('can be ended by the caller', async () => {
    const { id } = await addRequest(t.db, app.geo);
    const agent = await as('prayagraj-1');
    await post(agent, `/volunteer/requests/${id}`, `/volunteer/requests/${id}/claim`);
    const res = await post(agent, `/volunteer/requests/${id}`, `/volunteer/requests/${id}/release`);
    expect(res.headers.location).toBe(`/volunteer/requests/${id}`);
    expect(await t.db.one('select claimed_by from blood_requests where id = $1', [id])).toEqual({ claimed_by: null });
  });
});
