import { AxeBuilder } from '@axe-core/playwright';
import type { Page, Response } from 'playwright-core';

// Accessibility scans with axe-core: every page is checked against WCAG 2.1 A and AA, and what
// axe finds is kept in a ledger so a failing test says which rule broke, where, and how to fix it.

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
export const BLOCKING_IMPACTS = new Set(['serious', 'critical']);

export interface Finding {
  page: string;
  rule: string;
  impact: string;
  help: string;
  helpUrl: string;
  targets: string[];
}

export class A11yLedger {
  scans = 0;
  readonly pages = new Set<string>();
  readonly rulesRun = new Set<string>();
  readonly blocking: Finding[] = [];
  readonly lesser: Finding[] = [];
  /** Rules axe could not decide on (e.g. contrast over a gradient): rule id → the elements, by page. */
  readonly undecided = new Map<string, string[]>();

  /** Scans the page as it is now; returns the serious and critical findings of this scan. */
  async scan(page: Page, label: string): Promise<Finding[]> {
    const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
    this.scans += 1;
    this.pages.add(label.replace(/ \[.*\]$/, ''));
    for (const group of [results.passes, results.violations, results.incomplete, results.inapplicable]) {
      for (const rule of group) this.rulesRun.add(rule.id);
    }
    for (const rule of results.incomplete) {
      const seen = this.undecided.get(rule.id) ?? [];
      seen.push(`${label}: ${rule.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      this.undecided.set(rule.id, seen);
    }
    const found: Finding[] = [];
    for (const v of results.violations) {
      const finding: Finding = {
        page: label,
        rule: v.id,
        impact: v.impact ?? 'unknown',
        help: v.help,
        helpUrl: v.helpUrl,
        targets: v.nodes.map((n) => n.target.join(' ')),
      };
      if (BLOCKING_IMPACTS.has(finding.impact)) found.push(finding);
      else this.lesser.push(finding);
    }
    this.blocking.push(...found);
    return found;
  }
}

/** A report a developer can act on: page, rule, what to do, and the offending elements. */
export function describeFindings(findings: Finding[]): string {
  return findings
    .map((f) => `${f.page}: ${f.rule} (${f.impact}) — ${f.help}\n    ${f.helpUrl}\n    ${f.targets.slice(0, 8).join('\n    ')}`)
    .join('\n');
}

/** Adds ?lang= (or &lang=) to a path, keeping any #fragment last. */
export function withLang(path: string, lang: string): string {
  const [base, hash] = path.split('#');
  return `${base}${base!.includes('?') ? '&' : '?'}lang=${lang}${hash ? `#${hash}` : ''}`;
}

/** Opens a page and insists it is the page asked for: the status expected and no redirect elsewhere. */
export async function open(page: Page, url: string, expectedStatus = 200): Promise<void> {
  // The same address with a #fragment is a same-document navigation with no response: reload.
  const response = (await page.goto(url)) ?? (await page.reload());
  const wanted = new URL(url).pathname;
  if (!response || response.status() !== expectedStatus || new URL(page.url()).pathname !== wanted) {
    throw new Error(`${url}: expected ${expectedStatus} at ${wanted}, got ${response?.status()} at ${page.url()}`);
  }
}

/**
 * Clicks a form's own submit button (not a "Show districts" button, which has a name) and waits
 * for the page the POST answers with; returns that response.
 */
export async function submit(page: Page, formSelector: string, expectedStatus?: number): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
    page.locator(`${formSelector} button[type=submit]:not([name])`).last().click(),
  ]);
  await page.waitForLoadState('load');
  if (expectedStatus !== undefined && response.status() !== expectedStatus) {
    throw new Error(`${formSelector} on ${page.url()}: expected ${expectedStatus}, got ${response.status()}`);
  }
  return response;
}
