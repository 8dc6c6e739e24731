import path from 'node:path';
import type { Locator, Page, Response } from 'playwright-core';
import { expect } from 'vitest';
import { loadTranslations } from '../../src/web/i18n';

// What the journeys do on a page: send a form and get the server's answer, take screenshots for
// the README, move by keyboard alone, and check that no donor's number is on a page.

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../docs/screenshots');

/** The portal's own wording, so a journey checks the text a person reads in either language. */
const translations = loadTranslations();
export const hi = translations.t('hi');
export const en = translations.t('en');

/** docs/screenshots/<name>.png, the whole page. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Presses a form's button and returns the server's answer to the POST (before any redirect is followed). */
export async function submit(page: Page, button: Locator): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().method() === 'POST'),
    button.click(),
  ]);
  await page.waitForLoadState('load');
  return response;
}

/** Follows a link as a person does and waits for the new page. */
export async function follow(page: Page, link: Locator): Promise<void> {
  await Promise.all([page.waitForEvent('load'), link.click()]);
}

/** Every way an Indian mobile number (E.164) might be written out on a page. */
export function writtenForms(e164: string): string[] {
  const ten = e164.replace(/^\+91/, '');
  return [e164, ten, `0${ten}`, `${ten.slice(0, 5)} ${ten.slice(5)}`, `+91 ${ten.slice(0, 5)} ${ten.slice(5)}`, `${ten.slice(0, 5)}-${ten.slice(5)}`];
}

/** The page (HTML as the browser holds it) shows none of these donors' numbers, in any spelling. */
export async function expectNoDonorPhone(page: Page, donorPhones: string[]): Promise<void> {
  const html = await page.content();
  for (const phone of donorPhones) {
    for (const form of writtenForms(phone)) expect(html, `${page.url()} shows a donor's number (${form})`).not.toContain(form);
  }
}

/** Presses Tab until the element matching `selector` (one CSS selector, no commas) has the focus; fails if Tab never gets there. */
export async function tabTo(page: Page, selector: string, maxPresses = 80): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press('Tab');
    if ((await page.locator(`${selector}:focus`).count()) > 0) return;
  }
  throw new Error(`Tab never reached ${selector} (${maxPresses} presses)`);
}

/** Presses ArrowDown on the focused select until it shows `value`, as a person watching it would. */
export async function arrowDownTo(page: Page, selector: string, value: string, maxPresses = 60): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    if ((await page.inputValue(selector)) === value) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`ArrowDown on ${selector} never reached ${value}`);
}
