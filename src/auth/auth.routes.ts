import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { clientIp, recordAudit } from '../audit/audit';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { formatDateTime } from '../domain/dates';
import { withoutInvisibleControls } from '../web/fields';
import { parseForm, type FormDefinition } from '../web/forms';
import { changePassword, clearFailedLogins, findVolunteerById, findVolunteerByUsername, lockedUntil, recordFailedLogin, recordSuccessfulLogin } from './auth.queries';
import { destroySession, flash, regenerate, requireVolunteer, safeNextPath } from './current-volunteer';
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from './passwords';

interface Deps {
  db: Database;
  config: Config;
  now: () => Date;
  loginLimit: RequestHandler;
}

const loginFields = {
  // No username holds a control character, and PostgreSQL would refuse a NUL in the lookup.
  username: z.string({ error: 'errors.required' }).transform((s) => withoutInvisibleControls(s).trim().toLowerCase()).pipe(z.string().min(1, { error: 'errors.required' }).max(100, { error: 'errors.too_long' })),
  password: z.string({ error: 'errors.required' }).min(1, { error: 'errors.required' }).max(200, { error: 'errors.too_long' }),
};
const loginForm: FormDefinition<typeof loginFields> = { order: ['username', 'password'], fields: loginFields };

const passwordFields = {
  current_password: z.string({ error: 'errors.required' }).min(1, { error: 'errors.required' }),
  new_password: z.string({ error: 'errors.required' }).min(1, { error: 'errors.required' }),
  confirm_password: z.string({ error: 'errors.required' }).min(1, { error: 'errors.required' }),
};

export function authRoutes({ db, config, now, loginLimit }: Deps) {
  const router = Router();
  const decoy = decoyHash(config.auth.bcryptCost);

  router.get('/login', (req, res) => {
    if (req.volunteer) return res.redirect(303, safeNextPath(req.query.next) ?? '/volunteer');
    res.render('auth/login', { values: { username: '', next: safeNextPath(req.query.next) ?? '' }, errors: {}, signedOut: req.query.signed_out === '1' });
  });

  router.post('/login', loginLimit, async (req, res) => {
    const next = safeNextPath(req.body?.next) ?? '';
    const render = (errors: Record<string, { key: string; params?: Record<string, string | number> }>) =>
      res.status(422).render('auth/login', { values: { username: typeof req.body?.username === 'string' ? req.body.username : '', next }, errors, signedOut: false });
    const submitted = parseForm(loginForm, req);
    if (!submitted.ok) return render(submitted.errors);
    const { username, password } = submitted.data;
    const at = now();
    const ip = clientIp(req);

    const locked = await lockedUntil(db, username, at);
    const account = locked ? undefined : await findVolunteerByUsername(db, username);
    // Every refusal costs one bcrypt comparison, so timing does not tell which usernames exist.
    const passwordOk = account?.is_active ? await verifyPassword(password, account.password_hash) : (await verifyPassword(password, await decoy()), false);

    if (locked) {
      await recordAudit(db, { username, action: 'login_locked', ip });
      return render({ _form: { key: 'auth.locked', params: { until: formatDateTime(locked) } } });
    }
    if (!account || !passwordOk) {
      const lockEnd = await db.withTransaction(async (tx) => {
        const end = await recordFailedLogin(tx, username, at, { threshold: config.auth.lockoutThreshold, lockoutMs: config.auth.lockoutMs });
        await recordAudit(tx, { username, action: 'login_failed', ip, details: { reason: !account ? 'unknown_or_inactive' : 'wrong_password' } });
        if (end) await recordAudit(tx, { username, action: 'lockout', ip, details: { until: end.toISOString() } });
        return end;
      });
      if (lockEnd) {
        req.log.warn({ username }, 'sign-in locked after repeated failures');
        return render({ _form: { key: 'auth.locked', params: { until: formatDateTime(lockEnd) } } });
      }
      return render({ _form: { key: 'auth.wrong_credentials' } });
    }

    await db.withTransaction(async (tx) => {
      await clearFailedLogins(tx, username);
      await recordSuccessfulLogin(tx, account.id, at);
      await recordAudit(tx, { actor: { id: account.id, username: account.username, role: account.role }, action: 'login', ip });
    });
    // A new session id at sign-in, so an id planted before sign-in is worthless (session fixation).
    await regenerate(req);
    req.session.volunteerId = account.id;
    req.session.loginAt = at.getTime();
    req.session.lastSeenAt = at.getTime();
    req.session.cookie.maxAge = config.auth.idleMs;
    const destination = next || '/volunteer';
    res.redirect(303, account.must_change_password ? `/account/password?next=${encodeURIComponent(destination)}` : destination);
  });

  router.post('/logout', async (req, res) => {
    if (req.volunteer) await recordAudit(db, { actor: req.volunteer, action: 'logout', ip: clientIp(req) });
    await destroySession(req);
    res.clearCookie('rm.sid');
    res.redirect(303, '/login?signed_out=1');
  });

  router.get('/account/password', requireVolunteer, (req, res) => {
    res.render('auth/password', { values: { next: safeNextPath(req.query.next) ?? '' }, errors: {} });
  });

  router.post('/account/password', requireVolunteer, async (req, res) => {
    const volunteer = req.volunteer!;
    const next = safeNextPath(req.body?.next) ?? '';
    const form: FormDefinition<typeof passwordFields> = {
      order: Object.keys(passwordFields),
      fields: passwordFields,
      check(d, problem) {
        if (!d.new_password) return;
        const issue = passwordProblem(d.new_password, { username: volunteer.username, fullName: volunteer.fullName });
        if (issue) problem('new_password', `auth.password_${issue}`);
        else if (d.confirm_password !== undefined && d.confirm_password !== d.new_password) problem('confirm_password', 'auth.password_mismatch');
        else if (d.current_password === d.new_password) problem('new_password', 'auth.password_same');
      },
    };
    const submitted = parseForm(form, req);
    const account = await findVolunteerById(db, volunteer.id);
    const currentOk = submitted.ok && account ? await verifyPassword(submitted.data.current_password, account.password_hash) : false;
    if (!submitted.ok || !currentOk) {
      const errors = submitted.ok ? { current_password: { key: 'auth.current_wrong' } } : submitted.errors;
      // Passwords are never put back into the form.
      return res.status(422).render('auth/password', { values: { next }, errors });
    }
    const hash = await hashPassword(submitted.data.new_password, config.auth.bcryptCost);
    await db.withTransaction(async (tx) => {
      await changePassword(tx, volunteer.id, hash, now());
      await recordAudit(tx, { actor: volunteer, action: 'password_changed', ip: clientIp(req) });
    });
    // New credentials, new session id; the sign-in time moves so the change does not end this session.
    await regenerate(req);
    const at = now().getTime();
    Object.assign(req.session, { volunteerId: volunteer.id, loginAt: at, lastSeenAt: at });
    req.session.cookie.maxAge = config.auth.idleMs;
    flash(req, 'auth.password_changed');
    res.redirect(303, next || '/volunteer');
  });

  return router;
}
