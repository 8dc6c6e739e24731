import type { Request, Response } from 'express';
import type { z } from 'zod';
import { formValues, inFormOrder, messageFromZod, type FieldErrors, type FieldMessage } from './form-errors';

// The shared shape of every public form: field schemas, plus checks that compare fields
// (a district in its state, a date against a birth date). The checks see every field that
// parsed, even when others did not, so a person is shown all problems in one round.

export type Shape = Record<string, z.ZodType>;
export type Parsed<S extends Shape> = { [K in keyof S]: z.output<S[K]> };

export type AddProblem = (field: string, key: string, params?: FieldMessage['params']) => void;

export interface FormDefinition<S extends Shape> {
  /** Field names in page order (for the error summary and for putting values back). */
  order: readonly string[];
  fields: S;
  /** Cross-field rules; a field is present in `d` only if it parsed. */
  check?: (d: Partial<Parsed<S>>, problem: AddProblem) => void;
}

export type FormResult<T> = { ok: true; data: T } | { ok: false; values: Record<string, string>; errors: FieldErrors };

export function parseForm<S extends Shape>(form: FormDefinition<S>, req: Request): FormResult<Parsed<S>> {
  const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
  const errors: FieldErrors = {};
  const parsed: Partial<Parsed<S>> = {};
  for (const [name, schema] of Object.entries(form.fields)) {
    const result = schema.safeParse(body[name]);
    if (result.success) parsed[name as keyof S] = result.data as Parsed<S>[keyof S];
    else errors[name] = messageFromZod(result.error);
  }
  form.check?.(parsed, (field, key, params) => {
    errors[field] ??= { key, params };
  });
  if (Object.keys(errors).length === 0) return { ok: true, data: parsed as Parsed<S> };
  return { ok: false, values: formValues(req.body, form.order), errors: inFormOrder(errors, form.order) };
}

/**
 * The steps every public form post takes before its own work: discard bots quietly, serve the
 * no-JavaScript "show districts" step, and re-render with 422 on invalid input. Returns the parsed
 * data, or undefined when a response has already been sent.
 */
export function acceptFormPost<S extends Shape>(
  req: Request,
  res: Response,
  form: FormDefinition<S>,
  options: { botRedirect: string; render: (status: number, values: Record<string, string>, errors?: FieldErrors) => void },
): Parsed<S> | undefined {
  if (isBot(req)) {
    req.log.info('honeypot filled; submission discarded');
    res.redirect(303, options.botRedirect);
    return undefined;
  }
  if (req.body?.action === 'choose_state') {
    options.render(200, formValues(req.body, form.order));
    return undefined;
  }
  const submitted = parseForm(form, req);
  if (!submitted.ok) {
    options.render(422, submitted.values, submitted.errors);
    return undefined;
  }
  return submitted.data;
}

/** The honeypot field: hidden from people, filled in by form-spamming bots. */
export function isBot(req: Request): boolean {
  const trap: unknown = req.body?.website;
  return typeof trap === 'string' ? trap.trim() !== '' : trap !== undefined;
}
