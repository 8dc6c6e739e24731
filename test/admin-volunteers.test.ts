import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, signIn } from './helpers/accounts';
import { districtId, validDonorForm, validRequestForm } from './helpers/fixtures';
import { browser, buildTestApp, hiddenValue, openForm, textOf, type TestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';

let t: TestDatabase;
let app: TestApp;
let adminId: number;
let volunteerId: number;

beforeAll(async () => {
  t = await createTestDatabase();
  app = await buildTestApp(t.db);
  adminId = await createAccount(t.db, app.geo, { username: 'chief', role: 'admin', fullName: 'Inspector Meena Sharma' });
  volunteerId = await createAccount(t.db, app.geo, { username: 'constable1', state: 'UP', districts: ['Prayagraj'] });
});
afterAll(async () => {
  app.close();
  await t.drop();
});

type Agent = ReturnType<typeof browser>;

async function signedIn(username: string, password?: string): Promise<Agent> {
  const agent = browser(app.app);
  const res = await signIn(agent, username, password);
  expect(res.status).toBe(303);
  return agent;
}

/** Posts a form the way a browser does: with the CSRF token of a page it has open. */
async function post(agent: Agent, path: string, body: Record<string, string | string[]> = {}) {
  const csrf = hiddenValue((await agent.get('/admin/volunteers/new')).text, '_csrf');
  return agent.post(path).type('form').send({ ...body, _csrf: csrf });
}

const prayagraj = () => String(districtId(app.geo, 'UP', 'Prayagraj'));
const lucknow = () => String(districtId(app.geo, 'UP', 'Lucknow'));

function newAccountForm(overrides: Record<string, string | string[] | undefined> = {}) {
  const form: Record<string, string | string[] | undefined> = {
    username: 'ram.yadav',
    full_name: 'Ram Prakash Yadav',
    role: 'volunteer',
    badge_number: 'PNO 112233',
    rank: 'Constable',
    police_station: 'Civil Lines',
    phone: '98765 43210',
    state_code: 'UP',
    scope: 'districts',
    district_ids: [prayagraj(), lucknow()],
    ...overrides,
  };
  return Object.fromEntries(Object.entries(form).filter(([, v]) => v !== undefined)) as Record<string, string | string[]>;
}

const count = async (sql: string, values: unknown[] = []) => (await t.db.one<{ n: number }>(`select count(*)::int as n from (${sql}) x`, values)).n;
const accountCount = () => count('select 1 from volunteers');
const auditCount = (action: string) => count('select 1 from audit_events where action = $1', [action]);
const idOf = async (username: string) => (await t.db.one<{ id: number }>('select id from volunteers where username = $1', [username])).id;

describe('who may use the admin pages', () => {
  const pages = () => ['/admin', '/admin/volunteers', '/admin/volunteers/new', `/admin/volunteers/${volunteerId}`];

  it('GET on every admin page sends anonymous visitors to sign in, gives volunteers the 403 page, and shows admins the page', async () => {
    const volunteer = await signedIn('constable1');
    const admin = await signedIn('chief');
    for (const path of pages()) {
      const anonymous = await browser(app.app).get(path);
      expect(anonymous.status, path).toBe(303);
      expect(anonymous.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
      expect((await volunteer.get(path)).status, path).toBe(403);
      expect((await admin.get(path)).status, path).toBe(200);
    }
  });

  it('POST to every admin action by a volunteer is refused with 403 and changes nothing', async () => {
    const volunteer = await signedIn('constable1');
    const csrf = hiddenValue((await volunteer.get('/account/password')).text, '_csrf');
    const before = await accountCount();
    for (const action of ['new', `${adminId}/details`, `${adminId}/jurisdiction`, `${adminId}/deactivate`, `${adminId}/reactivate`, `${adminId}/reset-password`]) {
      const res = await volunteer.post(`/admin/volunteers/${action}`).type('form').send({ ...newAccountForm({ username: 'sneaky', role: 'admin' }), _csrf: csrf });
      expect(res.status, action).toBe(403);
    }
    expect(await accountCount()).toBe(before);
    expect(await t.db.one('select is_active, role from volunteers where id = $1', [adminId])).toEqual({ is_active: true, role: 'admin' });
  });

  it('POST without a CSRF token is refused with 403', async () => {
    const admin = await signedIn('chief');
    const res = await admin.post('/admin/volunteers/new').type('form').send(newAccountForm({ username: 'nocsrf' }));
    expect(res.status).toBe(403);
    expect(await count("select 1 from volunteers where username = 'nocsrf'")).toBe(0);
  });
});

describe('GET /admin', () => {
  it('links to accounts and the audit log and lists donors and requests flagged for an administrator', async () => {
    const citizen = browser(app.app);
    const { csrf } = await openForm(citizen, '/donors/new?lang=en');
    expect((await citizen.post('/donors').type('form').send({ ...validDonorForm(app.geo), _csrf: csrf })).status).toBe(303);
    const family = browser(app.app);
    const form = await openForm(family, '/requests/new?lang=en');
    expect((await family.post('/requests').type('form').send({ ...validRequestForm(app.geo), _csrf: form.csrf, form_token: form.formToken })).status).toBe(303);
    const donor = await t.db.one<{ id: number }>("update donors set flagged_for_admin = true, contact_attempts = 3 returning id");
    const request = await t.db.one<{ id: number; reference: string }>('update blood_requests set flagged_for_admin = true returning id, reference');

    const res = await (await signedIn('chief')).get('/admin');
    expect(res.status).toBe(200);
    expect(res.text).toContain('href="/admin/volunteers"');
    expect(res.text).toContain('href="/admin/audit"');
    expect(res.text).toContain(`<a href="/volunteer/donors/${donor.id}">Ramesh Kumar Yadav</a>`);
    expect(res.text).toContain(`<a href="/volunteer/requests/${request.id}">${request.reference}</a>`);
    expect(res.text).toContain('<td>3</td>');
    expect(res.text).toContain('Waiting for verification');
  });
});

describe('GET /admin/volunteers', () => {
  it('lists every account with role, status, jurisdiction and last sign-in in Indian time', async () => {
    await createAccount(t.db, app.geo, { username: 'statewide', state: 'UP' });
    await createAccount(t.db, app.geo, { username: 'twodistricts', state: 'UP', districts: ['Prayagraj', 'Lucknow'] });
    const res = await (await signedIn('chief')).get('/admin/volunteers');
    expect(res.status).toBe(200);
    expect(res.text).toContain('href="/admin/volunteers/new"');
    expect(res.text).toContain(`<a href="/admin/volunteers/${adminId}">chief</a>`);
    expect(res.text).toContain('Uttar Pradesh (whole state)');
    expect(res.text).toContain('Uttar Pradesh: Lucknow, Prayagraj');
    expect(res.text).toContain('All areas (administrator)');
    expect(res.text).toContain('15/06/2026 12:00');
    expect(res.text).toContain('Administrator');
  });
});

describe('POST /admin/volunteers/new', () => {
  it('creates a volunteer with districts, records it in the audit log, and shows the temporary password once', async () => {
    const admin = await signedIn('chief');
    const res = await post(admin, '/admin/volunteers/new', newAccountForm());
    expect(res.status).toBe(303);
    const id = await idOf('ram.yadav');
    expect(res.headers.location).toBe(`/admin/volunteers/${id}`);

    const account = await t.db.one('select * from volunteers where id = $1', [id]);
    expect(account).toMatchObject({
      full_name: 'Ram Prakash Yadav',
      role: 'volunteer',
      badge_number: 'PNO 112233',
      rank: 'Constable',
      police_station: 'Civil Lines',
      phone: '+919876543210',
      must_change_password: true,
      is_active: true,
    });
    expect(String(account.password_hash)).toMatch(/^\$2[aby]\$/);
    const places = await t.db.many('select state_code, district_id from volunteer_jurisdictions where volunteer_id = $1 order by district_id', [id]);
    expect(places).toEqual([Number(prayagraj()), Number(lucknow())].sort((a, b) => a - b).map((d) => ({ state_code: 'UP', district_id: d })));
    const audit = await t.db.one('select actor_id, actor_username, entity_type, entity_id, details from audit_events where action = $1', ['volunteer_created']);
    expect(audit).toMatchObject({ actor_id: adminId, actor_username: 'chief', entity_type: 'volunteer', entity_id: id });
    expect(audit.details).toEqual({ role: 'volunteer', stateCode: 'UP', districtIds: [prayagraj(), lucknow()].map(Number).sort((a, b) => a - b) });

    const page = await admin.get(res.headers.location!);
    expect(page.text).toContain('Account ram.yadav has been created.');
    expect(page.headers['cache-control']).toBe('no-store');
    const password = textOf(page.text, 'temp-password');
    expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(page.text).toContain('Read this password out to Ram Prakash Yadav');
    const again = await admin.get(res.headers.location!);
    expect(again.text).not.toContain(password);
    expect(again.text).not.toContain('id="temp-password"');

    const newcomer = browser(app.app);
    const login = await signIn(newcomer, 'ram.yadav', password);
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('/account/password?next=%2Fvolunteer');
    const forced = await newcomer.get('/admin');
    expect(forced.headers.location).toBe('/account/password?next=%2Fadmin');
  });

  it('creates an administrator without a jurisdiction, lowercasing the username', async () => {
    const res = await post(await signedIn('chief'), '/admin/volunteers/new', newAccountForm({ username: ' Deputy.Chief ', role: 'admin', state_code: '', scope: undefined, district_ids: undefined }));
    expect(res.status).toBe(303);
    const id = await idOf('deputy.chief');
    expect(await count('select 1 from volunteer_jurisdictions where volunteer_id = $1', [id])).toBe(0);
    expect(await t.db.one('select role from volunteers where id = $1', [id])).toEqual({ role: 'admin' });
  });

  it('creates a volunteer for a whole state', async () => {
    const res = await post(await signedIn('chief'), '/admin/volunteers/new', newAccountForm({ username: 'up.state', scope: 'whole_state', district_ids: undefined }));
    expect(res.status).toBe(303);
    const places = await t.db.many('select state_code, district_id from volunteer_jurisdictions where volunteer_id = $1', [await idOf('up.state')]);
    expect(places).toEqual([{ state_code: 'UP', district_id: null }]);
  });

  it('POST /admin/volunteers/new with a taken username shows an error and stores nothing', async () => {
    const admin = await signedIn('chief');
    const [accounts, created] = [await accountCount(), await auditCount('volunteer_created')];
    const res = await post(admin, '/admin/volunteers/new', newAccountForm({ username: 'constable1', full_name: 'Somebody Else' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('<a href="#username">This username is already taken');
    expect(res.text).toContain('value="Somebody Else"');
    expect(await accountCount()).toBe(accounts);
    expect(await auditCount('volunteer_created')).toBe(created);
  });

  it.each([
    ['username', { username: 'ab' }, 'Use 3 to 40 characters'],
    ['username', { username: 'has space' }, 'Use 3 to 40 characters'],
    ['username', { username: '-dash.first' }, 'Use 3 to 40 characters'],
    ['username', { username: '' }, 'This field is required'],
    ['full_name', { full_name: '' }, 'This field is required'],
    ['full_name', { full_name: 'R' }, 'Write at least 2 characters'],
    ['role', { role: 'superuser' }, 'Choose volunteer or administrator'],
    ['role', { role: undefined }, 'Choose volunteer or administrator'],
    ['badge_number', { badge_number: '9'.repeat(31) }, 'Write at most 30 characters'],
    ['police_station', { police_station: 'X' }, 'Write at least 2 characters'],
    ['phone', { phone: '12345' }, 'Enter a 10-digit Indian mobile number'],
    ['state_code', { state_code: '' }, 'Choose a state or union territory'],
    ['state_code', { state_code: 'XX' }, 'Choose a state or union territory'],
    ['scope', { scope: undefined }, 'Choose the whole state or some of its districts'],
    ['district_ids', { district_ids: undefined }, 'Tick at least one district'],
    ['district_ids', { state_code: 'MH' }, 'Choose a district of the chosen state'],
  ])('POST /admin/volunteers/new with a bad %s (%j) answers 422 with its message and stores nothing', async (field, overrides, message) => {
    const accounts = await accountCount();
    const res = await post(await signedIn('chief'), '/admin/volunteers/new', newAccountForm({ username: 'invalid.case', ...overrides }));
    expect(res.status).toBe(422);
    expect(res.text).toContain(`<a href="#${field}">${message}`);
    expect(res.text).toContain(`id="${field}-error"`);
    expect(await accountCount()).toBe(accounts);
    expect(await count('select 1 from volunteer_jurisdictions j join volunteers v on v.id = j.volunteer_id where v.username = $1', ['invalid.case'])).toBe(0);
  });

  it('with errors keeps every value, including the ticked districts', async () => {
    const res = await post(await signedIn('chief'), '/admin/volunteers/new', newAccountForm({ username: 'keeps.values', phone: 'abc' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('value="keeps.values"');
    expect(res.text).toContain('value="PNO 112233"');
    expect(res.text).toContain(`value="${prayagraj()}" checked`);
    expect(res.text).toContain(`value="${lucknow()}" checked`);
    expect(res.text).toMatch(/<option value="UP" selected>/);
  });

  it('"Show districts" without JavaScript shows the state\'s districts as checkboxes, keeps the values, and stores nothing', async () => {
    const accounts = await accountCount();
    const res = await post(await signedIn('chief'), '/admin/volunteers/new', newAccountForm({ action: 'choose_state', state_code: 'MH', district_ids: undefined, username: 'asha.patil' }));
    expect(res.status).toBe(200);
    expect(res.text).toContain(`name="district_ids" value="${districtId(app.geo, 'MH', 'Pune')}"`);
    expect(res.text).not.toContain(`value="${prayagraj()}"`);
    expect(res.text).toContain('value="asha.patil"');
    expect(res.text).not.toContain('There is a problem');
    expect(await accountCount()).toBe(accounts);
  });

  it('GET with ?state= lists that state\'s districts straight away', async () => {
    const res = await (await signedIn('chief')).get('/admin/volunteers/new?state=UP');
    expect(res.text).toContain(`name="district_ids" value="${prayagraj()}"`);
  });
});

describe('GET /admin/volunteers/:id', () => {
  it('shows the account with its jurisdiction and the forms to change it, each with a CSRF token', async () => {
    const res = await (await signedIn('chief')).get(`/admin/volunteers/${volunteerId}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Constable constable1 (constable1)');
    expect(res.text).toContain('Uttar Pradesh: Prayagraj');
    for (const action of ['details', 'jurisdiction', 'deactivate', 'reset-password']) {
      expect(res.text).toMatch(new RegExp(`action="/admin/volunteers/${volunteerId}/${action}"[^>]*>\\s*<input type="hidden" name="_csrf" value="[^"]{20,}"`));
    }
    expect(res.text).toContain(`value="${prayagraj()}" checked`);
  });

  it('answers 404 for an unknown or malformed id', async () => {
    const admin = await signedIn('chief');
    expect((await admin.get('/admin/volunteers/99999')).status).toBe(404);
    expect((await admin.get('/admin/volunteers/abc')).status).toBe(404);
    expect((await post(admin, '/admin/volunteers/99999/deactivate')).status).toBe(404);
  });
});

describe('changing an account', () => {
  const details = (overrides: Record<string, string | undefined> = {}) =>
    Object.fromEntries(
      Object.entries({ full_name: 'Sita Ram Verma', role: 'volunteer', badge_number: 'PNO 7', rank: 'Head Constable', police_station: 'Naini', phone: '', ...overrides }).filter(([, v]) => v !== undefined),
    ) as Record<string, string>;

  it('POST details saves the changes and audits which fields changed, without their values', async () => {
    const id = await createAccount(t.db, app.geo, { username: 'edit.me', state: 'UP', districts: ['Prayagraj'] });
    const admin = await signedIn('chief');
    const res = await post(admin, `/admin/volunteers/${id}/details`, details({ phone: '+91 91234 56789' }));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/admin/volunteers/${id}`);
    expect((await admin.get(res.headers.location!)).text).toContain('The details have been saved.');
    expect(await t.db.one('select full_name, badge_number, rank, police_station, phone from volunteers where id = $1', [id])).toEqual({
      full_name: 'Sita Ram Verma', badge_number: 'PNO 7', rank: 'Head Constable', police_station: 'Naini', phone: '+919123456789',
    });
    const audit = await t.db.one('select details from audit_events where action = $1 and entity_id = $2', ['volunteer_updated', id]);
    expect(audit.details).toEqual({ changed: ['full_name', 'badge_number', 'rank', 'police_station', 'phone'] });
    expect(JSON.stringify(audit.details)).not.toContain('Sita');
  });

  it('POST details with a bad phone number answers 422 with the message and changes nothing', async () => {
    const id = await createAccount(t.db, app.geo, { username: 'bad.phone', state: 'UP' });
    const res = await post(await signedIn('chief'), `/admin/volunteers/${id}/details`, details({ phone: '12345' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('<a href="#phone">Enter a 10-digit Indian mobile number');
    expect(res.text).toContain('value="Sita Ram Verma"');
    expect(await t.db.one('select full_name from volunteers where id = $1', [id])).toEqual({ full_name: 'Constable bad.phone' });
  });

  it('refuses to let an admin remove their own administrator role', async () => {
    const res = await post(await signedIn('chief'), `/admin/volunteers/${adminId}/details`, details({ full_name: 'Inspector Meena Sharma', role: 'volunteer' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('You cannot remove your own administrator role');
    expect(await t.db.one('select role from volunteers where id = $1', [adminId])).toEqual({ role: 'admin' });
  });

  it('refuses to make an administrator a volunteer before a jurisdiction is set', async () => {
    const id = await createAccount(t.db, app.geo, { username: 'admin.two', role: 'admin' });
    const res = await post(await signedIn('chief'), `/admin/volunteers/${id}/details`, details({ role: 'volunteer' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('Set a jurisdiction first');
    expect(await t.db.one('select role from volunteers where id = $1', [id])).toEqual({ role: 'admin' });
  });

  it('POST jurisdiction replaces the districts and audits the state and district ids', async () => {
    const id = await createAccount(t.db, app.geo, { username: 'moves.around', state: 'UP', districts: ['Prayagraj'] });
    const admin = await signedIn('chief');
    const pune = districtId(app.geo, 'MH', 'Pune');
    const res = await post(admin, `/admin/volunteers/${id}/jurisdiction`, { state_code: 'MH', scope: 'districts', district_ids: String(pune) });
    expect(res.status).toBe(303);
    expect(await t.db.many('select state_code, district_id from volunteer_jurisdictions where volunteer_id = $1', [id])).toEqual([{ state_code: 'MH', district_id: pune }]);
    const audit = await t.db.one('select details from audit_events where action = $1 and entity_id = $2', ['jurisdiction_changed', id]);
    expect(audit.details).toEqual({ stateCode: 'MH', districtIds: [pune] });
    const page = await admin.get(`/admin/volunteers/${id}`);
    expect(page.text).toContain('The jurisdiction has been saved.');
    expect(page.text).toContain('Maharashtra: Pune');

    expect((await post(admin, `/admin/volunteers/${id}/jurisdiction`, { state_code: 'UP', scope: 'whole_state' })).status).toBe(303);
    expect(await t.db.many('select state_code, district_id from volunteer_jurisdictions where volunteer_id = $1', [id])).toEqual([{ state_code: 'UP', district_id: null }]);
  });

  it('POST jurisdiction with "Show districts" shows the new state\'s districts, and with no district ticked answers 422', async () => {
    const admin = await signedIn('chief');
    const step = await post(admin, `/admin/volunteers/${volunteerId}/jurisdiction`, { action: 'choose_state', state_code: 'MH', scope: 'districts' });
    expect(step.status).toBe(200);
    expect(step.text).toContain(`value="${districtId(app.geo, 'MH', 'Pune')}"`);
    const bad = await post(admin, `/admin/volunteers/${volunteerId}/jurisdiction`, { state_code: 'MH', scope: 'districts' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('<a href="#district_ids">Tick at least one district');
    expect(await t.db.many('select state_code from volunteer_jurisdictions where volunteer_id = $1', [volunteerId])).toEqual([{ state_code: 'UP' }]);
  });

  it('POST deactivate ends the volunteer\'s session at once and stops them signing in again', async () => {
    const id = await createAccount(t.db, app.geo, { username: 'leaving', state: 'UP' });
    const volunteer = await signedIn('leaving');
    expect((await volunteer.get('/account/password')).status).toBe(200);

    const admin = await signedIn('chief');
    const res = await post(admin, `/admin/volunteers/${id}/deactivate`);
    expect(res.status).toBe(303);
    expect((await admin.get(`/admin/volunteers/${id}`)).text).toContain('Account leaving is deactivated and its sessions have ended.');
    const row = await t.db.one<{ is_active: boolean; deactivated_at: Date | null }>('select is_active, deactivated_at from volunteers where id = $1', [id]);
    expect(row.is_active).toBe(false);
    expect(row.deactivated_at).toBeInstanceOf(Date);
    expect(await count(`select 1 from sessions where (sess ->> 'volunteerId') = $1`, [String(id)])).toBe(0);
    expect(await count('select 1 from audit_events where action = $1 and entity_id = $2 and actor_id = $3', ['volunteer_deactivated', id, adminId])).toBe(1);

    const next = await volunteer.get('/account/password');
    expect(next.status).toBe(303);
    expect(next.headers.location).toBe('/login?next=%2Faccount%2Fpassword');
    const again = await signIn(browser(app.app), 'leaving');
    expect(again.status).toBe(422);
    expect(again.text).toContain('The username or password is not right.');
  });

  it('POST reactivate lets the volunteer sign in again', async () => {
    const id = await createAccount(t.db, app.geo, { username: 'returning', state: 'UP' });
    const admin = await signedIn('chief');
    expect((await post(admin, `/admin/volunteers/${id}/deactivate`)).status).toBe(303);
    expect((await signIn(browser(app.app), 'returning')).status).toBe(422);
    const res = await post(admin, `/admin/volunteers/${id}/reactivate`);
    expect(res.status).toBe(303);
    expect((await admin.get(`/admin/volunteers/${id}`)).text).toContain('Account returning is active again.');
    expect(await t.db.one('select is_active, deactivated_at from volunteers where id = $1', [id])).toEqual({ is_active: true, deactivated_at: null });
    expect(await auditCount('volunteer_reactivated')).toBe(1);
    expect((await signIn(browser(app.app), 'returning')).status).toBe(303);
  });

  it('POST reset-password ends the sessions, stops the old password working and shows a new one once', async () => {
    const id = await createAccount(t.db, app.geo, { username: 'forgetful', state: 'UP' });
    const volunteer = await signedIn('forgetful');
    const admin = await signedIn('chief');
    const res = await post(admin, `/admin/volunteers/${id}/reset-password`);
    expect(res.status).toBe(303);
    const page = await admin.get(res.headers.location!);
    expect(page.text).toContain('The password of forgetful has been reset');
    const password = textOf(page.text, 'temp-password');
    expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect((await admin.get(res.headers.location!)).text).not.toContain(password);

    expect((await volunteer.get('/account/password')).headers.location).toBe('/login?next=%2Faccount%2Fpassword');
    expect((await signIn(browser(app.app), 'forgetful')).status).toBe(422);
    const login = await signIn(browser(app.app), 'forgetful', password);
    expect(login.headers.location).toBe('/account/password?next=%2Fvolunteer');
    expect(await t.db.one('select must_change_password from volunteers where id = $1', [id])).toEqual({ must_change_password: true });
    expect(await count('select 1 from audit_events where action = $1 and entity_id = $2', ['password_reset', id])).toBe(1);
  });

  it('refuses to let an admin deactivate themselves or reset their own password here', async () => {
    const admin = await signedIn('chief');
    const page = await admin.get(`/admin/volunteers/${adminId}`);
    expect(page.text).not.toContain(`action="/admin/volunteers/${adminId}/deactivate"`);
    const res = await post(admin, `/admin/volunteers/${adminId}/deactivate`);
    expect(res.status).toBe(422);
    expect(res.text).toContain('You cannot deactivate your own account');
    const reset = await post(admin, `/admin/volunteers/${adminId}/reset-password`);
    expect(reset.status).toBe(422);
    expect(reset.text).toContain('You cannot reset your own password here');
    expect(await t.db.one('select is_active, must_change_password from volunteers where id = $1', [adminId])).toEqual({ is_active: true, must_change_password: false });
    expect((await admin.get('/admin')).status).toBe(200);
  });
});
