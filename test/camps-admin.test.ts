import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { insertCamp, type CampInput } from '../src/camps/camps.queries';
import { registerForCamp } from '../src/camps/registrations.queries';
import { insertOrganisation } from '../src/organisations/organisations.queries';
import { createAccount, signIn } from './helpers/accounts';
import { fieldMessage, postFrom } from './helpers/donor-sign-in';
import { districtId } from './helpers/fixtures';
import { addDonor } from './helpers/records';
import { browser, buildTestApp, hiddenValue, TEST_NOW, type TestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';

// Tests run on 15/06/2026 (TEST_NOW).

let t: TestDatabase;
let app: TestApp;
let prayagraj: number;
let lucknow: number;
let chiefId: number;

beforeAll(async () => {
  t = await createTestDatabase();
  app = await buildTestApp(t.db);
  prayagraj = districtId(app.geo, 'UP', 'Prayagraj');
  lucknow = districtId(app.geo, 'UP', 'Lucknow');
  await createAccount(t.db, app.geo, { username: 'prayagraj-1', state: 'UP', districts: ['Prayagraj'] });
  await createAccount(t.db, app.geo, { username: 'lucknow-1', state: 'UP', districts: ['Lucknow'] });
  chiefId = await createAccount(t.db, app.geo, { username: 'chief', role: 'admin' });
});
afterAll(async () => {
  app.close();
  await t.drop();
});
beforeEach(async () => {
  await t.db.exec('delete from notifications; delete from camp_registrations; delete from camps; delete from partner_organisations; delete from donors');
});

async function as(username: string) {
  const agent = browser(app.app);
  expect((await signIn(agent, username)).status).toBe(303);
  return agent;
}

async function addOrganisation(name = 'Rotary Club Prayagraj', district = prayagraj, state = 'UP'): Promise<number> {
  return (await insertOrganisation(t.db, null, { name, kind: 'ngo', state_code: state, district_id: district }, chiefId))!.id;
}

async function addCamp(o: Partial<CampInput> & { organisation_id: number }): Promise<number> {
  const camp: CampInput = {
    title: 'Police Mitra camp at CMP College', blood_bank: 'SRN Hospital Blood Bank', venue: 'CMP Degree College, Georgetown',
    state_code: 'UP', district_id: prayagraj, pincode: '211002', camp_date: '2026-06-20', starts_at: '09:30', ends_at: '14:00', capacity: 100, ...o,
  };
  return (await t.db.withTransaction((tx) => insertCamp(tx, null, camp, chiefId)))!.id;
}

/** What a volunteer types on the camp form. */
function campForm(organisationId: number, overrides: Record<string, string> = {}) {
  return {
    title: 'Police Mitra camp at CMP College',
    state_code: 'UP',
    district_id: String(prayagraj),
    organisation_id: String(organisationId),
    blood_bank: 'SRN Hospital Blood Bank',
    venue: 'CMP Degree College, Georgetown',
    pincode: '211001',
    camp_date: '20/06/2026',
    starts_at: '9:30',
    ends_at: '14:00',
    capacity: '120',
    notes: '',
    website: '',
    ...overrides,
  };
}

/** Registers donors for a camp through the registration code, which takes seats and queues their messages. */
async function registerDonors(campId: number, count: number) {
  for (let i = 0; i < count; i++) {
    const donorId = await addDonor(t.db, app.geo);
    const outcome = await t.db.withTransaction((tx) => registerForCamp(tx, { campId, donorId, source: 'web', at: TEST_NOW }));
    expect(outcome).toBe('registered');
  }
}

/** The camp messages queued for the camp's donors: template, status and the date they name. */
const campMessages = (campId: number) =>
  t.db.many(
    `select n.template, n.status, n.payload->>'date' as date from notifications n
     where n.donor_id in (select donor_id from camp_registrations where camp_id = $1) and n.template like 'camp_%'
     order by n.id`,
    [campId],
  );

const campRow = (id: number) =>
  t.db.one(`select title, status, camp_date, to_char(starts_at, 'HH24:MI') as starts_at, capacity, cancelled_reason from camps where id = $1`, [id]);
const auditOf = (id: number) =>
  t.db.many<{ action: string; actor_username: string; details: Record<string, unknown> }>(
    `select action, actor_username, details from audit_events where entity_type = 'camp' and entity_id = $1 order by id`,
    [id],
  );

describe('planning a camp', () => {
  it('stores a planned camp with times, coordinates from the PIN code and who planned it, audits it, and shows it', async () => {
    const org = await addOrganisation();
    const agent = await as('prayagraj-1');
    const form = await agent.get('/volunteer/camps/new?lang=en');
    expect(form.text).toContain(`<option value="${org}">Rotary Club Prayagraj (Prayagraj)</option>`);
    // A volunteer of one state has it chosen already.
    expect(form.text).toContain('<option value="UP" selected>');
    const res = await agent.post('/volunteer/camps/new').type('form').send({ ...campForm(org, { notes: 'Bring ID cards' }), _csrf: hiddenValue(form.text, '_csrf') });
    expect(res.status).toBe(303);
    const row = await t.db.one<{ id: number }>(
      `select c.id, c.status, c.camp_date, to_char(c.starts_at, 'HH24:MI') as starts_at, to_char(c.ends_at, 'HH24:MI') as ends_at, c.capacity,
              c.registered_count, c.organisation_id, c.district_id, c.notes, c.latitude is not null and c.longitude is not null as located, v.username
       from camps c join volunteers v on v.id = c.created_by`,
    );
    expect(row).toEqual({
      id: row.id, status: 'planned', camp_date: '2026-06-20', starts_at: '09:30', ends_at: '14:00', capacity: 120, registered_count: 0,
      organisation_id: org, district_id: prayagraj, notes: 'Bring ID cards', located: true, username: 'prayagraj-1',
    });
    expect(res.headers.location).toBe(`/volunteer/camps/${row.id}`);
    expect(await auditOf(row.id)).toEqual([{ action: 'camp_created', actor_username: 'prayagraj-1', details: { organisation_id: org, district_id: prayagraj } }]);

    const page = await agent.get(`/volunteer/camps/${row.id}?lang=en`);
    expect(page.text).toContain('The camp &#34;Police Mitra camp at CMP College&#34; is planned.');
    expect(page.text).toContain('20/06/2026');
    expect(page.text).toContain('09:30 to 14:00');
    expect(page.text).toContain('<dd id="camp-seats">0 of 120 seats taken</dd>');
    expect(page.text).toContain('Nobody has registered yet.');
    expect(page.text).toContain(`<a href="/volunteer/camps/${row.id}/attendance">Attendance and donations</a>`);
  });

  it('takes today\'s date and a date-picker date, but refuses a date in the past', async () => {
    const org = await addOrganisation();
    const agent = await as('prayagraj-1');
    const past = await postFrom(agent, '/volunteer/camps/new?lang=en', '/volunteer/camps/new', campForm(org, { camp_date: '14/06/2026' }));
    expect(past.status).toBe(422);
    expect(fieldMessage(past.text, 'camp_date')).toBe('This date cannot be in the past');
    expect(past.text).toContain('value="14/06/2026"');
    const nonsense = await postFrom(agent, '/volunteer/camps/new?lang=en', '/volunteer/camps/new', campForm(org, { camp_date: '31/06/2026' }));
    expect(fieldMessage(nonsense.text, 'camp_date')).toBe('Enter a real date, like 25/01/1995');
    expect(await t.db.many('select id from camps')).toEqual([]);
    expect((await postFrom(agent, '/volunteer/camps/new', '/volunteer/camps/new', campForm(org, { camp_date: '15/06/2026' }))).status).toBe(303);
    expect((await postFrom(agent, '/volunteer/camps/new', '/volunteer/camps/new', campForm(org, { camp_date: '2026-07-01' }))).status).toBe(303);
    expect(await t.db.many('select camp_date from camps order by camp_date')).toEqual([{ camp_date: '2026-06-15' }, { camp_date: '2026-07-01' }]);
  });

  it('checks times on the 24-hour clock, the end after the start, and seats from 1 to 2000, all in one round', async () => {
    const org = await addOrganisation();
    const agent = await as('prayagraj-1');
    const res = await postFrom(agent, '/volunteer/camps/new?lang=en', '/volunteer/camps/new', campForm(org, { starts_at: '25:00', ends_at: '9 am', capacity: '0' }));
    expect(res.status).toBe(422);
    expect(fieldMessage(res.text, 'starts_at')).toBe('Enter a time on the 24-hour clock, like 09:30 or 14:00');
    expect(fieldMessage(res.text, 'ends_at')).toBe('Enter a time on the 24-hour clock, like 09:30 or 14:00');
    expect(fieldMessage(res.text, 'capacity')).toBe('Enter a number of seats from 1 to 2000');
    const backwards = await postFrom(agent, '/volunteer/camps/new?lang=en', '/volunteer/camps/new', campForm(org, { starts_at: '14:00', ends_at: '13:59', capacity: '2001' }));
    expect(fieldMessage(backwards.text, 'ends_at')).toBe('The end time must be after the start time');
    expect(fieldMessage(backwards.text, 'capacity')).toBe('Enter a number of seats from 1 to 2000');
    const same = await postFrom(agent, '/volunteer/camps/new?lang=en', '/volunteer/camps/new', campForm(org, { starts_at: '10.00', ends_at: '10:00' }));
    expect(fieldMessage(same.text, 'ends_at')).toBe('The end time must be after the start time');
    expect(await t.db.many('select id from camps')).toEqual([]);
    // Devanagari digits and a dot, as a Hindi keyboard or a hurried hand types them.
    const typed = await postFrom(agent, '/volunteer/camps/new', '/volunteer/camps/new', campForm(org, { starts_at: '०९.००', ends_at: '13:30:00', capacity: '२००' }));
    expect(typed.status).toBe(303);
    expect(await t.db.one(`select to_char(starts_at, 'HH24:MI') as s, to_char(ends_at, 'HH24:MI') as e, capacity from camps`)).toEqual({ s: '09:00', e: '13:30', capacity: 200 });
  });

  it('needs an organisation that is active, in the camp\'s state and in the volunteer\'s area', async () => {
    const inactive = await addOrganisation('Old Youth Club');
    await t.db.exec('update partner_organisations set is_active = false where id = $1', [inactive]);
    const elsewhere = await addOrganisation('Lucknow Gurudwara Committee', lucknow);
    const pune = await addOrganisation('Pune Seva Sangh', districtId(app.geo, 'MH', 'Pune'), 'MH');
    const agent = await as('prayagraj-1');
    const form = await agent.get('/volunteer/camps/new?lang=en');
    expect(form.text).not.toContain('Old Youth Club');
    expect(form.text).not.toContain('Lucknow Gurudwara Committee');
    const closed = await postFrom(agent, '/volunteer/camps/new?lang=en', '/volunteer/camps/new', campForm(inactive));
    expect(fieldMessage(closed.text, 'organisation_id')).toBe('This organisation has been deactivated. Choose an active one, or reactivate it first.');
    const outside = await postFrom(agent, '/volunteer/camps/new?lang=en', '/volunteer/camps/new', campForm(elsewhere));
    expect(fieldMessage(outside.text, 'organisation_id')).toBe('Choose an organisation from the list');
    const none = await postFrom(agent, '/volunteer/camps/new?lang=en', '/volunteer/camps/new', campForm(999999));
    expect(fieldMessage(none.text, 'organisation_id')).toBe('Choose an organisation from the list');
    const admin = await as('chief');
    const otherState = await postFrom(admin, '/volunteer/camps/new?lang=en', '/volunteer/camps/new', campForm(pune));
    expect(fieldMessage(otherState.text, 'organisation_id')).toBe('This organisation is in another state. Choose one from the camp&#39;s state.');
    expect(await t.db.many('select id from camps')).toEqual([]);
  });

  it('outside the volunteer\'s districts is refused; an admin may plan one anywhere', async () => {
    const org = await addOrganisation();
    const lucknowOrg = await addOrganisation('Lucknow Gurudwara Committee', lucknow);
    const res = await postFrom(await as('prayagraj-1'), '/volunteer/camps/new?lang=en', '/volunteer/camps/new', campForm(org, { district_id: String(lucknow) }));
    expect(res.status).toBe(422);
    expect(fieldMessage(res.text, 'district_id')).toBe('Choose a district within your jurisdiction');
    expect(await t.db.many('select id from camps')).toEqual([]);
    const admin = await postFrom(await as('chief'), '/volunteer/camps/new', '/volunteer/camps/new', campForm(lucknowOrg, { district_id: String(lucknow) }));
    expect(admin.status).toBe(303);
    expect(await t.db.many('select district_id from camps')).toEqual([{ district_id: lucknow }]);
  });

  it('in Hindi, shows the form and its messages in Hindi', async () => {
    const org = await addOrganisation();
    const agent = await as('prayagraj-1');
    expect((await agent.get('/volunteer/camps/new?lang=hi')).text).toContain('<h1>रक्तदान शिविर की योजना बनाएँ</h1>');
    const res = await postFrom(agent, '/volunteer/camps/new?lang=hi', '/volunteer/camps/new', campForm(org, { ends_at: '08:00', camp_date: '01/01/2026', title: '' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('<html lang="hi">');
    expect(fieldMessage(res.text, 'title')).toBe('यह जानकारी ज़रूरी है');
    expect(fieldMessage(res.text, 'ends_at')).toBe('समाप्त होने का समय शुरू होने के समय के बाद का होना चाहिए');
    expect(fieldMessage(res.text, 'camp_date')).toBe('यह तारीख़ बीती हुई नहीं हो सकती');
  });
});

describe('the camp list', () => {
  it('shows upcoming camps first, soonest first, then past ones, most recent first, with seats and units', async () => {
    const org = await addOrganisation();
    const later = await addCamp({ organisation_id: org, title: 'Later Camp', camp_date: '2026-07-10' });
    const soon = await addCamp({ organisation_id: org, title: 'Soon Camp', camp_date: '2026-06-15' });
    const lastMonth = await addCamp({ organisation_id: org, title: 'Last Month Camp', camp_date: '2026-05-01' });
    const lastWeek = await addCamp({ organisation_id: org, title: 'Last Week Camp', camp_date: '2026-06-08' });
    await t.db.exec(`update camps set status = 'held', units_collected = 37 where id = $1`, [lastWeek]);
    await registerDonors(soon, 2);
    const res = await (await as('prayagraj-1')).get('/volunteer/camps?lang=en');
    expect(res.status).toBe(200);
    const order = [soon, later, lastWeek, lastMonth].map((id) => res.text.indexOf(`/volunteer/camps/${id}"`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(res.text.indexOf('Upcoming camps')).toBeLessThan(order[0]!);
    expect(res.text.indexOf('Past camps')).toBeGreaterThan(order[1]!);
    expect(res.text).toContain('15/06/2026, 09:30–14:00');
    expect(res.text).toContain('2 of 100 seats taken');
    expect(res.text).toContain('37 units collected');
  });

  it('shows a volunteer only their districts\' camps and an admin all, filtered by status and district', async () => {
    const org = await addOrganisation();
    const lucknowOrg = await addOrganisation('Lucknow Gurudwara Committee', lucknow);
    await addCamp({ organisation_id: org, title: 'Prayagraj Camp' });
    const gone = await addCamp({ organisation_id: org, title: 'Rained Off Camp' });
    await t.db.exec(`update camps set status = 'cancelled', cancelled_reason = 'Heavy rain' where id = $1`, [gone]);
    await addCamp({ organisation_id: lucknowOrg, title: 'Lucknow Camp', district_id: lucknow });
    const mine = await (await as('prayagraj-1')).get('/volunteer/camps?lang=en');
    expect(mine.text).toContain('Prayagraj Camp');
    expect(mine.text).not.toContain('Lucknow Camp');
    const admin = await as('chief');
    const all = await admin.get('/volunteer/camps?lang=en');
    for (const title of ['Prayagraj Camp', 'Rained Off Camp', 'Lucknow Camp']) expect(all.text).toContain(title);
    const cancelled = await admin.get('/volunteer/camps?lang=en&status=cancelled');
    expect(cancelled.text).toContain('Rained Off Camp');
    expect(cancelled.text).not.toContain('Prayagraj Camp');
    const inLucknow = await admin.get(`/volunteer/camps?lang=en&state=UP&district=${lucknow}`);
    expect(inLucknow.text).toContain('Lucknow Camp');
    expect(inLucknow.text).not.toContain('Prayagraj Camp');
    const bad = await admin.get('/volunteer/camps?lang=en&status=postponed');
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('<a href="#status">This filter value is not one of the choices and was ignored</a>');
  });

  it('is in Hindi for a Hindi reader', async () => {
    const org = await addOrganisation();
    await addCamp({ organisation_id: org });
    const res = await (await as('prayagraj-1')).get('/volunteer/camps?lang=hi');
    expect(res.text).toContain('<h1>रक्तदान शिविर</h1>');
    expect(res.text).toContain('आने वाले शिविर');
    expect(res.text).toContain('100 में से 0 स्थान भरे');
  });
});

describe('changing a camp', () => {
  it('saves the changes, moves the registered donors\' reminders, and audits which fields changed', async () => {
    const org = await addOrganisation();
    const id = await addCamp({ organisation_id: org, pincode: '211001' });
    await registerDonors(id, 1);
    const agent = await as('prayagraj-1');
    const form = await agent.get(`/volunteer/camps/${id}/edit?lang=en`);
    expect(form.text).toContain('value="2026-06-20"');
    expect(form.text).toContain('value="09:30"');
    const res = await agent.post(`/volunteer/camps/${id}/edit`).type('form').send({ ...campForm(org, { title: 'Police Mitra Mega Camp', capacity: '150', camp_date: '21/06/2026' }), _csrf: hiddenValue(form.text, '_csrf') });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/volunteer/camps/${id}`);
    expect(await campRow(id)).toEqual({ title: 'Police Mitra Mega Camp', status: 'planned', camp_date: '2026-06-21', starts_at: '09:30', capacity: 150, cancelled_reason: null });
    expect(await auditOf(id)).toEqual([{ action: 'camp_updated', actor_username: 'prayagraj-1', details: { changed: ['title', 'camp_date', 'capacity'] } }]);
    // The confirmation already named the old date; the reminder, not sent yet, names the new one.
    expect(await campMessages(id)).toEqual([
      { template: 'camp_registered', status: 'pending', date: '2026-06-20' },
      { template: 'camp_reminder', status: 'pending', date: '2026-06-21' },
    ]);
    const reminder = await t.db.one<{ due: Date }>(`select next_attempt_at as due from notifications where template = 'camp_reminder'`);
    expect(reminder.due.toISOString()).toBe('2026-06-20T12:30:00.000Z');
  });

  it('cannot take the seats below the number of donors already registered', async () => {
    const org = await addOrganisation();
    const id = await addCamp({ organisation_id: org, capacity: 10 });
    await registerDonors(id, 5);
    const agent = await as('prayagraj-1');
    const res = await postFrom(agent, `/volunteer/camps/${id}/edit?lang=en`, `/volunteer/camps/${id}/edit`, campForm(org, { capacity: '4' }));
    expect(res.status).toBe(422);
    expect(fieldMessage(res.text, 'capacity')).toBe('5 donors have already registered: the camp needs at least 5 seats');
    expect(res.text).toContain('value="4"');
    expect(await campRow(id)).toMatchObject({ capacity: 10 });
    expect((await postFrom(agent, `/volunteer/camps/${id}/edit`, `/volunteer/camps/${id}/edit`, campForm(org, { capacity: '5' }))).status).toBe(303);
    expect(await campRow(id)).toMatchObject({ capacity: 5 });
    const page = await agent.get(`/volunteer/camps/${id}?lang=en`);
    expect(page.text).toContain('<dd id="camp-seats">5 of 5 seats taken</dd>');
    expect(page.text).toMatch(/<li><strong>5<\/strong>Registered<\/li>/);
  });

  it('keeps a past date of a camp that took place, but will not move a camp into the past', async () => {
    const org = await addOrganisation();
    const id = await addCamp({ organisation_id: org, camp_date: '2026-06-10' });
    const agent = await as('prayagraj-1');
    const keep = await postFrom(agent, `/volunteer/camps/${id}/edit`, `/volunteer/camps/${id}/edit`, campForm(org, { camp_date: '10/06/2026', notes: 'Photos sent to the SP office' }));
    expect(keep.status).toBe(303);
    const back = await postFrom(agent, `/volunteer/camps/${id}/edit?lang=en`, `/volunteer/camps/${id}/edit`, campForm(org, { camp_date: '09/06/2026' }));
    expect(back.status).toBe(422);
    expect(fieldMessage(back.text, 'camp_date')).toBe('This date cannot be in the past');
    expect(await campRow(id)).toMatchObject({ camp_date: '2026-06-10' });
  });

  it('once held, refuses a new date or number of seats but takes other corrections', async () => {
    const org = await addOrganisation();
    const id = await addCamp({ organisation_id: org });
    await t.db.exec(`update camps set status = 'held' where id = $1`, [id]);
    const agent = await as('prayagraj-1');
    const form = await agent.get(`/volunteer/camps/${id}/edit?lang=en`);
    expect(form.text).toContain('This camp has been held: its date and number of seats can no longer change.');
    const res = await agent.post(`/volunteer/camps/${id}/edit?lang=en`).type('form').send({ ...campForm(org, { camp_date: '22/06/2026', capacity: '80' }), _csrf: hiddenValue(form.text, '_csrf') });
    expect(res.status).toBe(422);
    expect(fieldMessage(res.text, 'camp_date')).toBe('This camp has been held, so this can no longer change');
    expect(fieldMessage(res.text, 'capacity')).toBe('This camp has been held, so this can no longer change');
    expect(await campRow(id)).toMatchObject({ camp_date: '2026-06-20', capacity: 100 });
    const fixed = await postFrom(agent, `/volunteer/camps/${id}/edit`, `/volunteer/camps/${id}/edit`, campForm(org, { camp_date: '20/06/2026', capacity: '100', blood_bank: 'Kamla Nehru Hospital Blood Bank' }));
    expect(fixed.status).toBe(303);
    expect(await t.db.one('select blood_bank, status from camps where id = $1', [id])).toEqual({ blood_bank: 'Kamla Nehru Hospital Blood Bank', status: 'held' });
  });

  it('keeps its organisation after that was deactivated, but cannot switch to a deactivated one', async () => {
    const org = await addOrganisation();
    const other = await addOrganisation('Old Youth Club');
    const id = await addCamp({ organisation_id: org });
    await t.db.exec('update partner_organisations set is_active = false where id in ($1, $2)', [org, other]);
    const agent = await as('prayagraj-1');
    const form = await agent.get(`/volunteer/camps/${id}/edit`);
    expect(form.text).toContain(`<option value="${org}" selected>`);
    expect((await postFrom(agent, `/volunteer/camps/${id}/edit`, `/volunteer/camps/${id}/edit`, campForm(org, { title: 'Renamed Camp' }))).status).toBe(303);
    const switched = await postFrom(agent, `/volunteer/camps/${id}/edit?lang=en`, `/volunteer/camps/${id}/edit`, campForm(other));
    expect(switched.status).toBe(422);
    expect(fieldMessage(switched.text, 'organisation_id')).toContain('This organisation has been deactivated.');
    expect(await t.db.one('select title, organisation_id from camps where id = $1', [id])).toEqual({ title: 'Renamed Camp', organisation_id: org });
  });
});

describe('cancelling a camp', () => {
  it('needs a reason, then cancels it and the messages not sent yet, records the reason and audits it without the words', async () => {
    const org = await addOrganisation();
    const id = await addCamp({ organisation_id: org });
    await registerDonors(id, 3);
    const agent = await as('prayagraj-1');
    const page = await agent.get(`/volunteer/camps/${id}?lang=en`);
    expect(page.text).toContain('3 donors have registered: make sure they hear that the camp is off.');
    const none = await agent.post(`/volunteer/camps/${id}/cancel?lang=en`).type('form').send({ cancelled_reason: '  ', _csrf: hiddenValue(page.text, '_csrf') });
    expect(none.status).toBe(422);
    expect(fieldMessage(none.text, 'cancelled_reason')).toBe('This field is required');
    expect(await campRow(id)).toMatchObject({ status: 'planned' });

    const res = await postFrom(agent, `/volunteer/camps/${id}`, `/volunteer/camps/${id}/cancel`, { cancelled_reason: 'The college hall is flooded' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/volunteer/camps/${id}`);
    expect(await campRow(id)).toMatchObject({ status: 'cancelled', cancelled_reason: 'The college hall is flooded' });
    expect(await auditOf(id)).toEqual([{ action: 'camp_cancelled', actor_username: 'prayagraj-1', details: { registered_count: 3, messages_cancelled: 6 } }]);
    expect((await campMessages(id)).map((m) => m.status)).toEqual(Array(6).fill('cancelled'));
    const after = await agent.get(`/volunteer/camps/${id}?lang=en`);
    expect(after.text).toContain('The camp &#34;Police Mitra camp at CMP College&#34; has been cancelled.');
    expect(after.text).toContain('<p class="status-label" id="camp-status">Cancelled</p>');
    expect(after.text).toContain('The college hall is flooded');
    expect(after.text).not.toContain('Cancel camp');
  });

  it('a second time, or once held, says so and changes nothing', async () => {
    const org = await addOrganisation();
    const id = await addCamp({ organisation_id: org });
    const agent = await as('prayagraj-1');
    const page = await agent.get(`/volunteer/camps/${id}`);
    const csrf = hiddenValue(page.text, '_csrf');
    await agent.post(`/volunteer/camps/${id}/cancel`).type('form').send({ cancelled_reason: 'Blood bank van unavailable', _csrf: csrf });
    const again = await agent.post(`/volunteer/camps/${id}/cancel`).type('form').send({ cancelled_reason: 'Again', _csrf: csrf });
    expect(again.status).toBe(303);
    expect((await agent.get(`/volunteer/camps/${id}?lang=en`)).text).toContain('This camp was already cancelled.');
    expect(await campRow(id)).toMatchObject({ cancelled_reason: 'Blood bank van unavailable' });
    expect(await auditOf(id)).toHaveLength(1);
    const editCancelled = await postFrom(agent, `/volunteer/camps/${id}/edit?lang=en`, `/volunteer/camps/${id}/edit`, campForm(org, { camp_date: '25/06/2026' }));
    expect(fieldMessage(editCancelled.text, 'camp_date')).toBe('This camp is cancelled, so this can no longer change');

    const held = await addCamp({ organisation_id: org });
    await t.db.exec(`update camps set status = 'held' where id = $1`, [held]);
    await agent.post(`/volunteer/camps/${held}/cancel`).type('form').send({ cancelled_reason: 'Too late', _csrf: csrf });
    expect((await agent.get(`/volunteer/camps/${held}?lang=en`)).text).toContain('This camp has already been held, so it cannot be cancelled.');
    expect(await campRow(held)).toMatchObject({ status: 'held', cancelled_reason: null });
  });
});

describe('a camp of another district', () => {
  it('answers 404 to a volunteer for the page, the form and every action, and changes nothing; an admin sees it', async () => {
    const org = await addOrganisation();
    const id = await addCamp({ organisation_id: org });
    const outsider = await as('lucknow-1');
    expect((await outsider.get(`/volunteer/camps/${id}`)).status).toBe(404);
    expect((await outsider.get(`/volunteer/camps/${id}/edit`)).status).toBe(404);
    expect((await outsider.get('/volunteer/camps/99999999')).status).toBe(404);
    const csrf = hiddenValue((await outsider.get('/volunteer/camps')).text, '_csrf');
    const edit = await outsider.post(`/volunteer/camps/${id}/edit`).type('form').send({ ...campForm(org, { title: 'Taken Over' }), _csrf: csrf });
    expect(edit.status).toBe(404);
    const cancel = await outsider.post(`/volunteer/camps/${id}/cancel`).type('form').send({ cancelled_reason: 'Not mine', _csrf: csrf });
    expect(cancel.status).toBe(404);
    expect(await campRow(id)).toMatchObject({ title: 'Police Mitra camp at CMP College', status: 'planned' });
    expect(await auditOf(id)).toEqual([]);
    const admin = await as('chief');
    expect((await admin.get(`/volunteer/camps/${id}?lang=en`)).status).toBe(200);
  });
});
