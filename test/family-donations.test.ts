import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccount } from './helpers/accounts';
import { CLEAN_CAMPS, register, saveAttendance, signedIn } from './helpers/attendance';
import { fieldMessage, postFrom, signInAsDonor } from './helpers/donor-sign-in';
import { addCamp } from './helpers/public-camp-fixtures';
import { addDonor, addRequest } from './helpers/records';
import { browser, buildTestApp, openForm, textOf, type TestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';

// A patient's family and friends give blood in the patient's name, at a camp or at a blood bank.
// The volunteer and the family see how many gave and how many units: never who.

let t: TestDatabase;
let app: TestApp;

beforeAll(async () => {
  t = await createTestDatabase();
  app = await buildTestApp(t.db);
  await createAccount(t.db, app.geo, { username: 'prayagraj-1', state: 'UP', districts: ['Prayagraj'] });
});
afterAll(async () => {
  app.close();
  await t.drop();
});
beforeEach(async () => {
  await t.db.exec(CLEAN_CAMPS);
});

const YESTERDAY = '2026-06-14';
const FAMILY_PHONE = '+919123456789';

/** The text of the family-donations panel, as a person reads it. */
function familyLine(html: string): string {
  return textOf(html, 'family-donations').replace(/&#39;/g, "'");
}

/** The family's tracking page, reached the way the family reaches it: reference and phone. */
async function trackingPage(reference: string) {
  const family = browser(app.app);
  const { csrf } = await openForm(family, '/requests/track?lang=en');
  const found = await family.post('/requests/track').type('form').send({ reference, contact_phone: '09123456789', _csrf: csrf });
  expect(found.status).toBe(303);
  return family.get(`${found.headers.location}?lang=en`);
}

describe('donations for a patient\'s request', () => {
  it('are counted on the volunteer\'s request page and the family\'s tracking page, without names', async () => {
    const request = await addRequest(t.db, app.geo, { contact_phone: FAMILY_PHONE });
    const camp = await addCamp(t.db, app.geo, { date: YESTERDAY });
    const brother = await addDonor(t.db, app.geo, { full_name: 'Vikas Kumar' });
    const friend = await addDonor(t.db, app.geo, { full_name: 'Imran Khan' });
    const stranger = await addDonor(t.db, app.geo, { full_name: 'Some One Else' });
    const cousin = await addDonor(t.db, app.geo, { full_name: 'Pooja Yadav', sex: 'female', phone: '+919812300001' });
    // The brother said "for this patient" when he registered; the friend tells the volunteer at the camp.
    const rb = await register(t.db, camp, brother, { forRequestId: request.id });
    const rf = await register(t.db, camp, friend, { source: 'walk_in' });
    const rs = await register(t.db, camp, stranger);

    const agent = await signedIn(app, 'prayagraj-1');
    const form = await agent.get(`/volunteer/camps/${camp}/attendance?lang=en`);
    expect(form.text).toContain(`name="for_${rb}" type="text" class="w-medium" maxlength="20" autocomplete="off" value="${request.reference}"`);
    const saved = await saveAttendance(agent, camp, {
      [`result_${rb}`]: 'donated', [`units_${rb}`]: '2', [`component_${rb}`]: 'whole_blood', [`for_${rb}`]: request.reference,
      [`result_${rf}`]: 'donated', [`units_${rf}`]: '1', [`component_${rf}`]: 'whole_blood', [`for_${rf}`]: ` ${request.reference.slice(3).toLowerCase()} `,
      [`result_${rs}`]: 'donated', [`units_${rs}`]: '1', [`component_${rs}`]: 'whole_blood', [`for_${rs}`]: '',
    });
    expect(saved.status).toBe(303);
    expect(await t.db.many('select donor_id, for_request_id from donations order by donor_id')).toEqual([
      { donor_id: brother, for_request_id: request.id }, { donor_id: friend, for_request_id: request.id }, { donor_id: stranger, for_request_id: null },
    ]);
    expect(await t.db.one('select for_request_id from camp_registrations where id = $1', [rf])).toEqual({ for_request_id: request.id });

    // The cousin gave at a blood bank and says so herself on /me.
    const cousinBrowser = await signInAsDonor(app, t.db, '+919812300001');
    const own = await postFrom(cousinBrowser, '/me/donations/new?lang=en', '/me/donations', {
      donated_on: '2026-06-10', units: '1', component: 'whole_blood', place: 'District Hospital Blood Bank', for_reference: request.reference,
    });
    expect(own.status).toBe(303);
    expect(await t.db.one('select for_request_id, source from donations where donor_id = $1', [cousin])).toEqual({ for_request_id: request.id, source: 'self_reported' });

    const volunteerPage = await agent.get(`/volunteer/requests/${request.id}?lang=en`);
    expect(familyLine(volunteerPage.text)).toBe("From the patient's family and friends — donations: 3, units: 4");
    const tracking = await trackingPage(request.reference);
    expect(tracking.status).toBe(200);
    expect(familyLine(tracking.text)).toBe("From the patient's family and friends — donations: 3, units: 4");
    for (const name of ['Vikas Kumar', 'Imran Khan', 'Pooja Yadav']) expect(tracking.text).not.toContain(name);
    expect(tracking.text).not.toContain(`no. ${brother}`);

    const hindi = await agent.get(`/volunteer/requests/${request.id}?lang=hi`);
    expect(textOf(hindi.text, 'family-donations')).toBe('मरीज़ के परिवार और मित्रों की ओर से — रक्तदान: 3, यूनिट: 4');
  });

  it('say nothing while no one has given for the request', async () => {
    const request = await addRequest(t.db, app.geo, { contact_phone: FAMILY_PHONE });
    expect((await trackingPage(request.reference)).text).not.toContain('id="family-donations"');
    const page = await (await signedIn(app, 'prayagraj-1')).get(`/volunteer/requests/${request.id}?lang=en`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('id="family-donations"');
  });
});

describe('the "for a patient\'s request" field on /me', () => {
  it('explains a reference that is mistyped or unknown, and saves nothing', async () => {
    await addDonor(t.db, app.geo, { phone: '+919812300002' });
    const donorBrowser = await signInAsDonor(app, t.db, '+919812300002');
    const fields = { donated_on: '2026-06-10', units: '1', component: 'whole_blood', place: '' };

    const mistyped = await postFrom(donorBrowser, '/me/donations/new?lang=en', '/me/donations', { ...fields, for_reference: 'PM-12' });
    expect(mistyped.status).toBe(422);
    expect(fieldMessage(mistyped.text, 'for_reference')).toBe('A reference looks like PM-7K3QX9');

    const unknown = await postFrom(donorBrowser, '/me/donations/new?lang=hi', '/me/donations', { ...fields, for_reference: 'PM-ZZZZZZ' });
    expect(unknown.status).toBe(422);
    expect(fieldMessage(unknown.text, 'for_reference')).toBe('इस संदर्भ संख्या का कोई अनुरोध नहीं है। मरीज़ के परिवार से दोबारा पूछें।');
    expect(unknown.text).toContain('value="PM-ZZZZZZ"');
    expect(unknown.text).toContain('value="2026-06-10"');

    expect((await t.db.one('select count(*)::int as n from donations')).n).toBe(0);
  });
});
