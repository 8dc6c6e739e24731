import { z } from 'zod';
import { normaliseIndianMobile, isValidPincode } from '../domain/contact';
import { parseDate } from '../domain/dates';
import { asciiDigits } from '../domain/digits';

// zod building blocks for form fields. Every message is a translation key (locales/*/translation.json).

/** Required free text, trimmed, with internal runs of whitespace collapsed. */
export function requiredText(max: number, min = 1) {
  return z
    .string({ error: 'errors.required' })
    .transform((s) => s.trim().replace(/\s+/g, ' '))
    .pipe(z.string().min(1, { error: 'errors.required' }).min(min, { error: 'errors.too_short' }).max(max, { error: 'errors.too_long' }));
}

/** Optional free text: blank becomes undefined. */
export function optionalText(max: number) {
  return z
    .string({ error: 'errors.invalid' })
    .optional()
    .transform((s) => s?.trim() || undefined)
    .pipe(z.string().max(max, { error: 'errors.too_long' }).optional());
}

export function choice<const T extends readonly [string, ...string[]]>(values: T, key: string) {
  return z.enum(values, { error: key });
}

export const indianMobile = z
  .string({ error: 'errors.required' })
  .transform((s, ctx) => {
    if (s.trim() === '') {
      ctx.addIssue({ code: 'custom', message: 'errors.required' });
      return z.NEVER;
    }
    const phone = normaliseIndianMobile(s);
    if (!phone) {
      ctx.addIssue({ code: 'custom', message: 'errors.phone' });
      return z.NEVER;
    }
    return phone;
  });

/** An optional Indian mobile (blank is fine), stored as E.164. */
export const optionalIndianMobile = z
  .string({ error: 'errors.phone' })
  .optional()
  .transform((s, ctx) => {
    if (!s || s.trim() === '') return undefined;
    const phone = normaliseIndianMobile(s);
    if (!phone) {
      ctx.addIssue({ code: 'custom', message: 'errors.phone' });
      return z.NEVER;
    }
    return phone;
  });

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
