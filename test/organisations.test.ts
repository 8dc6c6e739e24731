import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { insertOrganisation, type OrganisationInput } from '../src/organisations/organisations.queries';
import { createAccount, signIn } from './helpers/accounts';
import { fieldMessage, postFrom } from './helpers/donor-sign-in';
import { districtId } from './helpers/fixtures';
import { browser, buildTestApp, hiddenValue, type TestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';

let t: TestDatabase;
let app: TestApp;
let prayagraj: number;
let lucknow: number;
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  app = await buildTestApp(t.db);
  prayagraj = districtId(app.geo, 'UP', 'Prayagraj');
  lucknow = districtId(app.geo, 'UP', 'Lucknow');
  ids['prayagraj-1'] = await createAccount(t.db, app.geo, { username: 'prayagraj-1', state: 'UP', districts: ['Prayagraj'] });
  ids['lucknow-1'] = await createAccount(t.db, app.geo, { username: 'lucknow-1', state: 'UP', districts: ['Lucknow'] });
  ids.chief = await createAccount(t.db, app.geo, { username: 'chief', role: 'admin' });
});
afterAll(async () => {
  app.close();
  await t.drop();
});
beforeEach(async () => {
  await t.db.exec('delete from camp_registrations; delete from camps; delete from partner_organisations');
});

async function as(username: string) {
  const agent = browser(app.app);
  expect((await signIn(agent, username)).status).toBe(303);
  return agent;
}

/** What a volunteer types on the "add organisation" form. */
function orgForm(overrides: Record<string, string> = {}) {
  return {
    name: 'NSS Unit, CMP Degree College',
    kind: 'college',
    state_code: 'UP',
    district_id: String(prayagraj),
    contact_name: 'Dr. Anita Srivastava',
    contact_phone: '098390 12345',
    website: '',
    ...overrides,
  };
}

async function addOrganisation(o: Partial<OrganisationInput> = {}): Promise<number> {
  const row = await insertOrganisation(t.db, null, { name: 'Rotary Club Prayagraj', kind: 'ngo', state_code: 'UP', district_id: prayagraj, ...o }, ids.chief!);
  return row!.id;
}

const organisationRows = () => t.db.many('select name, district_id, is_active from partner_organisations order by id');
const auditOf = (id: number) =>
  t.db.many<{ action: string; actor_username: string; details: Record<string, unknown> }>(
    `select action, actor_username, details from audit_events where entity_type = 'organisation' and entity_id = $1 order by id`,
    [id],
  );

