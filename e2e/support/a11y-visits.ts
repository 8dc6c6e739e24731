import type { Page } from 'playwright-core';
import { addDays, todayInIndia } from '../../src/domain/dates';
import { open, submit, withLang } from './a11y-scan';

// The pages the accessibility scan visits, as steps a person takes: each step leaves the browser
// on one page (often a form sent back with its errors) for axe to check.

export type Lang = 'hi' | 'en';
/** The full address of a path in the language being scanned. */
export type At = (path: string) => string;

export interface Visit {
  name: string;
  go(page: Page, at: At): Promise<void>;
}

export function addressesIn(baseUrl: string, lang: Lang): At {
  return (path) => baseUrl + withLang(path, lang);
}

/** Opens a page in a language; the status defaults to 200. */
export const visit = (name: string, path: string, status = 200): Visit => ({
  name,
  go: (page, at) => open(page, at(path), status),
});

/** Opens a form, empties its text fields, sends it, and expects it back with errors (422 unless told). */
export const sentWithErrors = (name: string, path: string, form: string, o: { status?: number; fill?: Record<string, string> } = {}): Visit => ({
  name,
  async go(page, at) {
    await open(page, at(path));
    const fields = page.locator(`${form} :is(input[type=text], input[type=tel], input[type=email], input[type=date], input[type=password], input:not([type]), textarea):visible`);
    for (const field of await fields.all()) await field.fill('');
    for (const [selector, value] of Object.entries(o.fill ?? {})) await page.fill(`${form} ${selector}`, value);
    await submit(page, form, o.status ?? 422);
  },
});

/** Signs a volunteer or admin in through the real form. */
export async function signInStaff(page: Page, at: At, username: string, password: string): Promise<void> {
  await open(page, at('/login'));
  await page.fill('#username', username);
  await page.fill('#password', password);
  await submit(page, 'form[action="/login"]', 303);
  if (new URL(page.url()).pathname !== '/volunteer') throw new Error(`${username} did not reach /volunteer: ${page.url()}`);
}

/** A date a family can give as "needed by": tomorrow in India. */
export const tomorrow = () => addDays(todayInIndia(new Date()), 1);
