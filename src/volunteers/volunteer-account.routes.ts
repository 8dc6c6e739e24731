import { Router, type Request, type Response } from 'express';
import { clientIp, recordAudit, type AuditAction } from '../audit/audit';
import { clearFailedLogins } from '../auth/auth.queries';
import { flash, requireAdmin } from '../auth/current-volunteer';
import { generateTemporaryPassword, hashPassword } from '../auth/passwords';
import type { Sql } from '../db/database';
import { sendErrorPage } from '../web/error-pages';
import { formValues, type FieldErrors } from '../web/form-errors';
import { acceptFormPost, parseForm } from '../web/forms';
import { jurisdictionValues, summariseJurisdictions } from './jurisdiction-view';
import type { AdminDeps, FormPageValues } from './volunteers.routes';
import {
  endSessionsOf,
  findAccount,
  listJurisdictionRows,
  replaceJurisdiction,
  setAccountActive,
  setTemporaryPassword,
  updateAccountDetails,
  type AccountRow,
  type JurisdictionRow,
} from './volunteers.queries';
import { accountDetailsForm, jurisdictionFrom, jurisdictionForm, ROLES, SCOPES, tickedDistricts } from './volunteers.schema';

interface AccountPage {
  account: AccountRow;
  rows: JurisdictionRow[];
  isSelf: boolean;
}

const DETAIL_COLUMNS = { full_name: 'full_name', role: 'role', badge_number: 'badge_number', rank: 'rank', police_station: 'police_station', phone: 'phone' } as const;