describe('adding a partner organisation', () => {
  it('stores it in the volunteer\'s district with the phone in E.164, audits it, and shows it', async () => {
    const agent = await as('prayagraj-1');
    const res = await postFrom(agent, '/volunteer/organisations/new?lang=en', '/volunteer/organisations/new', orgForm());
    expect(res.status).toBe(303);
    const row = await t.db.one<{ id: number }>(
      `select o.id, o.name, o.kind, o.contact_name, o.contact_phone, o.state_code, o.district_id, o.is_active, v.username
       from partner_organisations o join volunteers v on v.id = o.created_by`,
    );
    expect(row).toEqual({
      id: row.id, name: 'NSS Unit, CMP Degree College', kind: 'college', contact_name: 'Dr. Anita Srivastava', contact_phone: '+919839012345',
      state_code: 'UP', district_id: prayagraj, is_active: true, username: 'prayagraj-1',
    });
    expect(res.headers.location).toBe(`/volunteer/organisations/${row.id}`);
    expect(await auditOf(row.id)).toEqual([{ action: 'organisation_created', actor_username: 'prayagraj-1', details: { kind: 'college', district_id: prayagraj } }]);
    const page = await agent.get(`${res.headers.location}?lang=en`);
    expect(page.text).toContain('&#34;NSS Unit, CMP Degree College&#34; has been added.');
    expect(page.text).toContain('Prayagraj, Uttar Pradesh');
    expect(page.text).toContain('Dr. Anita Srivastava, +91 98390 12345');
    expect(page.text).toContain('<option value="college" selected>');
  });

  it('needs a name and a type, takes only Indian mobile numbers, and keeps what was typed', async () => {
    const agent = await as('prayagraj-1');
    const res = await postFrom(agent, '/volunteer/organisations/new?lang=en', '/volunteer/organisations/new', orgForm({ name: ' ', kind: 'club', contact_phone: '12345', contact_name: 'Dr. Anita <b>' }));
    expect(res.status).toBe(422);
    expect(fieldMessage(res.text, 'name')).toBe('This field is required');
    expect(fieldMessage(res.text, 'kind')).toBe('Choose the type of organisation');
    expect(fieldMessage(res.text, 'contact_phone')).toBe('Enter a 10-digit Indian mobile number, like 98765 43210');
    expect(res.text).toContain('value="Dr. Anita &lt;b&gt;"');
    expect(res.text).toContain('<a href="#name">');
    expect(await organisationRows()).toEqual([]);
  });

  it('in Hindi, explains the same problems in Hindi', async () => {
    const agent = await as('prayagraj-1');
    const res = await postFrom(agent, '/volunteer/organisations/new?lang=hi', '/volunteer/organisations/new', orgForm({ kind: '', district_id: String(lucknow) }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('<html lang="hi">');
    expect(fieldMessage(res.text, 'kind')).toBe('संस्था का प्रकार चुनें');
    expect(fieldMessage(res.text, 'district_id')).toBe('अपने अधिकार क्षेत्र का ज़िला चुनें');
  });

  it('refuses a district outside the volunteer\'s jurisdiction, or outside the chosen state; an admin may add one anywhere', async () => {
    const agent = await as('prayagraj-1');
    const outside = await postFrom(agent, '/volunteer/organisations/new?lang=en', '/volunteer/organisations/new', orgForm({ district_id: String(lucknow) }));
    expect(outside.status).toBe(422);
    expect(fieldMessage(outside.text, 'district_id')).toBe('Choose a district within your jurisdiction');
    const pune = districtId(app.geo, 'MH', 'Pune');
    const wrongState = await postFrom(agent, '/volunteer/organisations/new?lang=en', '/volunteer/organisations/new', orgForm({ district_id: String(pune) }));
    expect(fieldMessage(wrongState.text, 'district_id')).toBe('Choose a district of the chosen state');
    expect(await organisationRows()).toEqual([]);

    const admin = await as('chief');
    const res = await postFrom(admin, '/volunteer/organisations/new?lang=en', '/volunteer/organisations/new', orgForm({ state_code: 'MH', district_id: String(pune) }));
    expect(res.status).toBe(303);
    expect(await organisationRows()).toEqual([{ name: 'NSS Unit, CMP Degree College', district_id: pune, is_active: true }]);
  });

  it('with a name already listed in the district (any case) says so and stores nothing; another district may use it', async () => {
    await addOrganisation({ name: 'NSS Unit, CMP Degree College' });
    const agent = await as('prayagraj-1');
    const res = await postFrom(agent, '/volunteer/organisations/new?lang=en', '/volunteer/organisations/new', orgForm({ name: '  nss unit,  cmp degree college ' }));
    expect(res.status).toBe(422);
    expect(fieldMessage(res.text, 'name')).toBe('An organisation of this name is already listed in this district. Open it from the list instead of adding it again.');
    expect(res.text).toContain('value="  nss unit,  cmp degree college "');
    expect(await organisationRows()).toHaveLength(1);

    const elsewhere = await postFrom(await as('lucknow-1'), '/volunteer/organisations/new', '/volunteer/organisations/new', orgForm({ district_id: String(lucknow) }));
    expect(elsewhere.status).toBe(303);
    expect(await organisationRows()).toHaveLength(2);
  });

  it('twice at the same moment: the unique index lets exactly one through and the other is told why', async () => {
    const [a, b] = [await as('prayagraj-1'), await as('chief')];
    const [pa, pb] = [await a.get('/volunteer/organisations/new'), await b.get('/volunteer/organisations/new')];
    const results = await Promise.all([
      a.post('/volunteer/organisations/new').type('form').send({ ...orgForm(), _csrf: hiddenValue(pa.text, '_csrf') }),
      b.post('/volunteer/organisations/new?lang=en').type('form').send({ ...orgForm(), _csrf: hiddenValue(pb.text, '_csrf') }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 422]);
    expect(await organisationRows()).toHaveLength(1);
  });

  it('without the form\'s CSRF token is refused', async () => {
    const agent = await as('prayagraj-1');
    const res = await agent.post('/volunteer/organisations/new').type('form').send(orgForm());
    expect(res.status).toBe(403);
    expect(await organisationRows()).toEqual([]);
  });
});

describe('the organisation list', () => {
  it('shows a volunteer only their districts\' organisations, and an admin all, with filters', async () => {
    await addOrganisation({ name: 'Rotary Club Prayagraj' });
    const closed = await addOrganisation({ name: 'Old Youth Club', kind: 'other' });
    await t.db.exec('update partner_organisations set is_active = false where id = $1', [closed]);
    await addOrganisation({ name: 'Lucknow Gurudwara Committee', kind: 'religious', district_id: lucknow });

    const mine = await (await as('prayagraj-1')).get('/volunteer/organisations?lang=en');
    expect(mine.status).toBe(200);
    expect(mine.text).toContain('Rotary Club Prayagraj');
    expect(mine.text).toContain('Old Youth Club');
    expect(mine.text).not.toContain('Lucknow Gurudwara Committee');
    // Active ones come first.
    expect(mine.text.indexOf('Rotary Club Prayagraj')).toBeLessThan(mine.text.indexOf('Old Youth Club'));

    const admin = await as('chief');
    const all = await admin.get('/volunteer/organisations?lang=en');
    expect(all.text).toContain('Lucknow Gurudwara Committee');
    expect(all.text).toContain('Religious organisation');
    const inactive = await admin.get('/volunteer/organisations?lang=en&status=inactive');
    expect(inactive.text).toContain('Old Youth Club');
    expect(inactive.text).not.toContain('Rotary Club Prayagraj');
    const inLucknow = await admin.get(`/volunteer/organisations?lang=en&state=UP&district=${lucknow}`);
    expect(inLucknow.text).toContain('Lucknow Gurudwara Committee');
    expect(inLucknow.text).not.toContain('Rotary Club Prayagraj');
  });

  it('explains a filter that is not one of the choices, such as another volunteer\'s district, and ignores it', async () => {
    await addOrganisation();
    const res = await (await as('prayagraj-1')).get(`/volunteer/organisations?lang=en&district=${lucknow}&status=maybe`);
    expect(res.status).toBe(422);
    expect(res.text).toContain('<a href="#district">This filter value is not one of the choices and was ignored</a>');
    expect(res.text).toContain('<a href="#status">');
    expect(res.text).toContain('Rotary Club Prayagraj');
  });

  it('is in Hindi for a Hindi reader, with the nav links to camps and organisations', async () => {
    await addOrganisation({ kind: 'company' });
    const res = await (await as('prayagraj-1')).get('/volunteer/organisations?lang=hi');
    expect(res.text).toContain('<h1>सहयोगी संस्थाएँ</h1>');
    expect(res.text).toContain('कंपनी');
    expect(res.text).toContain('<a href="/volunteer/camps">शिविर</a>');
    expect(res.text).toContain('<a href="/volunteer/organisations" aria-current=page>सहयोगी संस्थाएँ</a>');
  });
});

describe('changing an organisation', () => {
  it('saves new details and audits which fields changed, never their values', async () => {
    const id = await addOrganisation({ contact_phone: '+919839012345' });
    const agent = await as('prayagraj-1');
    const res = await postFrom(agent, `/volunteer/organisations/${id}`, `/volunteer/organisations/${id}`, orgForm({ name: 'Rotary Club of Prayagraj', kind: 'ngo', contact_name: 'Mr. R. K. Tandon', contact_phone: '+91 98390 12345' }));
    expect(res.status).toBe(303);
    expect(await t.db.one('select name, contact_name, contact_phone from partner_organisations where id = $1', [id])).toEqual({
      name: 'Rotary Club of Prayagraj', contact_name: 'Mr. R. K. Tandon', contact_phone: '+919839012345',
    });
    const [event] = await auditOf(id);
    expect(event).toEqual({ action: 'organisation_updated', actor_username: 'prayagraj-1', details: { changed: ['name', 'contact_name'], district_id: prayagraj } });
    expect((await agent.get(`/volunteer/organisations/${id}?lang=en`)).text).toContain('The changes to &#34;Rotary Club of Prayagraj&#34; have been saved.');
  });

  it('cannot move it outside the volunteer\'s jurisdiction, nor onto the name of another in the district', async () => {
    const id = await addOrganisation();
    await addOrganisation({ name: 'Red Cross Prayagraj' });
    const agent = await as('prayagraj-1');
    const moved = await postFrom(agent, `/volunteer/organisations/${id}?lang=en`, `/volunteer/organisations/${id}`, orgForm({ name: 'Rotary Club Prayagraj', district_id: String(lucknow) }));
    expect(moved.status).toBe(422);
    expect(fieldMessage(moved.text, 'district_id')).toBe('Choose a district within your jurisdiction');
    const renamed = await postFrom(agent, `/volunteer/organisations/${id}?lang=en`, `/volunteer/organisations/${id}`, orgForm({ name: 'RED CROSS PRAYAGRAJ' }));
    expect(renamed.status).toBe(422);
    expect(fieldMessage(renamed.text, 'name')).toContain('already listed in this district');
    expect(await t.db.one('select name, district_id from partner_organisations where id = $1', [id])).toEqual({ name: 'Rotary Club Prayagraj', district_id: prayagraj });
    expect(await auditOf(id)).toEqual([]);
  });

  it('is deactivated and reactivated, each once and audited, and a second press changes nothing', async () => {
    const id = await addOrganisation();
    const agent = await as('prayagraj-1');
    expect((await postFrom(agent, `/volunteer/organisations/${id}`, `/volunteer/organisations/${id}/deactivate`)).status).toBe(303);
    expect((await postFrom(agent, `/volunteer/organisations/${id}`, `/volunteer/organisations/${id}/deactivate`)).status).toBe(303);
    expect(await t.db.one('select is_active from partner_organisations where id = $1', [id])).toEqual({ is_active: false });
    const page = await agent.get(`/volunteer/organisations/${id}?lang=en`);
    expect(page.text).toContain('<dd id="organisation-status">Inactive</dd>');
    expect(page.text).toContain('Reactivate organisation');
    await postFrom(agent, `/volunteer/organisations/${id}`, `/volunteer/organisations/${id}/reactivate`);
    expect(await t.db.one('select is_active from partner_organisations where id = $1', [id])).toEqual({ is_active: true });
    expect((await auditOf(id)).map((e) => e.details)).toEqual([{ is_active: false }, { is_active: true }]);
  });

  it('of another district answers 404 to a volunteer, for the page and every action, and changes nothing', async () => {
    const id = await addOrganisation();
    const outsider = await as('lucknow-1');
    expect((await outsider.get(`/volunteer/organisations/${id}`)).status).toBe(404);
    expect((await outsider.get('/volunteer/organisations/99999999')).status).toBe(404);
    expect((await outsider.get('/volunteer/organisations/abc')).status).toBe(404);
    const csrf = hiddenValue((await outsider.get('/volunteer/organisations')).text, '_csrf');
    const edit = await outsider.post(`/volunteer/organisations/${id}`).type('form').send({ ...orgForm({ name: 'Taken Over', district_id: String(lucknow) }), _csrf: csrf });
    expect(edit.status).toBe(404);
    expect((await outsider.post(`/volunteer/organisations/${id}/deactivate`).type('form').send({ _csrf: csrf })).status).toBe(404);
    expect(await organisationRows()).toEqual([{ name: 'Rotary Club Prayagraj', district_id: prayagraj, is_active: true }]);
    expect(await auditOf(id)).toEqual([]);
    // The admin sees it.
    expect((await (await as('chief')).get(`/volunteer/organisations/${id}`)).status).toBe(200);
  });

  it('is open only to signed-in staff', async () => {
    const id = await addOrganisation();
    const res = await browser(app.app).get(`/volunteer/organisations/${id}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/login\?next=/);
  });
});
