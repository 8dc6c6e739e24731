import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districtId } from '../test/helpers/fixtures';
import { chromiumMissing, launchChromium } from './support/browser';
import { arrowDownTo, en, screenshot, tabTo } from './support/journey-pages';
import { startPortal, type Portal } from './support/portal';

// Someone who cannot use a mouse registers as a donor with the keyboard alone: Tab from field to
// field, typing, Space for the radio and the boxes, the arrow key and type-ahead for the selects,
// Enter to send. No clicks and no fill(): a field Tab cannot reach fails the journey.

describe.skipIf(chromiumMissing)('the donor form by keyboard alone, in Chromium', () => {
  let portal: Portal;
  let browser: Browser;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });

  it('5. a donor completes the form in English with Tab, typing, Space, arrows and Enter', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-IN' });
    const page = await context.newPage();
    await page.goto(`${portal.url}/donors/new?lang=en`);
    expect(await page.textContent('h1')).toBe(en('donor.title'));
    const keys = page.keyboard;

    await tabTo(page, '#full_name');
    await keys.type('Kavita Sharma');
    await tabTo(page, '#phone');
    await keys.type('98111 22334');
    await tabTo(page, 'input[name=sex]');
    // Tab lands on the first radio of the group; ArrowDown moves to "female" and selects it.
    await keys.press('ArrowDown');
    expect(await page.isChecked('input[name=sex][value=female]')).toBe(true);
    await tabTo(page, '#date_of_birth');
    // Day and month alike (04/04), so the date is the same whichever order the browser's locale uses.
    await keys.type('04041992');
    expect(await page.inputValue('#date_of_birth')).toBe('1992-04-04');
    await tabTo(page, '#weight_kg');
    await keys.type('58');
    await tabTo(page, '#blood_group');
    await arrowDownTo(page, '#blood_group', 'O+');
    await tabTo(page, '#state_code');
    await keys.type('Uttar Pradesh'); // type-ahead picks the state; the districts load behind it
    expect(await page.inputValue('#state_code')).toBe('UP');
    await page.locator('#district_id option').nth(1).waitFor({ state: 'attached' });
    await tabTo(page, '#district_id');
    await keys.type('Prayagraj');
    expect(await page.inputValue('#district_id')).toBe(String(districtId(portal.geo, 'UP', 'Prayagraj')));
    await tabTo(page, '#locality');
    await keys.type('Civil Lines');
    await tabTo(page, '#pincode');
    await keys.type('211001');
    await tabTo(page, '#consent');
    await keys.press('Space');
    expect(await page.isChecked('#consent')).toBe(true);
    await tabTo(page, 'form[action="/donors"] button[type=submit]:not([name])');
    await screenshot(page, 'journey-5-keyboard-donor-form-en');

    await Promise.all([page.waitForURL('**/donors/thanks'), keys.press('Enter')]);
    expect(await page.textContent('h1')).toBe(en('donor.thanks_title'));

    const donor = await portal.t.db.one<{ status: string; phone: string; sex: string; date_of_birth: string; blood_group: string; preferred_language: string }>(
      "select status, phone, sex, to_char(date_of_birth, 'YYYY-MM-DD') as date_of_birth, blood_group, preferred_language from donors where full_name = 'Kavita Sharma'",
    );
    expect(donor).toEqual({ status: 'pending_verification', phone: '+919811122334', sex: 'female', date_of_birth: '1992-04-04', blood_group: 'O+', preferred_language: 'en' });
  });
});
