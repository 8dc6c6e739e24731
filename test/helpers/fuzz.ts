import ejs from 'ejs';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { browser } from './test-app';

// Hostile form input for the property-based tests (test/fuzz-*.test.ts): what a careless
// keyboard, a copy-paste from a chat app, or an attacker may post to a public form.

/** Fixed, so a failure found once is found again; fast-check prints the path to replay it. */
export const FUZZ_SEED = 20_260_615;

/** Payloads that must never come back as markup: each is harmless only when escaped. */
export const MARKUP_PAYLOADS = [
  '<script>alert("rm-xss")</script>',
  '"><img src=x onerror=alert("rm-xss")>',
  "'><svg onload=alert('rm-xss')>",
  '</textarea><script>alert("rm-xss")</script>',
  '<iframe src="javascript:alert(`rm-xss`)">',
] as const;

const SQL_AND_TEMPLATES = [
  "'; drop table donors; --",
  "' or '1'='1",
  'Robert"); delete from blood_requests; --',
  '$1 $2 \\x00 E\'\\\\\'',
  '<%= process.env %>',
  '{{constructor.constructor("return process")()}}',
  '__proto__',
  'constructor',
  '../../etc/passwd',
  '%00%27%3C',
];

const BIDI_AND_RTL = ['\u202E', '\u202D', '\u202A', '\u202B', '\u202C', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C', 'مرحبا', 'שלום', 'राम कुमार', 'অমিত', 'தமிழ்', '\u200B', '\u200D', '\uFEFF', ' '];
const EMOJI = ['😀', '🩸', '👨‍👩‍👧‍👦', '🇮🇳', '🏳️‍🌈', '🧑🏽‍⚕️', '𝒜', '\u{1F600}\u{FE0F}', '❤️'];
const ODD_NUMBERS = ['', ' ', '0', '-1', '1e3', '1.5', '1,5', 'NaN', 'Infinity', '0x1F', '٣٣', '३३', '१२३४५६', '９８７６５４３２１０', '9'.repeat(40), '+', '++91', '2026-02-30', '31/12/1899', '9999-12-31', '0000-00-00'];

// NUL gets its own share: PostgreSQL refuses it in text, so it is the likeliest to reach a server error.
const controlCharacter = fc
  .oneof(fc.constant(0), fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f }), fc.constantFrom(0xfffe, 0xffff, 0xfffd, 0x2028, 0x2029, 0x202e, 0x2067))
  .map((c) => String.fromCodePoint(c));

/** Lengths at and around the limits of the fields (code points), and far beyond the body limit. */
const SIZES = [1, 2, 3, 49, 50, 51, 99, 100, 101, 149, 150, 151, 253, 254, 255, 499, 500, 501, 2_000, 11_000, 40_000] as const;

const mixed = (parts: fc.Arbitrary<string>, maxLength: number) => fc.array(parts, { maxLength }).map((a) => a.join(''));

/** One hostile value for one field. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: 'binary-ascii', maxLength: 60 }),
  mixed(fc.constantFrom(...BIDI_AND_RTL), 12),
  mixed(fc.constantFrom(...EMOJI), 60),
  mixed(controlCharacter, 10),
  fc
    .tuple(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.constantFrom(...MARKUP_PAYLOADS, ...SQL_AND_TEMPLATES), fc.string({ maxLength: 8 }))
    .map((p) => p.join('')),
  fc.constantFrom(...ODD_NUMBERS),
  fc.tuple(fc.constantFrom('a', 'क', '😀', '𝒜', '<', '\u0000', ' ', '%'), fc.constantFrom(...SIZES)).map(([c, n]) => c.repeat(n)),
  // A plausible value with one bad character in it, so the rest of the form still looks right.
  fc.tuple(fc.constantFrom('Ramesh Kumar', '9876543210', '211001', '1990-04-12', 'Civil Lines'), controlCharacter).map(([v, c]) => `${v.slice(0, 3)}${c}${v.slice(3)}`),
);

/** Raw pieces appended to a body without encoding: broken percent-escapes, odd separators. */
const rawFragment = fc.constantFrom('&%zz=1', '&%=%', '&full_name=%E0%A4', '&locality=%C0%80', '&%00=%00', '&&&', '&=', '&a', '&phone=%FF%FE', '&notes=%ED%A0%80', '&x=' + '%25'.repeat(50), '&' + 'k=v&'.repeat(120));

export type Entry = [string, string];

export type Mutation =
  | { kind: 'replace'; field: string; value: string }
  | { kind: 'remove'; field: string }
  | { kind: 'duplicate'; field: string; value: string }
  | { kind: 'bracket'; field: string; key: string; value: string }
  | { kind: 'extra'; name: string; value: string }
  | { kind: 'raw'; fragment: string };

