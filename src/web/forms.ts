import type { Request } from 'express';
import type { z } from 'zod';
import { fieldErrorsFromZod, formValues, inFormOrder, type FieldErrors } from './form-errors';

// The shared shape of every public form: parse the body with a schema; on failure the page
// is rendered again with 422, the person's own values and a message per field.

export type FormResult<T> = { ok: true; data: T } | { ok: false; values: Record<string, string>; errors: FieldErrors };

export function parseForm<S extends z.ZodType>(schema: S, req: Request, fields: readonly string[]): FormResult<z.output<S>> {
  const parsed = schema.safeParse(req.body ?? {});
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, values: formValues(req.body, fields), errors: inFormOrder(fieldErrorsFromZod(parsed.error), fields) };
}

/** The honeypot field: hidden from people, filled in by form-spamming bots. */
export function isBot(req: Request): boolean {
  const trap: unknown = req.body?.website;
  return typeof trap === 'string' ? trap.trim() !== '' : trap !== undefined;
}