/** One account: its page, and the admin's changes to it. Each change is audited in the same transaction. */
export function volunteerAccountRoutes({ db, config, geo, now }: AdminDeps) {
  const router = Router();
  const detailsForm = accountDetailsForm();
  const placeForm = jurisdictionForm(geo);

  async function loadPage(req: Request, res: Response): Promise<AccountPage | undefined> {
    const raw = String(req.params.id);
    const account = /^\d{1,9}$/.test(raw) ? await findAccount(db, Number(raw)) : undefined;
    if (!account) {
      sendErrorPage(res, 404);
      return undefined;
    }
    return { account, rows: await listJurisdictionRows(db, [account.id]), isSelf: account.id === req.volunteer!.id };
  }

  function renderPage(req: Request, res: Response, page: AccountPage, status = 200, form: { values?: FormPageValues; errors?: FieldErrors } = {}) {
    const { account, rows } = page;
    const stored = Object.fromEntries(Object.entries(DETAIL_COLUMNS).map(([field, column]) => [field, account[column] ?? '']));
    const values: FormPageValues = { ...stored, ...jurisdictionValues(rows), ...form.values };
    const pending = req.session.tempPassword;
    const tempPassword = pending?.volunteerId === account.id ? pending.password : undefined;
    if (tempPassword) {
      // Shown once: gone from the session, and never kept by a browser or proxy cache.
      delete req.session.tempPassword;
      res.set('Cache-Control', 'no-store');
    }
    res.locals.switchPath = `/admin/volunteers/${account.id}`;
    res.status(status).render('admin/volunteer', {
      account,
      isSelf: page.isSelf,
      jurisdiction: summariseJurisdictions(rows, geo, req.lang).get(account.id) ?? [],
      tempPassword,
      values,
      errors: form.errors ?? {},
      roles: ROLES,
      scopes: SCOPES,
      states: geo.statesFor(req.lang),
      districts: geo.districtsOf(String(values.state_code ?? '')),
    });
  }

  const audit = (tx: Sql, req: Request, action: AuditAction, id: number, details?: Record<string, unknown>) =>
    recordAudit(tx, { actor: req.volunteer, action, entity: { type: 'volunteer', id }, ip: clientIp(req), details });

  const backTo = (res: Response, page: AccountPage) => res.redirect(303, `/admin/volunteers/${page.account.id}`);

  router.get('/admin/volunteers/:id', requireAdmin, async (req, res) => {
    const page = await loadPage(req, res);
    if (page) renderPage(req, res, page);
  });

  router.post('/admin/volunteers/:id/details', requireAdmin, async (req, res) => {
    const page = await loadPage(req, res);
    if (!page) return;
    const submitted = parseForm(detailsForm, req);
    if (!submitted.ok) return renderPage(req, res, page, 422, submitted);
    const d = submitted.data;
    const role = d.role!;
    let refusal: FieldErrors | undefined;
    if (page.isSelf && role !== 'admin') refusal = { role: { key: 'admin.errors.own_role' } };
    else if (role === 'volunteer' && page.rows.length === 0) refusal = { role: { key: 'admin.errors.role_needs_jurisdiction' } };
    if (refusal) return renderPage(req, res, page, 422, { values: formValues(req.body, detailsForm.order), errors: refusal });

    const changed = Object.entries(DETAIL_COLUMNS).filter(([field, column]) => (d[field as keyof typeof d] ?? null) !== page.account[column]).map(([field]) => field);
    await db.withTransaction(async (tx) => {
      const details = { fullName: d.full_name, role, badgeNumber: d.badge_number, rank: d.rank, policeStation: d.police_station, phone: d.phone };
      await updateAccountDetails(tx, page.account.id, details, now());
      // Field names only: the audit log holds no names or phone numbers.
      await audit(tx, req, 'volunteer_updated', page.account.id, { changed, ...(changed.includes('role') ? { role } : {}) });
    });
    flash(req, 'admin.flash.updated');
    backTo(res, page);
  });

  router.post('/admin/volunteers/:id/jurisdiction', requireAdmin, async (req, res) => {
    const page = await loadPage(req, res);
    if (!page) return;
    const render = (status: number, values: Record<string, string>, errors?: FieldErrors) =>
      renderPage(req, res, page, status, { values: { ...values, district_ids: tickedDistricts(req.body) }, errors: errors ?? {} });
    const data = acceptFormPost(req, res, placeForm, { botRedirect: `/admin/volunteers/${page.account.id}`, render });
    if (!data) return;
    const jurisdiction = jurisdictionFrom(data);
    await db.withTransaction(async (tx) => {
      await replaceJurisdiction(tx, page.account.id, jurisdiction);
      await audit(tx, req, 'jurisdiction_changed', page.account.id, { ...jurisdiction });
    });
    flash(req, 'admin.flash.jurisdiction_changed');
    backTo(res, page);
  });

  router.post('/admin/volunteers/:id/deactivate', requireAdmin, async (req, res) => {
    const page = await loadPage(req, res);
    if (!page) return;
    if (page.isSelf) return renderPage(req, res, page, 422, { errors: { _form: { key: 'admin.errors.own_deactivate' } } });
    await db.withTransaction(async (tx) => {
      if (!(await setAccountActive(tx, page.account.id, false, now()))) return;
      // Signed-in sessions end now, not at their next timeout.
      const sessions = await endSessionsOf(tx, page.account.id);
      await audit(tx, req, 'volunteer_deactivated', page.account.id, { sessionsEnded: sessions });
    });
    flash(req, 'admin.flash.deactivated', { username: page.account.username });
    backTo(res, page);
  });

  router.post('/admin/volunteers/:id/reactivate', requireAdmin, async (req, res) => {
    const page = await loadPage(req, res);
    if (!page) return;
    await db.withTransaction(async (tx) => {
      if (await setAccountActive(tx, page.account.id, true, now())) await audit(tx, req, 'volunteer_reactivated', page.account.id);
    });
    flash(req, 'admin.flash.reactivated', { username: page.account.username });
    backTo(res, page);
  });

  router.post('/admin/volunteers/:id/reset-password', requireAdmin, async (req, res) => {
    const page = await loadPage(req, res);
    if (!page) return;
    // Ending one's own sessions mid-request would sign the admin out; their own password is changed on /account/password.
    if (page.isSelf) return renderPage(req, res, page, 422, { errors: { _form: { key: 'admin.errors.own_password' } } });
    const password = generateTemporaryPassword();
    const hash = await hashPassword(password, config.auth.bcryptCost);
    await db.withTransaction(async (tx) => {
      await setTemporaryPassword(tx, page.account.id, hash, now());
      const sessions = await endSessionsOf(tx, page.account.id);
      // A reset is also how a locked-out volunteer gets back in.
      await clearFailedLogins(tx, page.account.username);
      await audit(tx, req, 'password_reset', page.account.id, { sessionsEnded: sessions });
    });
    req.session.tempPassword = { volunteerId: page.account.id, password };
    flash(req, 'admin.flash.password_reset', { username: page.account.username });
    backTo(res, page);
  });

  return router;
}
