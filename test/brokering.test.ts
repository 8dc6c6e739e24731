import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pincodeLocation } from '../src/geo/pincode-location';
import { expireRequests, sendEligibilityReminders } from '../src/matching/periodic-jobs';
import { renderMessage } from '../src/notifications/templates';
import { createAccount, signIn } from './helpers/accounts';
import { addDonor, addRequest } from './helpers/records';
import { browser, buildTestApp, hiddenValue, openForm, TEST_NOW, type TestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';

// A volunteer takes on a verified request, calls matching donors, records how it went and the
// donations made; the family follows the progress without ever seeing a donor.

let t: TestDatabase;
let app: TestApp;
let verifier: number;
const HOSPITAL = pincodeLocation('211002')!;

beforeAll(async () => {
  t = await createTestDatabase();
  app = await buildTestApp(t.db);
  verifier = await createAccount(t.db, app.geo, { username: 'prayagraj-1', state: 'UP', districts: ['Prayagraj'], fullName: 'Constable Ram Singh' });
  await createAccount(t.db, app.geo, { username: 'prayagraj-2', state: 'UP', districts: ['Prayagraj'] });
  await createAccount(t.db, app.geo, { username: 'lucknow-1', state: 'UP', districts: ['Lucknow'] });
  await createAccount(t.db, app.geo, { username: 'chief', role: 'admin' });
});
afterAll(async () => {
  app.close();
  await t.drop();
});
beforeEach(async () => {
  await t.db.exec(`delete from contact_attempts; delete from donations; delete from donor_deferrals; delete from notifications;
                   delete from case_notes; delete from blood_requests; delete from donors`);
});

async function as(username: string) {
  const agent = browser(app.app);
  expect((await signIn(agent, username)).status).toBe(303);
  return agent;
}
type Agent = Awaited<ReturnType<typeof as>>;

async function post(agent: Agent, page: string, action: string, fields: Record<string, string> = {}) {
  const res = await agent.get(page);
  return agent.post(action).type('form').send({ ...fields, _csrf: hiddenValue(res.text, '_csrf') });
}

/** A verified request from SRN Hospital, Prayagraj: B+ red cells, 2 units unless told otherwise. */
async function openRequest(o: Parameters<typeof addRequest>[2] = {}) {
  const r = await addRequest(t.db, app.geo, { blood_group: 'B+', units: 2, pincode: '211002', ...HOSPITAL, ...o });
  await t.db.exec(`update blood_requests set status = 'open', verified_by = $2, verified_at = $3 where id = $1`, [r.id, verifier, TEST_NOW]);
  return { ...r, page: `/volunteer/requests/${r.id}`, contactPhone: (await t.db.one<{ contact_phone: string }>('select contact_phone from blood_requests where id = $1', [r.id])).contact_phone };
}

async function verifiedDonor(o: Parameters<typeof addDonor>[2] = {}) {
  const where = pincodeLocation('211001')!;
  const id = await addDonor(t.db, app.geo, { full_name: 'Suresh Pal', blood_group: 'B+', pincode: '211001', ...where, verified_by: verifier, verified_at: TEST_NOW, ...o });
  const { phone } = await t.db.one<{ phone: string }>('select phone from donors where id = $1', [id]);
  return { id, phone };
}

async function take(agent: Agent, page: string) {
  const res = await post(agent, page, `${page}/take`);
  expect(res.status).toBe(303);
  return res;
}

async function record(agent: Agent, page: string, donorId: number, fields: Record<string, string>) {
  return post(agent, `${page}?donor=${donorId}`, `${page}/contacts?donor=${donorId}`, { donor_id: String(donorId), ...fields });
}

const requestRow = (id: number) =>
  t.db.one<{ status: string; units_pledged: number; units_donated: number; handled_by: number | null; fulfilled_at: Date | null }>(
    'select status, units_pledged, units_donated, handled_by, fulfilled_at from blood_requests where id = $1',
    [id],
  );
const events = async (id: number) =>
  (await t.db.many<{ status: string }>('select status from blood_request_events where request_id = $1 order by id', [id])).map((e) => e.status);

describe('the ranked donors on a verified request', () => {
  it('shows compatible eligible donors by number, group and distance, never their names or phones', async () => {
    const request = await openRequest();
    const donor = await verifiedDonor();
    const res = await (await as('prayagraj-2')).get(`${request.page}?lang=en`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`Donor no. ${donor.id}`);
    expect(res.text).toMatch(/\d+ km away|&lt;1 km away|<1 km away/);
    expect(res.text).toContain('has not donated before');
    expect(res.text).not.toContain('Suresh Pal');
    expect(res.text).not.toContain(donor.phone);
    expect(res.text).toContain('To see numbers and record calls, first take on this request.');
  });

  it('shows no donors on a request still waiting for verification', async () => {
    const r = await addRequest(t.db, app.geo, { blood_group: 'B+' });
    await verifiedDonor();
    const res = await (await as('prayagraj-1')).get(`/volunteer/requests/${r.id}?lang=en`);
    expect(res.text).not.toContain('Donors who can give');
  });

  it('answers 404 for a request outside the volunteer’s districts', async () => {
    const request = await openRequest();
    expect((await (await as('lucknow-1')).get(request.page)).status).toBe(404);
  });
});

describe('the list of requests to fill at /volunteer/requests', () => {
  it('lists verified requests of my districts, emergencies first, with progress and who handles them', async () => {
    const planned = await openRequest({ urgency: 'planned', needed_by: '2026-06-20' });
    const emergency = await openRequest({ urgency: 'emergency', needed_by: '2026-06-15' });
    await addRequest(t.db, app.geo, { urgency: 'emergency' }); // not verified yet: in the queue, not here
    await openRequest({ district: ['UP', 'Lucknow'] });
    const ram = await as('prayagraj-1');
    await take(ram, planned.page);
    const res = await ram.get('/volunteer/requests?lang=en');
    expect(res.status).toBe(200);
    const links = [...res.text.matchAll(/href="\/volunteer\/requests\/(\d+)"/g)].map((m) => Number(m[1]));
    expect(links).toEqual([emergency.id, planned.id]);
    expect(res.text).toContain('handled by prayagraj-1');
    expect(res.text).toContain('0 of 2 units donated');
    const mine = await ram.get('/volunteer/requests?mine=1&lang=en');
    expect([...mine.text.matchAll(/href="\/volunteer\/requests\/(\d+)"/g)].map((m) => Number(m[1]))).toEqual([planned.id]);
  });
});

describe('taking on a request', () => {
  it('makes the volunteer its handler, moves it to in progress, and records both', async () => {
    const request = await openRequest();
    const ram = await as('prayagraj-1');
    await take(ram, request.page);
    expect(await requestRow(request.id)).toMatchObject({ status: 'in_progress', handled_by: verifier });
    expect(await events(request.id)).toEqual(['pending_verification', 'in_progress']);
    const audit = await t.db.many('select action from audit_events where entity_id = $1 and action = $2', [request.id, 'request_taken']);
    expect(audit).toHaveLength(1);
    const page = await ram.get(`${request.page}?lang=en`);
    expect(page.text).toContain('Handled by Constable Ram Singh (prayagraj-1)');
  });

  it('refuses a second volunteer, naming the handler, but lets an admin take over', async () => {
    const request = await openRequest();
    await take(await as('prayagraj-1'), request.page);
    const other = await as('prayagraj-2');
    await take(other, request.page);
    expect((await requestRow(request.id)).handled_by).toBe(verifier);
    expect((await other.get(`${request.page}?lang=en`)).text).toContain('prayagraj-1 is handling this request');
    const chief = await as('chief');
    await take(chief, request.page);
    expect((await requestRow(request.id)).handled_by).not.toBe(verifier);
    expect(await events(request.id)).toEqual(['pending_verification', 'in_progress']);
  });

  it('hands a request back to open when nothing was promised yet', async () => {
    const request = await openRequest();
    const ram = await as('prayagraj-1');
    await take(ram, request.page);
    await post(ram, request.page, `${request.page}/hand-back`);
    expect(await requestRow(request.id)).toMatchObject({ status: 'open', handled_by: null });
    expect(await events(request.id)).toEqual(['pending_verification', 'in_progress', 'open']);
  });
});

describe('calling a donor', () => {
  it('shows the number only to the handler, and records each view with the request', async () => {
    const request = await openRequest();
    const donor = await verifiedDonor();
    const ram = await as('prayagraj-1');
    const before = await ram.get(`${request.page}?donor=${donor.id}&lang=en`);
    expect(before.text).not.toContain(donor.phone);
    await take(ram, request.page);
    const after = await ram.get(`${request.page}?donor=${donor.id}&lang=en`);
    expect(after.text).toContain(donor.phone);
    expect(after.text).toContain('Suresh Pal');
    const views = await t.db.many<{ details: { requestId: number } }>(
      `select details from audit_events where action = 'contact_viewed' and entity_type = 'donor' and entity_id = $1`,
      [donor.id],
    );
    expect(views.map((v) => v.details.requestId)).toEqual([request.id]);
    const colleague = await as('prayagraj-2');
    expect((await colleague.get(`${request.page}?donor=${donor.id}`)).text).not.toContain(donor.phone);
  });

  it('will not show the number of a donor who does not match the request', async () => {
    const request = await openRequest({ blood_group: 'O-' });
    const donor = await verifiedDonor({ blood_group: 'AB+' });
    const ram = await as('prayagraj-1');
    await take(ram, request.page);
    expect((await ram.get(`${request.page}?donor=${donor.id}`)).text).not.toContain(donor.phone);
  });

  it('queues an SMS asking the donor to give, with the hospital and the volunteer but not the family’s number', async () => {
    const request = await openRequest();
    const donor = await verifiedDonor();
    const ram = await as('prayagraj-1');
    await take(ram, request.page);
    const res = await post(ram, `${request.page}?donor=${donor.id}`, `${request.page}/ask`, { donor_id: String(donor.id) });
    expect(res.status).toBe(303);
    const [sms] = await t.db.many<{ recipient: string; template: string; payload: Record<string, string> }>(
      `select recipient, template, payload from notifications where donor_id = $1`,
      [donor.id],
    );
    expect(sms).toMatchObject({ recipient: donor.phone, template: 'donation_asked' });
    expect(sms!.payload.hospital).toContain('SRN Hospital');
    expect(sms!.payload.volunteer_name).toBe('Constable Ram Singh');
    expect(JSON.stringify(sms!.payload)).not.toContain(request.contactPhone);
    // The queued payload renders in both languages (a missing value would fail the message at delivery).
    expect(renderMessage('donation_asked', 'en', sms!.payload).text).toContain('SRN Hospital, Prayagraj');
    expect(renderMessage('donation_asked', 'hi', sms!.payload).text).toContain('B+');
  });

  it('records a promise: units pledged, and the family sees “1 of 2 units arranged” without any donor detail', async () => {
    const request = await openRequest();
    const donor = await verifiedDonor();
    const ram = await as('prayagraj-1');
    await take(ram, request.page);
    const res = await record(ram, request.page, donor.id, { outcome: 'agreed', units: '1' });
    expect(res.status).toBe(303);
    expect(await requestRow(request.id)).toMatchObject({ status: 'in_progress', units_pledged: 1, units_donated: 0 });
    // The donor who agreed leaves the list of donors still to call.
    const page = await ram.get(`${request.page}?lang=en`);
    expect(page.text).toContain('Agreed to donate');
    expect(page.text).not.toContain(`?donor=${donor.id}&amp;radius`);

    const family = browser(app.app);
    const { csrf } = await openForm(family, '/requests/track?lang=en');
    await family.post('/requests/track').type('form').send({ reference: request.reference, contact_phone: request.contactPhone, _csrf: csrf });
    const tracking = await family.get(`/requests/track/${request.reference}?lang=en`);
    expect(tracking.text).toContain('1 of 2 units arranged');
    expect(tracking.text).not.toContain('Suresh Pal');
    expect(tracking.text).not.toContain(donor.phone);
    expect(tracking.text).not.toContain(`no. ${donor.id}`);
  });

  it('records a donation: the donor’s last donation moves, they leave matching, and a thank-you is queued', async () => {
    const request = await openRequest({ units: 2 });
    const donor = await verifiedDonor({ sex: 'female' });
    const ram = await as('prayagraj-1');
    await take(ram, request.page);
    await record(ram, request.page, donor.id, { outcome: 'donated', units: '1', donated_on: '15/06/2026', component: '', place: '' });
    const d = await t.db.one('select last_donation_on, eligible_from, donation_count, last_contacted_at from donors where id = $1', [donor.id]);
    expect(d).toMatchObject({ last_donation_on: '2026-06-15', eligible_from: '2026-10-13', donation_count: 1 });
    const donation = await t.db.one('select request_id, units, component, place, source from donations where donor_id = $1', [donor.id]);
    expect(donation).toEqual({ request_id: request.id, units: 1, component: 'red_cells', place: 'SRN Hospital, Prayagraj', source: 'request' });
    expect(await requestRow(request.id)).toMatchObject({ status: 'in_progress', units_donated: 1 });
    const thanks = await t.db.many<{ template: string; payload: Record<string, string> }>('select template, payload from notifications where donor_id = $1', [donor.id]);
    expect(thanks).toEqual([{ template: 'donation_thanks', payload: { next_date: '2026-10-13' } }]);
    // The same donor is no longer offered for another request until 13 October.
    const other = await openRequest();
    const page = await ram.get(`${other.page}?lang=en`);
    expect(page.text).not.toContain(`Donor no. ${donor.id}<`);
  });

  it('fulfils the request when the last unit is given, once, and tells the family', async () => {
    const request = await openRequest({ units: 2 });
    const first = await verifiedDonor();
    const second = await verifiedDonor({ full_name: 'Mohan Lal' });
    const ram = await as('prayagraj-1');
    await take(ram, request.page);
    await record(ram, request.page, first.id, { outcome: 'agreed', units: '1' });
    await record(ram, request.page, first.id, { outcome: 'donated', units: '1', donated_on: '2026-06-15' });
    const res = await record(ram, request.page, second.id, { outcome: 'donated', units: '1', donated_on: '2026-06-15' });
    expect(res.status).toBe(303);
    const row = await requestRow(request.id);
    expect(row).toMatchObject({ status: 'fulfilled', units_pledged: 0, units_donated: 2 });
    expect(row.fulfilled_at).not.toBeNull();
    expect(await events(request.id)).toEqual(['pending_verification', 'in_progress', 'fulfilled']);
    const toFamily = await t.db.many('select template, recipient from notifications where request_id = $1 and donor_id is null', [request.id]);
    expect(toFamily).toEqual([{ template: 'request_fulfilled', recipient: request.contactPhone }]);
    // Nothing more can be recorded on a fulfilled request.
    const third = await verifiedDonor();
    const late = await record(ram, request.page, third.id, { outcome: 'agreed', units: '1' });
    expect(late.status).toBe(303);
    expect((await ram.get(`${request.page}?lang=en`)).text).toContain('This request is no longer active');
    expect(await t.db.many('select id from contact_attempts where donor_id = $1', [third.id])).toEqual([]);
  });

  it('records the last unit once when two tabs save a donation at the same moment', async () => {
    const request = await openRequest({ units: 1 });
    const first = await verifiedDonor();
    const second = await verifiedDonor();
    const ram = await as('prayagraj-1');
    await take(ram, request.page);
    const page = await ram.get(request.page);
    const csrf = hiddenValue(page.text, '_csrf');
    const send = (donorId: number) =>
      ram.post(`${request.page}/contacts`).type('form').send({ _csrf: csrf, donor_id: String(donorId), outcome: 'donated', units: '1', donated_on: '2026-06-15' });
    const results = await Promise.all([send(first.id), send(second.id)]);
    expect(results.map((r) => r.status)).toEqual([303, 303]);
    expect(await t.db.many('select id from donations where request_id = $1', [request.id])).toHaveLength(1);
    expect(await requestRow(request.id)).toMatchObject({ status: 'fulfilled', units_donated: 1 });
    expect((await events(request.id)).filter((e) => e === 'fulfilled')).toHaveLength(1);
  });

  it('shows the form again with the values and a message when a donation has no date or a future date, and stores nothing', async () => {
    const request = await openRequest();
    const donor = await verifiedDonor();
    const ram = await as('prayagraj-1');
    await take(ram, request.page);
    const noDate = await record(ram, request.page, donor.id, { outcome: 'donated', units: '1', donated_on: '', contact_note: 'gave at SRN' });
    expect(noDate.status).toBe(422);
    // Back in the call's own note field only: the page's record-note form has a field of its own.
    expect(noDate.text.match(/gave at SRN/g)).toHaveLength(1);
    expect(noDate.text).toMatch(/<textarea[^>]*id="contact_note"[^>]*>gave at SRN<\/textarea>/);
    expect(noDate.text.match(/ id="note"/g) ?? []).toHaveLength(1);
    const future = await record(ram, `${request.page}`, donor.id, { outcome: 'donated', units: '1', donated_on: '2026-06-16', lang: 'en' });
    expect(future.status).toBe(422);
    const badUnits = await record(ram, request.page, donor.id, { outcome: 'agreed', units: '9' });
    expect(badUnits.status).toBe(422);
    const noOutcome = await record(ram, request.page, donor.id, {});
    expect(noOutcome.status).toBe(422);
    expect(await t.db.many('select id from contact_attempts')).toEqual([]);
    expect(await t.db.many('select id from donations')).toEqual([]);
  });

  it('explains the 422 in the volunteer’s language', async () => {
    const request = await openRequest();
    const donor = await verifiedDonor();
    const ram = await as('prayagraj-1');
    await take(ram, request.page);
    await ram.get('/volunteer?lang=en');
    const en = await record(ram, request.page, donor.id, { outcome: 'donated', donated_on: '2026-06-16' });
    expect(en.text).toContain('The donation date cannot be in the future.');
    await ram.get('/volunteer?lang=hi');
    const hi = await record(ram, request.page, donor.id, { outcome: 'donated', donated_on: '2026-06-16' });
    expect(hi.text).toContain('रक्तदान की तारीख भविष्य की नहीं हो सकती।');
  });

  it('refuses calls recorded by someone who is not handling the request', async () => {
    const request = await openRequest();
    const donor = await verifiedDonor();
    await take(await as('prayagraj-1'), request.page);
    const other = await as('prayagraj-2');
    const res = await record(other, request.page, donor.id, { outcome: 'agreed', units: '1' });
    expect(res.status).toBe(303);
    expect(await t.db.many('select id from contact_attempts')).toEqual([]);
  });
});

describe('illegal moves change nothing', () => {
  it('cannot record calls on a request still pending verification', async () => {
    const r = await addRequest(t.db, app.geo, { blood_group: 'B+' });
    const donor = await verifiedDonor();
    const ram = await as('prayagraj-1');
    const page = `/volunteer/requests/${r.id}`;
    await post(ram, page, `${page}/take`);
    await record(ram, page, donor.id, { outcome: 'agreed', units: '1' });
    expect(await requestRow(r.id)).toMatchObject({ status: 'pending_verification', handled_by: null });
    expect(await t.db.many('select id from contact_attempts')).toEqual([]);
  });

  it('closes an active request with a reason, after which it cannot be taken, closed or released again', async () => {
    const request = await openRequest();
    const ram = await as('prayagraj-1');
    const missing = await post(ram, request.page, `${request.page}/close`, { closed_reason: 'other', closed_note: '' });
    expect(missing.status).toBe(422);
    expect((await requestRow(request.id)).status).toBe('open');
    await post(ram, request.page, `${request.page}/close`, { closed_reason: 'arranged_elsewhere' });
    expect((await requestRow(request.id)).status).toBe('closed');
    await post(ram, request.page, `${request.page}/take`);
    await post(ram, request.page, `${request.page}/close`, { closed_reason: 'duplicate' });
    await post(ram, request.page, `${request.page}/hand-back`);
    expect(await requestRow(request.id)).toMatchObject({ status: 'closed', handled_by: null });
    expect(await events(request.id)).toEqual(['pending_verification', 'closed']);
    const closed = await t.db.one('select closed_reason from blood_requests where id = $1', [request.id]);
    expect(closed.closed_reason).toBe('arranged_elsewhere');
  });
});

describe('Bombay donors for an ordinary patient', () => {
  it('can be allowed for a request by an admin only', async () => {
    const request = await openRequest({ blood_group: 'O+' });
    const volunteer = await as('prayagraj-1');
    expect((await post(volunteer, request.page, `${request.page}/bombay`, { allow: 'yes' })).status).toBe(403);
    const chief = await as('chief');
    await post(chief, request.page, `${request.page}/bombay`, { allow: 'yes' });
    expect((await t.db.one('select allow_bombay_donors from blood_requests where id = $1', [request.id])).allow_bombay_donors).toBe(true);
  });
});

describe('periodic jobs', () => {
  it('expires requests whose needed-by date has passed, once, and leaves the others', async () => {
    const overdue = await openRequest({ needed_by: '2026-06-14' });
    const pending = await addRequest(t.db, app.geo, { needed_by: '2026-06-10' });
    const today = await openRequest({ needed_by: '2026-06-15' });
    const done = await openRequest({ needed_by: '2026-06-01' });
    await t.db.exec(`update blood_requests set status = 'fulfilled' where id = $1`, [done.id]);
    expect(await expireRequests(t.db, TEST_NOW)).toBe(2);
    expect(await expireRequests(t.db, TEST_NOW)).toBe(0);
    expect((await requestRow(overdue.id)).status).toBe('expired');
    expect((await requestRow(pending.id)).status).toBe('expired');
    expect((await requestRow(today.id)).status).toBe('open');
    expect((await requestRow(done.id)).status).toBe('fulfilled');
    expect(await events(overdue.id)).toEqual(['pending_verification', 'expired']);
  });

  it('tells donors who asked for it that they can donate again, once per date', async () => {
    const optedIn = await verifiedDonor({ last_donation_on: '2026-03-17' }); // 90 days: today
    const notOptedIn = await verifiedDonor({ last_donation_on: '2026-03-17' });
    const notYet = await verifiedDonor({ last_donation_on: '2026-04-01' });
    const longAgo = await verifiedDonor({ last_donation_on: '2025-01-01' });
    await t.db.exec('update donors set reminder_opt_in = true where id = any($1)', [[optedIn.id, notYet.id, longAgo.id]]);
    expect(await sendEligibilityReminders(t.db, TEST_NOW)).toBe(1);
    expect(await sendEligibilityReminders(t.db, TEST_NOW)).toBe(0);
    const sent = await t.db.many<{ donor_id: number; template: string; payload: { date: string } }>('select donor_id, template, payload from notifications');
    expect(sent).toEqual([{ donor_id: optedIn.id, template: 'eligible_again', payload: { date: '2026-06-15' } }]);
    expect(notOptedIn.id).toBeGreaterThan(0);
  });
});

describe('deferrals recorded by a volunteer', () => {
  it('keeps the donor out of matching until the deferral ends, and shows why on the donor page', async () => {
    const donor = await verifiedDonor();
    const ram = await as('prayagraj-1');
    const page = `/volunteer/donors/${donor.id}`;
    const res = await post(ram, page, `${page}/deferrals`, { deferral_reason: 'tattoo_piercing', deferral_since: '01/06/2026', deferral_until: '', deferral_note: 'tattoo on arm' });
    expect(res.status).toBe(303);
    expect((await t.db.one('select eligible_from from donors where id = $1', [donor.id])).eligible_from).toBe('2027-06-01');
    const shown = await ram.get(`${page}?lang=en`);
    expect(shown.text).toContain('Can donate again from 01/06/2027');
    expect(shown.text).toContain('tattoo on arm');
    const request = await openRequest();
    expect((await ram.get(`${request.page}?lang=en`)).text).not.toContain(`Donor no. ${donor.id}<`);
  });

  it('shows the form again for a date in the future, and stores nothing', async () => {
    const donor = await verifiedDonor();
    const ram = await as('prayagraj-1');
    const page = `/volunteer/donors/${donor.id}`;
    const res = await post(ram, page, `${page}/deferrals`, { deferral_reason: 'malaria', deferral_since: '2026-07-01' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('2026-07-01');
    expect(await t.db.many('select id from donor_deferrals')).toEqual([]);
  });

  it('has no page for an erased donor: 404, like a donor that never existed', async () => {
    const donor = await verifiedDonor();
    await t.db.exec(
      `update donors set status = 'erased', erased_at = now(), full_name = null, phone = null, email = null, date_of_birth = null,
         weight_kg = null, locality = null, pincode = null, latitude = null, longitude = null where id = $1`,
      [donor.id],
    );
    expect((await (await as('prayagraj-1')).get(`/volunteer/donors/${donor.id}`)).status).toBe(404);
  });

  it('answers 404 for a donor outside the volunteer’s districts', async () => {
    const donor = await verifiedDonor();
    const lucknow = await as('lucknow-1');
    const res = await post(lucknow, '/volunteer', `/volunteer/donors/${donor.id}/deferrals`, { deferral_reason: 'malaria', deferral_since: '2026-06-01' });
    expect(res.status).toBe(404);
    expect(await t.db.many('select id from donor_deferrals')).toEqual([]);
  });
});
