import { Router, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { clientIp } from '../audit/audit';
import { safeNextPath } from '../auth/current-volunteer';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { formatIndianMobile } from '../domain/contact';
import { formatDateTime } from '../domain/dates';
import { asciiDigits } from '../domain/digits';
import { indianMobile } from '../web/fields';
import { formValues, type FieldErrors } from '../web/form-errors';
import { parseForm, type FormDefinition } from '../web/forms';
import { endDonorSession, startDonorSession } from './current-donor';
import { CODE_POLICY } from './login-codes';
import { checkSignInCode, requestSignInCode } from './sign-in';

interface Deps {
  db: Database;
  config: Config;
  now: () => Date;
  codeLimit: RequestHandler;
}

const phoneFields = { phone: indianMobile };
const phoneForm: FormDefinition<typeof phoneFields> = { order: ['phone'], fields: phoneFields };

const codeFields = {
  code: z
    .string({ error: 'errors.required' })
    .transform((s) => asciiDigits(s).replace(/[\s-]/g, ''))
    .pipe(z.string().min(1, { error: 'errors.required' }).regex(/^\d{6}$/, { error: 'me.login.code_format' })),
};
const codeForm: FormDefinition<typeof codeFields> = { order: ['code'], fields: codeFields };

/** Sign-in for donors: mobile number, then the 6-digit code sent to it by SMS. */
export function meLoginRoutes({ db, config, now, codeLimit }: Deps) {
  const router = Router();
  const secret = config.session.secret;

  function renderPhone(res: Response, status: number, values: Record<string, string>, errors: FieldErrors = {}, signedOut = false) {
    res.status(status).render('me/login', { values, errors, signedOut });
  }

  function renderCode(res: Response, status: number, phone: string, errors: FieldErrors = {}) {
    res.status(status).render('me/code', { values: { code: '', phone, next: res.req.session.donorLoginNext ?? '' }, errors, phoneShown: formatIndianMobile(phone), minutes: CODE_POLICY.ttlMs / 60_000 });
  }

  router.get('/me/login', (req, res) => {
    const next = safeNextPath(req.query.next);
    if (req.donorId) return res.redirect(303, next ?? '/me');
    renderPhone(res, 200, { phone: '', next: next ?? '' }, {}, req.query.signed_out === '1');
  });

  router.post('/me/login', codeLimit, async (req, res) => {
    const submitted = parseForm(phoneForm, req);
    // A page to return to after signing in (a camp the donor wants a seat at) rides along.
    const next = safeNextPath(req.body?.next);
    if (!submitted.ok) return renderPhone(res, 422, { ...submitted.values, next: next ?? '' }, submitted.errors);
    const { phone } = submitted.data;
    const result = await requestSignInCode(db, { phone, ip: clientIp(req), at: now(), secret });
    if (!result.accepted) {
      // Counted for every number typed, so this says nothing about whether it is registered.
      return renderPhone(res, 429, { ...formValues(req.body, phoneForm.order), next: next ?? '' }, { phone: { key: 'me.login.too_many_codes', params: { at: formatDateTime(result.retryAt) } } });
    }
    req.session.donorLoginPhone = phone;
    req.session.donorLoginNext = next;
    res.redirect(303, '/me/login/code');
  });

  router.get('/me/login/code', (req, res) => {
    const phone = req.session?.donorLoginPhone;
    if (!phone) return res.redirect(303, '/me/login');
    renderCode(res, 200, phone);
  });

  router.post('/me/login/code', async (req, res) => {
    const phone = req.session.donorLoginPhone;
    if (!phone) return res.redirect(303, '/me/login');
    const submitted = parseForm(codeForm, req);
    if (!submitted.ok) return renderCode(res, 422, phone, submitted.errors);
    const at = now();
    const result = await checkSignInCode(db, { phone, code: submitted.data.code, at, secret });
    if (!result.ok) {
      const error = result.reason === 'wrong' ? { key: 'me.login.code_wrong', params: { count: result.attemptsLeft } } : { key: `me.login.code_${result.reason}` };
      return renderCode(res, 422, phone, { code: error });
    }
    const next = req.session.donorLoginNext; // read before the session is renewed
    await startDonorSession(req, result.donorId, at, config.auth.idleMs);
    req.log.info({ donorId: result.donorId }, 'donor signed in');
    res.redirect(303, next ?? '/me');
  });

  router.post('/me/logout', async (req, res) => {
    if ((await endDonorSession(req)) === 'destroyed') res.clearCookie('rm.sid');
    res.redirect(303, '/me/login?signed_out=1');
  });

  return router;
}
