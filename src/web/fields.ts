import { z } from 'zod';
import { normaliseIndianMobile, isValidPincode } from '../domain/contact';
import { parseDate } from '../domain/dates';
import { asciiDigits } from '../domain/digits';

// zod building blocks for form fields. Every message is a translation key (locales/*/translation.json).

// Characters nobody types into a name or an address: C0 and C1 control characters (PostgreSQL
// refuses NUL in text outright, which was a server error) and the bidirectional overrides and
// isolates that make a name read backwards in a volunteer's list. Tabs and line breaks are
// whitespace and handled as such; joiners (needed by Indic scripts and emoji) stay.
const INVISIBLE_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

export function withoutInvisibleControls(s: string): string {
  return s.replace(INVISIBLE_CONTROLS, '');
}

/** Required free text, trimmed, with internal runs of whitespace collapsed. */
export function requiredText(max: number, min = 1) {
  return z
    .string({ error: 'errors.required' })
    .transform((s) => withoutInvisibleControls(s).trim().replace(/\s+/g, ' '))
    .pipe(z.string().min(1, { error: 'errors.required' }).min(min, { error: 'errors.too_short' }).max(max, { error: 'errors.too_long' }));
}

/** Optional free text: blank becomes undefined. */
export function optionalText(max: number) {
  return z
    .string({ error: 'errors.invalid' })
    .optional()
    .transform((s) => (s === undefined ? undefined : withoutInvisibleControls(s).trim() || undefined))
    .pipe(z.string().max(max, { error: 'errors.too_long' }).optional());
}

export function choice<const T extends readonly [string, ...string[]]>(values: T, key: string) {
  return z.enum(values, { error: key });
}

/** An Indian mobile number as E.164, or a "not a mobile number" issue. */
function toIndianMobile(s: string, ctx: z.RefinementCtx) {
  const phone = normaliseIndianMobile(s);
  if (!phone) {
    ctx.addIssue({ code: 'custom', message: 'errors.phone' });
    return z.NEVER;
  }
  return phone;
}

export const indianMobile = z.string({ error: 'errors.required' }).transform((s, ctx) => {
  if (s.trim() === '') {
    ctx.addIssue({ code: 'custom', message: 'errors.required' });
    return z.NEVER;
  }
  return toIndianMobile(s, ctx);
});

/** An optional Indian mobile (blank is fine), stored as E.164. */
export const optionalIndianMobile = z
  .string({ error: 'errors.phone' })
  .optional()
  .transform((s, ctx) => (!s || s.trim() === '' ? undefined : toIndianMobile(s, ctx)));

export const pincode = z
  .string({ error: 'errors.required' })
  .transform((s) => asciiDigits(s).replace(/\s/g, ''))
  .pipe(z.string().min(1, { error: 'errors.required' }).refine(isValidPincode, { error: 'errors.pincode' }));

function parseDateField(s: string | undefined, ctx: z.RefinementCtx, optional: boolean): string | undefined {
  if (!s || s.trim() === '') {
    if (optional) return undefined;
    ctx.addIssue({ code: 'custom', message: 'errors.required' });
    return z.NEVER;
  }
  const iso = parseDate(s);
  if (!iso) {
    ctx.addIssue({ code: 'custom', message: 'errors.date' });
    return z.NEVER;
  }
  return iso;
}

/** A calendar date typed as YYYY-MM-DD or DD/MM/YYYY, returned as YYYY-MM-DD. */
export const requiredDate = z
  .string({ error: 'errors.required' })
  .optional()
  .transform((s, ctx): string => parseDateField(s, ctx, false) as string);

export const optionalDate = z
  .string({ error: 'errors.date' })
  .optional()
  .transform((s, ctx) => parseDateField(s, ctx, true));

/** A whole number in a range, from a text field. */
export function wholeNumber(min: number, max: number, rangeKey: string) {
  return z
    .string({ error: 'errors.required' })
    .transform((s) => asciiDigits(s).trim())
    .pipe(z.string().min(1, { error: 'errors.required' }).regex(/^\d{1,4}$/, { error: 'errors.whole_number' }))
    .transform(Number)
    .pipe(z.number().min(min, { error: rangeKey }).max(max, { error: rangeKey }));
}

/** A positive number with at most one decimal place (weights). */
export function decimalNumber(min: number, max: number, rangeKey: string) {
  return z
    .string({ error: 'errors.required' })
    .transform((s) => asciiDigits(s).trim())
    .pipe(z.string().min(1, { error: 'errors.required' }).regex(/^\d{1,3}([.,]\d)?$/, { error: 'errors.number' }))
    .transform((s) => Number(s.replace(',', '.')))
    .pipe(z.number().min(min, { error: rangeKey }).max(max, { error: rangeKey }));
}

/** A ticked checkbox; any other value (including absent) is "not ticked". */
export function mustTick(key: string) {
  return z.literal('yes', { error: key });
}

export const checkbox = z
  .unknown()
  .optional()
  .transform((v) => v === 'yes');

/** A numeric id from a select. */
export const selectedId = (key: string) =>
  z
    .string({ error: key })
    .regex(/^\d{1,9}$/, { error: key })
    .transform(Number);
