import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccount, signIn } from './helpers/accounts';
import { districtId, validDonorForm, validRequestForm } from './helpers/fixtures';
import { browser, buildTestApp, openForm, type TestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';

// A volunteer types in a donor or a request for someone who phoned, messaged or walked in.

let t: TestDatabase;
let app: TestApp;

beforeAll(async () => {
  t = await createTestDatabase();
  app = await buildTestApp(t.db);
  await createAccount(t.db, app.geo, { username: 'desk-prayagraj', state: 'UP', districts: ['Prayagraj'] });
});
afterAll(async () => {
  app.close();
  await t.drop();
});
beforeEach(async () => {
  await t.db.exec('delete from blood_requests; delete from donors');
});

async function volunteerAgent() {
  const agent = browser(app.app);
  await signIn(agent, 'desk-prayagraj');
  return agent;
}

describe('adding a donor on someone\'s behalf', () => {
  it('offers only the volunteer\'s own districts, and asks how the person got in touch', async () => {
    const agent = await volunteerAgent();
    const res = await agent.get('/volunteer/donors/new?lang=en');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Add a donor');
    expect(res.text).toContain('<option value="helpline">helpline call</option>');
    expect(res.text).toContain('>Prayagraj</option>');
    expect(res.text).not.toContain('>Lucknow</option>');
    expect(res.text).not.toContain('>Maharashtra</option>');
  });

  it('verified in the same step: stored as verified, with channel and volunteer, and audited', async () => {
    const agent = await volunteerAgent();
    const { csrf } = await openForm(agent, '/volunteer/donors/new?lang=en');
    const res = await agent.post('/volunteer/donors').type('form').send({ ...validDonorForm(app.geo), source_channel: 'whatsapp', verified_now: 'yes', _csrf: csrf });
    expect(res.status).toBe(303);
    const row = await t.db.one(
      `select d.id, d.status, d.source_channel, r.username as registered_by, v.username as verified_by
       from donors d join volunteers r on r.id = d.registered_by join volunteers v on v.id = d.verified_by`,
    );
    expect(row).toMatchObject({ status: 'verified', source_channel: 'whatsapp', registered_by: 'desk-prayagraj', verified_by: 'desk-prayagraj' });
    expect(res.headers.location).toBe(`/volunteer/donors/${row.id}`);
    const actions = await t.db.many(`select action from audit_events where entity_type = 'donor' and entity_id = $1 order by id`, [row.id]);
    expect(actions).toEqual([{ action: 'donor_registered' }, { action: 'donor_verified' }]);
    const page = await agent.get(`${res.headers.location}?lang=en`);
    expect(page.text).toContain('Donor added and verified.');
    expect(page.text).toContain('via WhatsApp');
  });

  it('without verifying: waits in the queue like a web registration', async () => {
    const agent = await volunteerAgent();
    const { csrf } = await openForm(agent, '/volunteer/donors/new');
    await agent.post('/volunteer/donors').type('form').send({ ...validDonorForm(app.geo), source_channel: 'walk_in', _csrf: csrf });
    expect(await t.db.one('select status, verified_by from donors')).toEqual({ status: 'pending_verification', verified_by: null });
  });

  it('refuses a district outside the jurisdiction, a missing channel and missing consent, storing nothing', async () => {
    const agent = await volunteerAgent();
    const { csrf } = await openForm(agent, '/volunteer/donors/new?lang=en');
    const res = await agent
      .post('/volunteer/donors')
      .type('form')
      .send({ ...validDonorForm(app.geo, { district_id: String(districtId(app.geo, 'UP', 'Lucknow')), consent: undefined }), _csrf: csrf });
    expect(res.status).toBe(422);
    expect(res.text).toContain('<a href="#district_id">Choose a district within your jurisdiction</a>');
    expect(res.text).toContain('<a href="#source_channel">Choose how they contacted us</a>');
    expect(res.text).toContain('<a href="#consent">Confirm that the person heard the privacy notice and agreed</a>');
    expect(await t.db.one<{ n: number }>('select count(*)::int as n from donors')).toEqual({ n: 0 });
  });

  it('says when the phone number is already registered', async () => {
    const agent = await volunteerAgent();
    const send = async () => {
      const { csrf } = await openForm(agent, '/volunteer/donors/new?lang=en');
      return agent.post('/volunteer/donors').type('form').send({ ...validDonorForm(app.geo), source_channel: 'helpline', _csrf: csrf });
    };
    expect((await send()).status).toBe(303);
    const again = await send();
    expect(again.status).toBe(422);
    expect(again.text).toContain('This mobile number is already registered as a donor');
  });
});

describe('adding a blood request on a family\'s behalf', () => {
  it('stores it with the channel, opens it when verified, and shows the reference to give the family', async () => {
    const agent = await volunteerAgent();
    const { csrf, formToken } = await openForm(agent, '/volunteer/requests/new?lang=en');
    const res = await agent
      .post('/volunteer/requests')
      .type('form')
      .send({ ...validRequestForm(app.geo), form_token: formToken, source_channel: 'helpline', verified_now: 'yes', _csrf: csrf });
    expect(res.status).toBe(303);
    const row = await t.db.one<{ id: number; reference: string; status: string; source_channel: string }>('select id, reference, status, source_channel from blood_requests');
    expect(row).toMatchObject({ status: 'open', source_channel: 'helpline' });
    const page = await agent.get(`${res.headers.location}?lang=en`);
    expect(page.text).toContain(`Request ${row.reference} added and open. Give this reference to the family.`);
    const events = await t.db.many('select status from blood_request_events where request_id = $1 order by id', [row.id]);
    expect(events).toEqual([{ status: 'pending_verification' }, { status: 'open' }]);
  });

  it('keeps values and shows errors on bad input, storing nothing', async () => {
    const agent = await volunteerAgent();
    const { csrf, formToken } = await openForm(agent, '/volunteer/requests/new?lang=en');
    const res = await agent
      .post('/volunteer/requests')
      .type('form')
      .send({ ...validRequestForm(app.geo, { units: '0' }), form_token: formToken, source_channel: 'facebook', _csrf: csrf });
    expect(res.status).toBe(422);
    expect(res.text).toContain('<a href="#units">Enter a number of units from 1 to 20</a>');
    expect(res.text).toContain('<option value="facebook" selected>');
    expect(await t.db.one<{ n: number }>('select count(*)::int as n from blood_requests')).toEqual({ n: 0 });
  });
});
