import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, formatDate, todayInIndia } from '../src/domain/dates';
import { DONOR_RULES } from '../src/domain/eligibility';
import { createAccount, TEST_PASSWORD } from '../test/helpers/accounts';
import { smsCode } from '../test/helpers/donor-sign-in';
import { districtId } from '../test/helpers/fixtures';
import { chromiumMissing, launchChromium, PHONE } from './support/browser';
import { en, expectNoDonorPhone, follow, hi, screenshot, submit } from './support/journey-pages';
import { startPortal, type Portal } from './support/portal';

// One blood request, from the first form to the donation, in a real browser. A citizen registers
// as a donor on a cheap phone in Hindi without JavaScript; a family posts an emergency request in
// English without JavaScript; a volunteer verifies both, calls the donor and records the donation;
// the family sees the request fulfilled and the donor sees when they may give again. The steps run
// in order on one portal, each continuing from the one before.

const DONOR = { name: 'सुरेश पाल', typo: '98765 4321', phone: '98765 43210', e164: '+919876543210' };
const FAMILY = { phone: '091234 56789', e164: '+919123456789' };

describe.skipIf(chromiumMissing)('a blood request from first form to donation, in Chromium', () => {
  let portal: Portal;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let reference = '';
  const today = todayInIndia(new Date());

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });

  async function openPage(options: Parameters<Browser['newContext']>[0]): Promise<Page> {
    const context = await browser.newContext(options);
    contexts.push(context);
    return context.newPage();
  }

  it('1. a citizen registers as a donor on a phone, in Hindi, without JavaScript, after fixing a wrong number', async () => {
    const page = await openPage({ viewport: PHONE, locale: 'hi-IN', javaScriptEnabled: false });
    await page.goto(`${portal.url}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('hi');
    await follow(page, page.locator('nav a[href="/donors/new"]'));
    expect(await page.textContent('h1')).toBe(hi('donor.title'));

    await page.fill('#full_name', DONOR.name);
    await page.fill('#phone', DONOR.typo);
    await page.check('#sex-0'); // male
    await page.fill('#date_of_birth', '1990-04-12');
    await page.fill('#weight_kg', '68');
    await page.selectOption('#blood_group', 'B+');
    await page.selectOption('#state_code', 'UP');
    // Without JavaScript the districts come from the server: "Show districts" reloads the form.
    expect(await page.isVisible('button[name=action][value=choose_state]')).toBe(true);
    const districts = await submit(page, page.locator('button[name=action][value=choose_state]'));
    expect(districts.status()).toBe(200);
    expect(await page.inputValue('#full_name')).toBe(DONOR.name);
    await page.selectOption('#district_id', String(districtId(portal.geo, 'UP', 'Prayagraj')));
    await page.fill('#locality', 'सिविल लाइंस');
    await page.fill('#pincode', '211001');
    await page.check('#consent');
    await screenshot(page, 'journey-1-donor-form-hi');

    const refused = await submit(page, page.locator('form[action="/donors"] button[type=submit]:not([name])'));
    expect(refused.status()).toBe(422);
    expect(await page.getAttribute('html', 'lang')).toBe('hi');
    expect(await page.locator('.error-summary li').allTextContents()).toEqual([hi('errors.phone')]);
    // The message sits in the phone number's own field, and only there.
    expect(await page.locator('.field:has(#phone) .field-error').textContent()).toContain(hi('errors.phone'));
    expect(await page.locator('.field-error').count()).toBe(1);
    expect(await page.inputValue('#phone')).toBe(DONOR.typo);
    expect(await page.inputValue('#full_name')).toBe(DONOR.name);
    expect(await page.isChecked('#sex-0')).toBe(true);
    expect(await page.inputValue('#date_of_birth')).toBe('1990-04-12');
    expect(await page.inputValue('#weight_kg')).toBe('68');
    expect(await page.inputValue('#blood_group')).toBe('B+');
    expect(await page.inputValue('#state_code')).toBe('UP');
    expect(await page.inputValue('#district_id')).toBe(String(districtId(portal.geo, 'UP', 'Prayagraj')));
    expect(await page.inputValue('#locality')).toBe('सिविल लाइंस');
    expect(await page.inputValue('#pincode')).toBe('211001');
    expect(await page.isChecked('#consent')).toBe(true);
    await screenshot(page, 'journey-1-donor-form-error-hi');

    await page.fill('#phone', DONOR.phone);
    const accepted = await submit(page, page.locator('form[action="/donors"] button[type=submit]:not([name])'));
    expect(accepted.status()).toBe(303);
    expect(new URL(page.url()).pathname).toBe('/donors/thanks');
    expect(await page.textContent('h1')).toBe(hi('donor.thanks_title'));
    await screenshot(page, 'journey-1-donor-thanks-hi');

    const donors = await portal.t.db.many<{ status: string; phone: string; preferred_language: string; blood_group: string; district_id: number }>(
      'select status, phone, preferred_language, blood_group, district_id from donors where full_name = $1',
      [DONOR.name],
    );
    expect(donors).toEqual([
      { status: 'pending_verification', phone: DONOR.e164, preferred_language: 'hi', blood_group: 'B+', district_id: districtId(portal.geo, 'UP', 'Prayagraj') },
    ]);
  });

  it('2. a family posts an emergency request in English without JavaScript and is given a reference', async () => {
    const page = await openPage({ viewport: PHONE, locale: 'en-IN', javaScriptEnabled: false });
    await page.goto(`${portal.url}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await follow(page, page.locator('nav a[href="/requests/new"]'));
    expect(await page.textContent('h1')).toBe(en('request.title'));

    await page.selectOption('#blood_group', 'B+');
    await page.check('input[name=component][value=red_cells]');
    await page.fill('#units', '1');
    await page.check('input[name=urgency][value=emergency]');
    await page.fill('#needed_by', today);
    await page.fill('#patient_name', 'Sunita Devi');
    await page.fill('#patient_age', '54');
    await page.fill('#hospital_name', 'Swaroop Rani Nehru Hospital');
    await page.fill('#hospital_city', 'Prayagraj');
    await page.selectOption('#state_code', 'UP');
    const districts = await submit(page, page.locator('button[name=action][value=choose_state]'));
    expect(districts.status()).toBe(200);
    expect(await page.inputValue('#patient_name')).toBe('Sunita Devi');
    expect(await page.isChecked('input[name=urgency][value=emergency]')).toBe(true);
    await page.selectOption('#district_id', String(districtId(portal.geo, 'UP', 'Prayagraj')));
    await page.fill('#pincode', '211002');
    await page.fill('#contact_name', 'Amit Kumar');
    await page.fill('#contact_phone', FAMILY.phone);
    await page.fill('#relation', 'Son');
    await page.check('#consent');
    await screenshot(page, 'journey-2-request-form-en');
    await expectNoDonorPhone(page, [DONOR.e164]);

    const sent = await submit(page, page.locator('form[action="/requests"] button[type=submit]:not([name])'));
    expect(sent.status()).toBe(303);
    expect(new URL(page.url()).pathname).toMatch(/^\/requests\/[^/]+\/submitted$/);
    reference = (await page.textContent('.reference strong'))!.trim();
    expect(page.url()).toContain(reference);
    await screenshot(page, 'journey-2-request-submitted-en');
    await expectNoDonorPhone(page, [DONOR.e164]);

    const row = await portal.t.db.one<{ status: string; urgency: string; units: number; contact_phone: string; needed_by: string }>(
      "select status, urgency, units, contact_phone, to_char(needed_by, 'YYYY-MM-DD') as needed_by from blood_requests where reference = $1",
      [reference],
    );
    expect(row).toEqual({ status: 'pending_verification', urgency: 'emergency', units: 1, contact_phone: FAMILY.e164, needed_by: today });
  });

  it('3. a volunteer verifies both, takes the request on, calls the donor and records the donation', async () => {
    await createAccount(portal.t.db, portal.geo, { username: 'prayagraj-mitra', state: 'UP', districts: ['Prayagraj'], fullName: 'Constable Ram Singh' });
    const donorId = (await portal.t.db.one<{ id: number }>('select id from donors where phone = $1', [DONOR.e164])).id;
    const requestId = (await portal.t.db.one<{ id: number }>('select id from blood_requests where reference = $1', [reference])).id;
    const requestPage = `/volunteer/requests/${requestId}`;

    const page = await openPage({ viewport: { width: 1280, height: 800 }, locale: 'hi-IN' });
    await page.goto(`${portal.url}/login`);
    await page.fill('#username', 'prayagraj-mitra');
    await page.fill('#password', TEST_PASSWORD);
    expect((await submit(page, page.locator('form[action="/login"] button[type=submit]'))).status()).toBe(303);
    expect(new URL(page.url()).pathname).toBe('/volunteer');
    expect(await page.locator(`.queue a[href="${requestPage}"]`).count()).toBe(1);
    expect(await page.locator(`.queue a[href="/volunteer/donors/${donorId}"]`).count()).toBe(1);
    await screenshot(page, 'journey-3-volunteer-queue-hi');

    // The emergency first: open it from the queue and verify it.
    await follow(page, page.locator(`.queue a[href="${requestPage}"]`));
    expect(await submitStatus(page, `${requestPage}/verify`)).toBe(303);
    expect(await page.textContent('[role=status]')).toContain(hi('verification.request_verified'));
    await follow(page, page.locator(`.queue a[href="/volunteer/donors/${donorId}"]`));
    expect(await submitStatus(page, `/volunteer/donors/${donorId}/verify`)).toBe(303);
    expect(await page.textContent('[role=status]')).toContain(hi('verification.donor_verified'));
    expect(await page.locator('.queue a').count()).toBe(0);

    // Matching: the request among those to fill, taken on, and the donor offered as a match.
    await follow(page, page.locator('nav a[href="/volunteer/requests"]'));
    await follow(page, page.locator(`a[href="${requestPage}"]`));
    expect(await submitStatus(page, `${requestPage}/take`)).toBe(303);
    expect(await page.textContent('[role=status]')).toContain(hi('matching.taken'));
    const match = page.locator(`#matches a[href^="${requestPage}?donor=${donorId}&"]`);
    expect(await match.count()).toBe(1);
    expect(await page.locator('#matches').textContent()).toContain(hi('matching.donor_number', { id: donorId }));
    await screenshot(page, 'journey-3-volunteer-matches-hi');

    // The call: the handler alone sees the number; the donor agrees to give one unit.
    await follow(page, match);
    expect(await page.locator('#contact .contact').textContent()).toContain(DONOR.e164);
    await page.check('#contact input[name=outcome][value=agreed]');
    await page.fill('#contact #units', '1');
    await screenshot(page, 'journey-3-volunteer-call-hi');
    expect(await submitStatus(page, `${requestPage}/contacts?donor=${donorId}#contact`)).toBe(303);
    expect(await page.textContent('[role=status]')).toContain(hi('matching.outcome_saved_agreed'));

    // The donation, recorded from the call log: today, one unit, which fulfils the request.
    await follow(page, page.locator(`#contacts a[href="${requestPage}?donor=${donorId}#contact"]`));
    await page.check('#contact input[name=outcome][value=donated]');
    expect(await page.inputValue('#contact #donated_on')).toBe(today);
    expect(await submitStatus(page, `${requestPage}/contacts?donor=${donorId}#contact`)).toBe(303);
    expect(await page.textContent('[role=status]')).toContain(hi('matching.fulfilled'));
    await screenshot(page, 'journey-3-volunteer-fulfilled-hi');

    const contacts = await portal.t.db.many<{ outcome: string; units: number | null }>('select outcome, units from contact_attempts where request_id = $1 and donor_id = $2 order by id', [requestId, donorId]);
    expect(contacts).toEqual([{ outcome: 'agreed', units: 1 }, { outcome: 'donated', units: 1 }]);
    const donations = await portal.t.db.many<{ donated_on: string; units: number; request_id: number }>(
      "select to_char(donated_on, 'YYYY-MM-DD') as donated_on, units, request_id from donations where donor_id = $1",
      [donorId],
    );
    expect(donations).toEqual([{ donated_on: today, units: 1, request_id: requestId }]);
    const request = await portal.t.db.one<{ status: string; units_donated: number }>('select status, units_donated from blood_requests where id = $1', [requestId]);
    expect(request).toEqual({ status: 'fulfilled', units_donated: 1 });
    const donor = await portal.t.db.one<{ status: string }>('select status from donors where id = $1', [donorId]);
    expect(donor.status).toBe('verified');
  });

  it('4. the family sees the request fulfilled, the donor sees when they may give again, and no public page shows the donor', async () => {
    // The family, on another phone: the reference and their own number open the request.
    const family = await openPage({ viewport: PHONE, locale: 'en-IN', javaScriptEnabled: false });
    await family.goto(`${portal.url}/requests/track`);
    await family.fill('#reference', reference.toLowerCase());
    await family.fill('#contact_phone', '+91 91234 56789');
    expect((await submit(family, family.locator('form[action="/requests/track"] button[type=submit]'))).status()).toBe(303);
    expect(new URL(family.url()).pathname).toBe(`/requests/track/${reference}`);
    expect(await family.textContent('.status-label')).toBe(en('status.fulfilled'));
    expect(await family.locator('#progress').textContent()).toContain(en('matching.public_donated', { count: 1 }));
    await expectNoDonorPhone(family, [DONOR.e164]);
    expect(await family.content()).not.toContain(DONOR.name);
    await screenshot(family, 'journey-4-track-fulfilled-en');

    // The donor signs in with the one-time code sent by SMS (read from the outbox, as the phone would).
    const donor = await openPage({ viewport: PHONE, locale: 'hi-IN', javaScriptEnabled: false });
    await donor.goto(`${portal.url}/me/login`);
    await donor.fill('#phone', DONOR.phone);
    expect((await submit(donor, donor.locator('form[action="/me/login"] button[type=submit]'))).status()).toBe(303);
    expect(new URL(donor.url()).pathname).toBe('/me/login/code');
    await donor.fill('#code', await smsCode(portal.t.db, DONOR.e164));
    expect((await submit(donor, donor.locator('form[action="/me/login/code"] button[type=submit]'))).status()).toBe(303);
    expect(new URL(donor.url()).pathname).toBe('/me');
    const nextDate = formatDate(addDays(today, DONOR_RULES.donationGapDays.male));
    expect(await donor.textContent('#next-eligible')).toBe(hi('me.eligibility.from', { date: nextDate }));
    expect(await donor.locator('#donations tbody tr').count()).toBe(1);
    await screenshot(donor, 'journey-4-donor-me-hi');

    // Anyone else: the public pages, and the family's request without proof of the number.
    const visitor = await openPage({ viewport: PHONE, locale: 'en-IN' });
    for (const path of ['/', '/stats', '/camps', '/eligibility', '/requests/track', `/requests/track/${reference}`, `/requests/${reference}/submitted`]) {
      await visitor.goto(`${portal.url}${path}`);
      await expectNoDonorPhone(visitor, [DONOR.e164]);
    }
  });
});

/** Presses the button of the form posting to `action` and returns the status of the POST. */
async function submitStatus(page: Page, action: string): Promise<number> {
  return (await submit(page, page.locator(`form[action="${action}"] button[type=submit]`))).status();
}