/** One to three changes to a valid form; most are a single field, so the deeper checks are reached. */
export function mutations(fields: readonly string[]): fc.Arbitrary<Mutation[]> {
  const field = fc.constantFrom(...fields);
  const one: fc.Arbitrary<Mutation> = fc.oneof(
    { weight: 8, arbitrary: fc.record({ kind: fc.constant('replace' as const), field, value: hostileText }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), field }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), field, value: hostileText }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('bracket' as const), field, key: fc.constantFrom('', '0', 'x', '__proto__', '][', 'a][b'), value: hostileText }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('extra' as const), name: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'action', 'website', 'camp_id', 'for_request', 'next')), value: hostileText }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('raw' as const), fragment: rawFragment }) },
  );
  return fc.oneof({ weight: 4, arbitrary: fc.tuple(one) }, { weight: 1, arbitrary: fc.array(one, { minLength: 2, maxLength: 3 }) });
}

/** A valid form, changed: the body as entries, plus raw fragments to append. */
export function applyMutations(valid: Record<string, string>, changes: readonly Mutation[]): { entries: Entry[]; raw: string } {
  let entries: Entry[] = Object.entries(valid);
  let raw = '';
  for (const m of changes) {
    if (m.kind === 'replace') entries = [...entries.filter(([k]) => k !== m.field), [m.field, m.value]];
    else if (m.kind === 'remove') entries = entries.filter(([k]) => k !== m.field);
    else if (m.kind === 'duplicate') entries = [...entries, [m.field, m.value]];
    else if (m.kind === 'bracket') entries = [...entries, [`${m.field}[${m.key}]`, m.value]];
    else if (m.kind === 'extra') entries = [...entries, [m.name, m.value]];
    else raw += m.fragment;
  }
  return { entries, raw };
}

/** Completely random bodies: random names and values, sometimes with real field names. */
export function randomBody(fields: readonly string[]): fc.Arbitrary<Entry[]> {
  const name = fc.oneof(fc.constantFrom(...fields), fc.string({ unit: 'grapheme', maxLength: 12 }));
  return fc.array(fc.tuple(name, hostileText), { maxLength: 12 });
}

// encodeURIComponent throws on a lone surrogate; a browser sends U+FFFD instead.
const wellFormed = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
const encode = (s: string) => encodeURIComponent(wellFormed(s)).replace(/%20/g, '+');

export function urlencoded(entries: readonly Entry[], raw = ''): string {
  return entries.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&') + raw;
}

type Agent = ReturnType<typeof browser>;

/** Posts a raw urlencoded body, as a browser (or a script) would. */
export function postRaw(agent: Agent, path: string, body: string) {
  return agent.post(path).set('Content-Type', 'application/x-www-form-urlencoded').send(body);
}

/** The values the post carried for a field (an array when it was sent twice). */
export function sentValue(entries: readonly Entry[], field: string): string | string[] | undefined {
  const values = entries.filter(([k]) => k === field).map(([, v]) => v);
  return values.length === 0 ? undefined : values.length === 1 ? values[0] : values;
}

interface Page {
  status: number;
  text: string;
}

/**
 * What every answer to a hostile post must satisfy: no server error, an invalid form shown again
 * (with its error summary), and nothing the visitor typed turned into markup. `reflected` lists the
 * text fields the form puts back on a 422; a value sent once must come back HTML-escaped.
 */
export function expectSafeAnswer(res: Page, entries: readonly Entry[], form: { action: string; reflected: readonly string[] }) {
  expect(res.status, `status ${res.status}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
  for (const payload of MARKUP_PAYLOADS) expect(res.text).not.toContain(payload);
  expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  if (res.status !== 422) return;
  expect(res.text).toContain(`action="${form.action}"`);
  expect(res.text).toContain('class="error-summary"');
  for (const field of form.reflected) {
    const value = sentValue(entries, field);
    if (typeof value === 'string' && value !== '' && wellFormed(value) === value) {
      expect(res.text, `${field} shown escaped`).toContain(ejs.escapeXML(value));
    }
  }
}

/** Counts cases per form, and their answers, for the figures in docs/reliability.md. */
export class CaseCounter {
  readonly counts = new Map<string, Map<number, number>>();
  add(form: string, status: number) {
    const byStatus = this.counts.get(form) ?? new Map<number, number>();
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    this.counts.set(form, byStatus);
  }
  report(title: string): string {
    let total = 0;
    const lines = [...this.counts].map(([form, byStatus]) => {
      const n = [...byStatus.values()].reduce((a, b) => a + b, 0);
      total += n;
      const statuses = [...byStatus].sort(([a], [b]) => a - b).map(([status, k]) => `${status}: ${k}`);
      return `  ${form}: ${n} (${statuses.join(', ')})`;
    });
    return `${title} (seed ${FUZZ_SEED})\n${lines.join('\n')}\n  total: ${total}`;
  }
}

/** Text stored in a column must be what people can read: no control characters or bidi overrides. */
export const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** PostgreSQL's char_length: code points, not UTF-16 units. */
export const codePoints = (s: string) => [...s].length;
