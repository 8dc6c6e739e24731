import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccount, signIn } from './helpers/accounts';
import { askForCode, enterCode, fieldMessage, postFrom, signInAsDonor } from './helpers/donor-sign-in';
import { validDonorForm } from './helpers/fixtures';
import { addDonor, addRequest } from './helpers/records';
import { browser, buildTestApp, openForm, TEST_NOW, type TestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';

// Withdrawing consent erases the donor: afterwards no table holds their name, number, email or
// date of birth, while the counts the campaign reports on survive.

let t: TestDatabase;
let app: TestApp;
let volunteerId: number;

const SUNIL = { full_name: 'Sunil Kumar Verma', phone: '+919812345670', email: 'sunil.verma@example.org', date_of_birth: '1988-11-23' };
const ASHA = { full_name: 'Asha Rani Gupta', phone: '+919812345671', email: 'asha.gupta@example.org', date_of_birth: '1992-02-17' };

beforeAll(async () => {
  t = await createTestDatabase();
  app = await buildTestApp(t.db, { env: { DONOR_CODE_RATE_LIMIT: '10000' } });
  volunteerId = await createAccount(t.db, app.geo, { username: 'prayagraj-1', state: 'UP', districts: ['Prayagraj'] });
  await createAccount(t.db, app.geo, { username: 'chief', role: 'admin' });
});
afterAll(async () => {
  app.close();
  await t.drop();
});
beforeEach(async () => {
  await t.db.exec(
    'delete from sessions; delete from donor_login_codes; delete from notifications; delete from donations; delete from contact_attempts; delete from case_notes; delete from blood_requests; delete from donors',
  );
});

/** Every text-like column of every table that contains `needle` (case-insensitive), as "table.column". */
async function columnsContaining(needle: string): Promise<string[]> {
  const columns = await t.db.many<{ table_name: string; column_name: string }>(
    `select c.table_name, c.column_name from information_schema.columns c
     join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name and tb.table_type = 'BASE TABLE'
     where c.table_schema = current_schema() and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb')
     order by 1, 2`,
  );
  expect(columns.length).toBeGreaterThan(30);
  const found: string[] = [];
  for (const { table_name, column_name } of columns) {
    const hit = await t.db.maybeOne(`select 1 from "${table_name}" where strpos(lower("${column_name}"::text), lower($1)) > 0 limit 1`, [needle]);
    if (hit) found.push(`${table_name}.${column_name}`);
  }
  return found;
}

/** A verified donor with a history in every table that can hold something about them. */
async function donorWithEverything(person: typeof SUNIL) {
  const id = await addDonor(t.db, app.geo, { ...person, verified_by: volunteerId, verified_at: TEST_NOW });
  const request = await addRequest(t.db, app.geo);
  await t.db.exec("insert into contact_attempts (request_id, donor_id, volunteer_id, outcome, units, note) values ($1, $2, $3, 'donated', 1, $4)", [
    request.id, id, volunteerId, `${person.full_name} came at 5 pm`,
  ]);
  await t.db.exec('insert into case_notes (donor_id, volunteer_id, body) values ($1, $2, $3)', [id, volunteerId, `Called ${person.phone}; born ${person.date_of_birth}`]);
  await t.db.exec(
    `insert into notifications (channel, recipient, template, language, payload, status, sent_at, donor_id) values
       ('sms', $2, 'donor_verified', 'hi', $4, 'sent', now(), $1),
       ('email', $3, 'donor_verified', 'hi', $4, 'sent', now(), $1),
       ('sms', $2, 'eligible_again', 'hi', '{}', 'failed', null, $1),
       ('sms', $2, 'eligible_again', 'hi', '{}', 'pending', null, null)`,
    [id, person.phone, person.email, JSON.stringify({ name: person.full_name })],
  );
  return { id, request };
}

describe('withdrawing consent at /me/erase', () => {
  it('asks for confirmation first: without the tick it answers 422 and erases nothing', async () => {
    const { id } = await donorWithEverything(SUNIL);
    const agent = await signInAsDonor(app, t.db, SUNIL.phone);
    const page = await agent.get('/me/erase?lang=en');
    expect(page.text).toContain('Withdraw consent and erase my account');
    expect(page.text).toContain('This cannot be undone');
    const res = await postFrom(agent, '/me/erase?lang=en', '/me/erase', {});
    expect(res.status).toBe(422);
    expect(fieldMessage(res.text, 'confirm')).toBe('Tick the box to confirm that you want your data erased');
    expect(await t.db.one('select full_name, erased_at from donors where id = $1', [id])).toEqual({ full_name: SUNIL.full_name, erased_at: null });
    expect((await agent.get('/me')).status).toBe(200);
  });

  it('erases the donor everywhere in one step, ends their sessions, and says goodbye', async () => {
    const { id } = await donorWithEverything(SUNIL);
    const other = await donorWithEverything(ASHA);
    // Signed in on two devices, and half-way through signing in on a third.
    const agent = await signInAsDonor(app, t.db, SUNIL.phone);
    await postFrom(agent, '/me/health', '/me/health', { reason: 'fever', since: '10/06/2026' });
    await postFrom(agent, '/me/donations/new', '/me/donations', { donated_on: '01/06/2026', units: '1', component: 'whole_blood', place: 'Civil Lines camp' });
    const phone = await signInAsDonor(app, t.db, SUNIL.phone);
    const halfway = browser(app.app);
    await askForCode(halfway, SUNIL.phone);
    const before = await t.db.one<{ n: number }>('select count(*)::int as n from audit_events');

    const res = await postFrom(agent, '/me/erase', '/me/erase', { confirm: 'yes' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/me/goodbye');
    const goodbye = await agent.get('/me/goodbye?lang=en');
    expect(goodbye.text).toContain('Your data has been erased');
    expect((await agent.get('/me')).headers.location).toBe('/me/login');
    expect((await phone.get('/me')).headers.location).toBe('/me/login');

    // What stays: an anonymous row for the statistics.
    expect(await t.db.one('select * from donors where id = $1', [id])).toMatchObject({
      status: 'erased', erased_at: TEST_NOW, blood_group: 'B+', state_code: 'UP', sex: 'male', donation_count: 1,
      full_name: null, phone: null, email: null, date_of_birth: null, weight_kg: null, locality: null, pincode: null,
      latitude: null, longitude: null, last_donation_on: null, paused: false, reminder_opt_in: false,
    });
    expect(await t.db.many('select donated_on, source from donations where donor_id = $1', [id])).toEqual([{ donated_on: '2026-06-01', source: 'self_reported' }]);
    expect(await t.db.many('select outcome, units, note from contact_attempts where donor_id = $1', [id])).toEqual([{ outcome: 'donated', units: 1, note: null }]);
    // What goes.
    expect(await t.db.many('select 1 from donor_deferrals where donor_id = $1', [id])).toEqual([]);
    expect(await t.db.many('select 1 from case_notes where donor_id = $1', [id])).toEqual([]);
    expect(await t.db.many('select 1 from donor_login_codes where phone = $1', [SUNIL.phone])).toEqual([]);
    expect(await t.db.many('select channel, recipient, payload, status from notifications where donor_id = $1 order by id', [id])).toEqual([
      { channel: 'sms', recipient: 'erased', payload: {}, status: 'sent' },
      { channel: 'email', recipient: 'erased', payload: {}, status: 'sent' },
    ]);
    // The audit log records the erasure with ids and counts only.
    const events = await t.db.many<{ action: string; entity_type: string; entity_id: number; actor_id: number | null; details: Record<string, number> }>(
      "select action, entity_type, entity_id, actor_id, details from audit_events where action = 'donor_erased'",
    );
    expect(events).toEqual([{ action: 'donor_erased', entity_type: 'donor', entity_id: id, actor_id: null, details: { deferrals: 1, notes: 1, notificationsDeleted: 5, notificationsRedacted: 2, loginCodes: 3, sessions: 3 } }]);
    expect(await t.db.one<{ n: number }>('select count(*)::int as n from audit_events')).toEqual({ n: before.n + 1 });

    // Nothing, in any table, still holds who they were.
    for (const value of [SUNIL.full_name, 'Sunil Kumar', SUNIL.phone, SUNIL.phone.slice(3), SUNIL.email, SUNIL.date_of_birth, '23/11/1988']) {
      expect(await columnsContaining(value), value).toEqual([]);
    }
    // The scan does find a donor who was not erased: the check above could have failed.
    expect(await columnsContaining(ASHA.full_name)).toEqual(expect.arrayContaining(['donors.full_name', 'contact_attempts.note', 'notifications.payload']));
    expect(await columnsContaining(ASHA.phone)).toEqual(expect.arrayContaining(['donors.phone', 'notifications.recipient']));
    expect(await t.db.one('select erased_at from donors where id = $1', [other.id])).toEqual({ erased_at: null });
  });

  it('afterwards the number signs in like any unregistered one, and may register again as a new donor', async () => {
    await donorWithEverything(SUNIL);
    const agent = await signInAsDonor(app, t.db, SUNIL.phone);
    await postFrom(agent, '/me/erase', '/me/erase', { confirm: 'yes' });

    const again = browser(app.app);
    const asked = await askForCode(again, SUNIL.phone);
    expect(asked.headers.location).toBe('/me/login/code');
    expect(await t.db.many("select 1 from notifications where template = 'login_code' and recipient = $1", [SUNIL.phone])).toEqual([]);
    expect((await enterCode(again, '123456')).status).toBe(422);

    const { csrf } = await openForm(again, '/donors/new?lang=en');
    const registered = await again.post('/donors').type('form').send({ ...validDonorForm(app.geo, { phone: SUNIL.phone }), _csrf: csrf });
    expect(registered.status).toBe(303);
    expect(await t.db.many("select status from donors where phone = $1", [SUNIL.phone])).toEqual([{ status: 'pending_verification' }]);
  });

  it('leaves the volunteers\' queue: an erased donor is never waiting for a call', async () => {
    const { id } = await donorWithEverything(SUNIL);
    await t.db.exec("update donors set status = 'pending_verification', verified_at = null, verified_by = null where id = $1", [id]);
    const volunteer = browser(app.app);
    await signIn(volunteer, 'chief');
    expect((await volunteer.get('/volunteer?lang=en')).text).toContain(`/volunteer/donors/${id}"`);
    const agent = await signInAsDonor(app, t.db, SUNIL.phone);
    await postFrom(agent, '/me/erase', '/me/erase', { confirm: 'yes' });
    const queue = await volunteer.get('/volunteer?lang=en');
    expect(queue.status).toBe(200);
    expect(queue.text).not.toContain(`/volunteer/donors/${id}"`);
    expect(await t.db.one('select status from donors where id = $1', [id])).toEqual({ status: 'erased' });
  });
});
