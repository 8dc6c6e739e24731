import type { z } from 'zod';

// Per-field validation messages as translation keys, turned into text by the view
// in the page's language.

export interface FieldMessage {
  key: string;
  params?: Record<string, string | number>;
}

export type FieldErrors = Record<string, FieldMessage>;

/** A field's first problem, with the bounds a message may quote (max length, etc.). */
export function messageFromZod(error: z.ZodError): FieldMessage {
  const issue = error.issues[0];
  if (!issue) return { key: 'errors.invalid' };
  const params: Record<string, string | number> = {};
  if (issue.code === 'too_big') params.max = Number(issue.maximum);
  if (issue.code === 'too_small') params.min = Number(issue.minimum);
  // Messages set in our schemas are translation keys ("errors.phone"); zod's own English is replaced by a generic one.
  return { key: /^[a-z_]+\.[a-z0-9_.]+$/.test(issue.message) ? issue.message : 'errors.invalid', params };
}

/** Orders errors as the fields appear on the form, so the summary reads top to bottom. */
export function inFormOrder(errors: FieldErrors, fieldOrder: readonly string[]): FieldErrors {
  const rank = (f: string) => (fieldOrder.includes(f) ? fieldOrder.indexOf(f) : fieldOrder.length);
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => rank(a) - rank(b)));
}

/** The submitted values as strings, to put back into the form (never arrays or objects). */
export function formValues(body: unknown, fields: readonly string[]): Record<string, string> {
  const source = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  return Object.fromEntries(fields.map((f) => [f, typeof source[f] === 'string' ? (source[f] as string) : '']));
}
