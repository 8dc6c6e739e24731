import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pincodeLocation } from '../src/geo/pincode-location';
import { createAccount } from './helpers/accounts';
import { CLEAN_CAMPS, register, saveAttendance, selectedOption, signedIn } from './helpers/attendance';
import { fieldMessage } from './helpers/donor-sign-in';
import { validDonorForm } from './helpers/fixtures';
import { addCamp } from './helpers/public-camp-fixtures';
import { addDonor, addRequest } from './helpers/records';
import { buildTestApp, hiddenValue, openForm, TEST_NOW, textOf, type TestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';

// After a camp, a volunteer of its district records who gave, who was deferred and who did not
// come; walk-ins are added on the spot. The donors' next dates, the camp's units and its status follow.

let t: TestDatabase;
let app: TestApp;
let volunteerId: number;

beforeAll(async () => {
  t = await createTestDatabase();
  app = await buildTestApp(t.db);
  volunteerId = await createAccount(t.db, app.geo, { username: 'prayagraj-1', state: 'UP', districts: ['Prayagraj'] });
  await createAccount(t.db, app.geo, { username: 'lucknow-1', state: 'UP', districts: ['Lucknow'] });
  await createAccount(t.db, app.geo, { username: 'chief', role: 'admin' });
});
afterAll(async () => {
  app.close();
  await t.drop();
});
beforeEach(async () => {
  await t.db.exec(CLEAN_CAMPS);
});

const YESTERDAY = '2026-06-14';
const HOSPITAL = pincodeLocation('211002')!;

/** A verified donor living in Prayagraj. */
async function donor(o: Parameters<typeof addDonor>[2] = {}) {
  return addDonor(t.db, app.geo, { full_name: 'Suresh Pal', blood_group: 'B+', pincode: '211001', ...pincodeLocation('211001')!, verified_by: volunteerId, verified_at: TEST_NOW, ...o });
}

const attendance = (campId: number, query = '') => `/volunteer/camps/${campId}/attendance?lang=en${query}`;

describe('the attendance page', () => {
  it('lists each registration with donor number, name, group, status and the request it is for', async () => {
    const camp = await addCamp(t.db, app.geo, { title: 'NSS camp, Allahabad University', date: YESTERDAY });
    const request = await addRequest(t.db, app.geo);
    const meena = await donor({ full_name: 'Meena Kumari', blood_group: 'O-', sex: 'female' });
    const ravi = await donor({ full_name: 'Ravi Shankar' });
    await register(t.db, camp, meena, { forRequestId: request.id });
    await register(t.db, camp, ravi, { source: 'volunteer' });

    const page = await (await signedIn(app, 'prayagraj-1')).get(attendance(camp));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Attendance: NSS camp, Allahabad University');
    expect(page.text).toContain(`No. ${meena} · Meena Kumari`);
    expect(page.text).toContain(`No. ${ravi} · Ravi Shankar`);
    expect(page.text).toContain('O−');
    expect(page.text).toContain(`Giving for request ${request.reference}`);
    expect(page.text).toContain('Registration: by a volunteer');
    // Pregnancy-related deferrals are offered for women only.
    expect(page.text).toMatch(new RegExp(`id="row-\\d+">[\\s\\S]*Meena Kumari[\\s\\S]*value="deferred:pregnancy"[\\s\\S]*Ravi Shankar`));
    expect(page.text.slice(page.text.indexOf('Ravi Shankar'))).not.toContain('value="deferred:pregnancy"');
    expect(textOf(page.text, 'attendance-counts')).toBe('2');
  });

  it('is not found for a volunteer of another district, and open to an admin', async () => {
    const camp = await addCamp(t.db, app.geo, { date: YESTERDAY });
    const id = await donor();
    const registration = await register(t.db, camp, id);
    const lucknow = await signedIn(app, 'lucknow-1');
    expect((await lucknow.get(attendance(camp))).status).toBe(404);
    const stray = await lucknow.post(`/volunteer/camps/${camp}/attendance`).type('form')
      .send({ _csrf: hiddenValue((await lucknow.get('/volunteer?lang=en')).text, '_csrf'), rows: String(registration), [`result_${registration}`]: 'donated', [`units_${registration}`]: '1', [`component_${registration}`]: 'whole_blood' });
    expect(stray.status).toBe(404);
    expect((await t.db.one('select count(*)::int as n from donations')).n).toBe(0);
    expect((await (await signedIn(app, 'chief')).get(attendance(camp))).status).toBe(200);
    expect((await (await signedIn(app, 'prayagraj-1')).get(attendance(camp + 1000))).status).toBe(404);
  });
});

describe('recording attendance', () => {
  it('records donations: the donor\'s next date moves, they leave matching, the camp is held with its units', async () => {
    const camp = await addCamp(t.db, app.geo, { date: YESTERDAY, venue: 'Senate Hall, University Road' });
    const giver = await donor({ full_name: 'Suresh Pal' });
    const twice = await donor({ full_name: 'Anil Verma', blood_group: 'O+' });
    const absent = await donor({ full_name: 'Kiran Devi', sex: 'female' });
    const [r1, r2, r3] = [await register(t.db, camp, giver), await register(t.db, camp, twice), await register(t.db, camp, absent)];

    // A verified B+ request nearby: before the camp Suresh is offered to it.
    const request = await addRequest(t.db, app.geo, { blood_group: 'B+', component: 'whole_blood', pincode: '211002', ...HOSPITAL });
    await t.db.exec(`update blood_requests set status = 'open', verified_by = $2, verified_at = $3 where id = $1`, [request.id, volunteerId, TEST_NOW]);
    const agent = await signedIn(app, 'prayagraj-1');
    expect((await agent.get(`/volunteer/requests/${request.id}?lang=en`)).text).toContain(`Donor no. ${giver}<`);

    const res = await saveAttendance(agent, camp, {
      [`result_${r1}`]: 'donated', [`units_${r1}`]: '1', [`component_${r1}`]: 'whole_blood',
      [`result_${r2}`]: 'donated', [`units_${r2}`]: '2', [`component_${r2}`]: 'red_cells',
      [`result_${r3}`]: 'no_show',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/volunteer/camps/${camp}/attendance?page=1`);

    const donations = await t.db.many(`select donor_id, camp_id, donated_on, units, component, source, place, recorded_by, for_request_id from donations order by donor_id`);
    expect(donations).toEqual([
      { donor_id: giver, camp_id: camp, donated_on: YESTERDAY, units: 1, component: 'whole_blood', source: 'camp', place: 'Senate Hall, University Road', recorded_by: volunteerId, for_request_id: null },
      { donor_id: twice, camp_id: camp, donated_on: YESTERDAY, units: 2, component: 'red_cells', source: 'camp', place: 'Senate Hall, University Road', recorded_by: volunteerId, for_request_id: null },
    ]);
    // 90 days for a man after the camp day.
    expect(await t.db.one('select last_donation_on, donation_count, eligible_from from donors where id = $1', [giver]))
      .toEqual({ last_donation_on: YESTERDAY, donation_count: 1, eligible_from: '2026-09-12' });
    expect((await t.db.one('select donation_count, last_donation_on from donors where id = $1', [absent]))).toEqual({ donation_count: 0, last_donation_on: null });
    expect(await t.db.many('select donor_id, status from camp_registrations order by id')).toEqual([
      { donor_id: giver, status: 'donated' }, { donor_id: twice, status: 'donated' }, { donor_id: absent, status: 'no_show' },
    ]);
    expect(await t.db.one('select status, units_collected, updated_by from camps where id = $1', [camp])).toEqual({ status: 'held', units_collected: 3, updated_by: volunteerId });

    const thanks = await t.db.many(`select donor_id, payload from notifications where template = 'donation_thanks' order by donor_id`);
    expect(thanks).toEqual([{ donor_id: giver, payload: { next_date: '2026-09-12' } }, { donor_id: twice, payload: { next_date: '2026-09-12' } }]);
    const audit = await t.db.one(`select details from audit_events where action = 'camp_attendance_recorded' and entity_type = 'camp' and entity_id = $1`, [camp]);
    expect(audit.details).toEqual({ donated: 2, units: 3, deferred: 0, no_show: 1, skipped: 0 });

    const page = await agent.get(res.headers.location + '&lang=en');
    expect(page.text).toContain('Attendance saved: donated 2 (units: 3), deferred 0, did not come 1.');
    expect(textOf(page.text, 'units-collected')).toBe('3');
    expect(page.text).toContain('Donation recorded: Packed red cells (PRBC), units: 2. It stays as it is.');
    expect((await agent.get(`/volunteer/requests/${request.id}?lang=en`)).text).not.toContain(`Donor no. ${giver}<`);
  });

  it('never counts a donation twice when the same form is saved again', async () => {
    const camp = await addCamp(t.db, app.geo, { date: YESTERDAY });
    const giver = await donor();
    const r = await register(t.db, camp, giver);
    const agent = await signedIn(app, 'prayagraj-1');
    // Two tabs opened before either saved: both carry the row as still open.
    const form = await agent.get(attendance(camp));
    const stale = { _csrf: hiddenValue(form.text, '_csrf'), rows: hiddenValue(form.text, 'rows'), page: '1', [`result_${r}`]: 'donated', [`units_${r}`]: '2', [`component_${r}`]: 'whole_blood' };
    expect((await agent.post(`/volunteer/camps/${camp}/attendance`).type('form').send(stale)).status).toBe(303);
    const again = await agent.post(`/volunteer/camps/${camp}/attendance`).type('form').send(stale);
    expect(again.status).toBe(303);

    expect((await t.db.one('select count(*)::int as n, sum(units)::int as units from donations')).n).toBe(1);
    expect(await t.db.one('select donation_count from donors where id = $1', [giver])).toEqual({ donation_count: 1 });
    expect(await t.db.one('select units_collected from camps where id = $1', [camp])).toEqual({ units_collected: 2 });
    expect((await t.db.one(`select count(*)::int as n from notifications where template = 'donation_thanks'`)).n).toBe(1);
    const page = await agent.get(attendance(camp));
    expect(page.text).toContain('Rows already recorded were left as they were: 1.');
    // A recorded row has no inputs any more, so the form has nothing left to save.
    expect(page.text).not.toContain(`name="result_${r}"`);
    expect(page.text).not.toContain('Save attendance');
  });

  it('records a deferral found at the camp: the donor waits from the camp day, and no donation is added', async () => {
    const camp = await addCamp(t.db, app.geo, { date: YESTERDAY });
    const id = await donor();
    const r = await register(t.db, camp, id);
    const agent = await signedIn(app, 'prayagraj-1');
    expect((await saveAttendance(agent, camp, { [`result_${r}`]: 'deferred:malaria', [`units_${r}`]: '1', [`component_${r}`]: 'whole_blood' })).status).toBe(303);

    expect(await t.db.many('select reason, until_date, source, recorded_by from donor_deferrals where donor_id = $1', [id]))
      .toEqual([{ reason: 'malaria', until_date: '2026-09-14', source: 'volunteer', recorded_by: volunteerId }]);
    expect(await t.db.one('select eligible_from, donation_count from donors where id = $1', [id])).toEqual({ eligible_from: '2026-09-14', donation_count: 0 });
    expect(await t.db.one('select status from camp_registrations where id = $1', [r])).toEqual({ status: 'deferred' });
    expect((await t.db.one('select count(*)::int as n from donations')).n).toBe(0);
    expect(await t.db.one('select status, units_collected from camps where id = $1', [camp])).toEqual({ status: 'held', units_collected: 0 });
    const page = await agent.get(attendance(camp));
    expect(page.text).toContain('Deferral recorded.');
    expect(page.text).toContain('Attendance saved: donated 0 (units: 0), deferred 1, did not come 0.');
  });

  it('lets someone marked as not come be recorded as donated when they turn up later', async () => {
    const camp = await addCamp(t.db, app.geo, { date: '2026-06-15' });
    const id = await donor();
    const r = await register(t.db, camp, id);
    const agent = await signedIn(app, 'prayagraj-1');
    expect((await saveAttendance(agent, camp, { [`result_${r}`]: 'no_show' })).status).toBe(303);
    expect((await saveAttendance(agent, camp, { [`result_${r}`]: 'donated', [`units_${r}`]: '1', [`component_${r}`]: 'whole_blood' })).status).toBe(303);
    expect(await t.db.one('select status from camp_registrations where id = $1', [r])).toEqual({ status: 'donated' });
    expect(await t.db.one('select units_collected from camps where id = $1', [camp])).toEqual({ units_collected: 1 });
  });

  it('shows every mistake row by row with the values kept, and saves nothing', async () => {
    const camp = await addCamp(t.db, app.geo, { date: YESTERDAY });
    const [a, b, c, d] = [await donor(), await donor(), await donor(), await donor()];
    const [ra, rb, rc, rd] = [await register(t.db, camp, a), await register(t.db, camp, b), await register(t.db, camp, c), await register(t.db, camp, d)];
    const agent = await signedIn(app, 'prayagraj-1');
    const res = await saveAttendance(agent, camp, {
      [`result_${ra}`]: 'donated', [`units_${ra}`]: '3', [`component_${ra}`]: 'whole_blood',
      [`result_${rb}`]: 'donated', [`units_${rb}`]: '1', [`component_${rb}`]: 'whole_blood', [`for_${rb}`]: 'PM-ZZZZZZ',
      [`result_${rc}`]: 'deferred:pregnancy', [`units_${rc}`]: '1', [`component_${rc}`]: 'whole_blood',
      [`result_${rd}`]: 'no_show',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain(`<a href="#units_${ra}">Donor no. ${a}: choose 1 or 2 units</a>`);
    expect(fieldMessage(res.text, `for_${rb}`)).toBe(`Donor no. ${b}: no request has this reference. Check it with the family.`);
    expect(fieldMessage(res.text, `result_${rc}`)).toBe(`Donor no. ${c}: choose what happened from the list`);
    // The rows that were right keep what the volunteer chose.
    expect(selectedOption(res.text, `result_${rd}`)).toBe('no_show');
    expect(selectedOption(res.text, `result_${rb}`)).toBe('donated');
    expect(res.text).toContain('value="PM-ZZZZZZ"');

    expect((await t.db.one('select count(*)::int as n from donations')).n).toBe(0);
    expect((await t.db.many(`select status from camp_registrations where status <> 'registered'`))).toEqual([]);
    expect(await t.db.one('select status, units_collected from camps where id = $1', [camp])).toEqual({ status: 'planned', units_collected: 0 });
    expect((await t.db.one('select count(*)::int as n from donor_deferrals')).n).toBe(0);
  });

  it('asks for at least one result, instead of saving an empty form', async () => {
    const camp = await addCamp(t.db, app.geo, { date: YESTERDAY });
    await register(t.db, camp, await donor());
    const res = await saveAttendance(await signedIn(app, 'prayagraj-1'), camp, {});
    expect(res.status).toBe(422);
    expect(res.text).toContain('Choose what happened for at least one donor, then save.');
    expect(await t.db.one('select status from camps where id = $1', [camp])).toEqual({ status: 'planned' });
  });

  it('waits for the day of the camp, and refuses a cancelled camp, with a clear message', async () => {
    const later = await addCamp(t.db, app.geo, { date: '2026-06-20' });
    const r = await register(t.db, later, await donor());
    const agent = await signedIn(app, 'prayagraj-1');
    const page = await agent.get(attendance(later));
    expect(textOf(page.text, 'attendance-closed')).toBe('Attendance and walk-ins can be recorded from 20/06/2026, the day of the camp.');
    expect(page.text).not.toContain('Save attendance');
    const csrf = hiddenValue(page.text, '_csrf');
    const early = await agent.post(`/volunteer/camps/${later}/attendance`).type('form')
      .send({ _csrf: csrf, rows: String(r), page: '1', [`result_${r}`]: 'donated', [`units_${r}`]: '1', [`component_${r}`]: 'whole_blood' });
    expect(early.status).toBe(422);
    expect(early.text).toContain('Attendance and walk-ins can be recorded from 20/06/2026, the day of the camp.');
    expect((await t.db.one('select count(*)::int as n from donations')).n).toBe(0);
    expect(await t.db.one('select status from camps where id = $1', [later])).toEqual({ status: 'planned' });

    const cancelled = await addCamp(t.db, app.geo, { date: YESTERDAY, status: 'cancelled' });
    expect(textOf((await agent.get(attendance(cancelled))).text, 'attendance-closed')).toBe('This camp was cancelled: attendance cannot be recorded.');
  });
});

describe('walk-ins', () => {
  it('registers a new walk-in through assisted entry and brings the volunteer back to the list, even when the camp is full', async () => {
    const camp = await addCamp(t.db, app.geo, { title: 'Police Lines camp', date: '2026-06-15', capacity: 1 });
    await register(t.db, camp, await donor());
    const agent = await signedIn(app, 'prayagraj-1');
    const attendancePage = await agent.get(attendance(camp));
    expect(attendancePage.text).toContain(`href="/volunteer/donors/new?camp=${camp}"`);

    const { res: form, csrf } = await openForm(agent, `/volunteer/donors/new?camp=${camp}&lang=en`);
    expect(form.text).toContain('Walk-in at the camp “Police Lines camp” on 15/06/2026.');
    expect(form.text).toContain(`<input type="hidden" name="camp" value="${camp}">`);
    expect(selectedOption(form.text, 'source_channel')).toBe('camp');

    const res = await agent.post('/volunteer/donors').type('form')
      .send({ ...validDonorForm(app.geo, { full_name: 'Walk In Singh' }), source_channel: 'camp', verified_now: 'yes', camp: String(camp), _csrf: csrf });
    expect(res.status).toBe(303);
    const added = await t.db.one<{ id: number; source_channel: string; status: string }>(`select id, source_channel, status from donors where full_name = 'Walk In Singh'`);
    expect(added).toMatchObject({ source_channel: 'camp', status: 'verified' });
    const registration = await t.db.one<{ id: number; source: string; status: string; registered_by: number }>(
      'select id, source, status, registered_by from camp_registrations where donor_id = $1', [added.id]);
    expect(registration).toMatchObject({ source: 'walk_in', status: 'registered', registered_by: volunteerId });
    expect(res.headers.location).toBe(`/volunteer/camps/${camp}/attendance?page=1#row-${registration.id}`);
    // Not refused, and not counted against the seats booked in advance.
    expect(await t.db.one('select registered_count, capacity from camps where id = $1', [camp])).toEqual({ registered_count: 1, capacity: 1 });
    expect((await t.db.many(`select details from audit_events where action = 'camp_registration_added' and entity_id = $1`, [camp])).map((e) => e.details))
      .toContainEqual({ donorId: added.id, source: 'walk_in' });

    const back = await agent.get(`${res.headers.location!.replace('#', '&lang=en#')}`);
    expect(back.text).toContain(`Donor no. ${added.id} registered and put on the camp&#39;s list.`);
    expect(back.text).toContain('Registration: walked in');
    expect(back.text).toContain(`name="result_${registration.id}"`);
  });

  it('adds a registered donor who walks in, found by phone number', async () => {
    const camp = await addCamp(t.db, app.geo, { date: YESTERDAY });
    const id = await donor({ full_name: 'Farhan Ali', phone: '+919876500011' });
    const agent = await signedIn(app, 'prayagraj-1');

    const found = await agent.get(attendance(camp, '&phone=98765%2000011'));
    expect(textOf(found.text, 'walk-in-result')).toContain(`Donor no. ${id} · Farhan Ali · B+`);
    const added = await agent.post(`/volunteer/camps/${camp}/walk-ins`).type('form').send({ _csrf: hiddenValue(found.text, '_csrf'), phone: hiddenValue(found.text, 'phone') });
    expect(added.status).toBe(303);
    expect(await t.db.one('select source, status from camp_registrations where donor_id = $1', [id])).toEqual({ source: 'walk_in', status: 'registered' });

    const again = await agent.get(attendance(camp, '&phone=%2B919876500011'));
    expect(again.text).toContain('Already on this camp&#39;s list.');
    expect((await agent.get(attendance(camp, '&phone=9000000999'))).text).toContain('No registered donor has this number.');
    const bad = await agent.get(attendance(camp, '&phone=12345'));
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('<a href="#phone">');
  });

  it('offers no walk-ins for another district\'s camp or before the camp day', async () => {
    const camp = await addCamp(t.db, app.geo, { date: YESTERDAY });
    const lucknow = await signedIn(app, 'lucknow-1');
    const form = await lucknow.get(`/volunteer/donors/new?camp=${camp}&lang=en`);
    expect(form.status).toBe(200);
    expect(form.text).not.toContain('name="camp"');

    const later = await addCamp(t.db, app.geo, { date: '2026-06-20' });
    const agent = await signedIn(app, 'prayagraj-1');
    const { csrf } = await openForm(agent, `/volunteer/donors/new?lang=en`);
    const res = await agent.post('/volunteer/donors').type('form').send({ ...validDonorForm(app.geo), source_channel: 'camp', camp: String(later), _csrf: csrf });
    expect(res.status).toBe(422);
    expect(res.text).toContain('This camp is not open for walk-ins');
    expect((await t.db.one('select count(*)::int as n from donors')).n).toBe(0);
  });
});
