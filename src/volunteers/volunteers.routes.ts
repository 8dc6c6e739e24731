import { Router, type Request, type Response } from 'express';
import { clientIp, recordAudit } from '../audit/audit';
import { flash, requireAdmin } from '../auth/current-volunteer';
import { generateTemporaryPassword, hashPassword } from '../auth/passwords';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { GeoDirectory } from '../geo/geo-directory';
import { formValues, type FieldErrors } from '../web/form-errors';
import { acceptFormPost } from '../web/forms';
import { summariseJurisdictions } from './jurisdiction-view';
import { volunteerAccountRoutes } from './volunteer-account.routes';
import { insertVolunteer, listAccounts, listFlaggedDonors, listFlaggedRequests, listJurisdictionRows, replaceJurisdiction } from './volunteers.queries';
import { jurisdictionFrom, newAccountForm, ROLES, SCOPES, tickedDistricts } from './volunteers.schema';

export interface AdminDeps {
  db: Database;
  config: Config;
  geo: GeoDirectory;
  now: () => Date;
}

export type FormPageValues = Record<string, string | string[]>;

declare module 'express-session' {
  interface SessionData {
    /** A temporary password, kept only until the admin's next view of that account. */
    tempPassword?: { volunteerId: number; password: string };
  }
}

/** The admin home, the account list and account creation; per-account actions are in volunteer-account.routes.ts. */
export function volunteerAdminRoutes(deps: AdminDeps) {
  const { db, config, geo } = deps;
  const router = Router();
  const form = newAccountForm(geo);

  router.get('/admin', requireAdmin, async (_req, res) => {
    const [donors, requests] = await Promise.all([listFlaggedDonors(db), listFlaggedRequests(db)]);
    res.render('admin/home', { donors, requests, districtName: (id: number) => geo.districtName(id) });
  });

  router.get('/admin/volunteers', requireAdmin, async (req, res) => {
    const [accounts, rows] = await Promise.all([listAccounts(db), listJurisdictionRows(db)]);
    res.render('admin/volunteers', { accounts, jurisdictions: summariseJurisdictions(rows, geo, req.lang) });
  });

  function renderNewForm(req: Request, res: Response, status: number, values: FormPageValues, errors: FieldErrors = {}) {
    res.locals.switchPath = '/admin/volunteers/new';
    res.status(status).render('admin/new-volunteer', {
      values,
      errors,
      roles: ROLES,
      scopes: SCOPES,
      states: geo.statesFor(req.lang),
      districts: geo.districtsOf(String(values.state_code ?? '')),
    });
  }

  router.get('/admin/volunteers/new', requireAdmin, (req, res) => {
    const values = { ...formValues({ state_code: req.query.state, role: 'volunteer', scope: 'districts' }, form.order), district_ids: [] };
    renderNewForm(req, res, 200, values);
  });

  router.post('/admin/volunteers/new', requireAdmin, async (req, res) => {
    const render = (status: number, values: Record<string, string>, errors?: FieldErrors) =>
      renderNewForm(req, res, status, { ...values, district_ids: tickedDistricts(req.body) }, errors);
    const data = acceptFormPost(req, res, form, { botRedirect: '/admin/volunteers', render });
    if (!data) return;
    const role = data.role!;
    const jurisdiction = role === 'volunteer' ? jurisdictionFrom(data) : undefined;
    const password = generateTemporaryPassword();
    const passwordHash = await hashPassword(password, config.auth.bcryptCost);
    const created = await db.withTransaction(async (tx) => {
      const account = await insertVolunteer(tx, {
        username: data.username,
        fullName: data.full_name,
        role,
        passwordHash,
        mustChangePassword: true,
        badgeNumber: data.badge_number,
        rank: data.rank,
        policeStation: data.police_station,
        phone: data.phone,
      });
      if (!account) return undefined;
      if (jurisdiction) await replaceJurisdiction(tx, account.id, jurisdiction);
      await recordAudit(tx, {
        actor: req.volunteer,
        action: 'volunteer_created',
        entity: { type: 'volunteer', id: account.id },
        ip: clientIp(req),
        details: { role, ...jurisdiction },
      });
      return account;
    });
    if (!created) return render(422, formValues(req.body, form.order), { username: { key: 'admin.errors.username_taken' } });
    req.log.info({ volunteerId: created.id }, 'volunteer account created');
    req.session.tempPassword = { volunteerId: created.id, password };
    flash(req, 'admin.flash.created', { username: data.username });
    res.redirect(303, `/admin/volunteers/${created.id}`);
  });

  router.use(volunteerAccountRoutes(deps));
  return router;
}
