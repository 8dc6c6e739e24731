import { Router, type Request, type Response } from 'express';
import { clientIp, recordAudit } from '../audit/audit';
import { flash, requireVolunteer } from '../auth/current-volunteer';
import { ORGANISATION_KINDS } from '../camps/camp-vocabulary';
import type { Database } from '../db/database';
import { isUniqueViolation } from '../db/errors';
import { formatIndianMobile } from '../domain/contact';
import type { GeoDirectory } from '../geo/geo-directory';
import { scopedDistricts, scopedStates } from '../verification/scope';
import { sendErrorPage } from '../web/error-pages';
import { formValues, type FieldErrors } from '../web/form-errors';
import { acceptFormPost } from '../web/forms';
import {
  DUPLICATE_NAME_INDEX, findOrganisationInScope, insertOrganisation, listOrganisationsInScope, setOrganisationActive, updateOrganisation,
  type OrganisationInput, type OrganisationRow,
} from './organisations.queries';
import { pageLinks, pageNumber } from '../web/paging';
import { ACTIVITY_FILTERS, organisationForm, queryText, readPlaceFilters } from './organisations.schema';

// Partner organisations for volunteers (their districts) and admins (everywhere). An organisation
// outside the volunteer's districts answers 404; every change is audited in its transaction.

const PAGE_SIZE = 50;

/** The form's fields that changed, by name (the audit log keeps names, not values). */
function changedFields(row: OrganisationRow, next: OrganisationInput): string[] {
  return (['name', 'kind', 'contact_name', 'contact_phone', 'state_code', 'district_id'] as const).filter((f) => (row[f] ?? undefined) !== (next[f] ?? undefined));
}

export function organisationRoutes({ db, geo }: { db: Database; geo: GeoDirectory }) {
  const router = Router();
  const formFor = (req: Request) => organisationForm(geo, req.volunteer!.districtIds);
  const audit = (req: Request, id: number, action: 'organisation_created' | 'organisation_updated', details: Record<string, unknown>) =>
    ({ actor: req.volunteer, action, entity: { type: 'organisation' as const, id }, ip: clientIp(req), details });

  function formLocals(req: Request, values: Record<string, string>) {
    const scope = req.volunteer!.districtIds;
    return { kinds: ORGANISATION_KINDS, states: scopedStates(geo, req.lang, scope), districts: scopedDistricts(geo, scope, values.state_code ?? '') };
  }

  async function loadInScope(req: Request, res: Response): Promise<OrganisationRow | undefined> {
    const raw = String(req.params.id);
    const org = /^\d{1,9}$/.test(raw) ? await findOrganisationInScope(db, Number(raw), req.volunteer!.districtIds) : undefined;
    if (!org) sendErrorPage(res, 404);
    return org;
  }

  function renderOrganisation(req: Request, res: Response, org: OrganisationRow, status = 200, form?: { values: Record<string, string>; errors: FieldErrors }) {
    const stored = {
      name: org.name,
      kind: org.kind,
      state_code: org.state_code,
      district_id: String(org.district_id),
      contact_name: org.contact_name ?? '',
      contact_phone: org.contact_phone ? formatIndianMobile(org.contact_phone) : '',
    };
    const values = form?.values ?? stored;
    res.locals.switchPath = `/volunteer/organisations/${org.id}`;
    res.status(status).render('organisations/organisation', {
      org,
      values,
      errors: form?.errors ?? {},
      place: `${geo.districtName(org.district_id)}, ${geo.stateName(org.state_code, req.lang)}`,
      contactPhone: stored.contact_phone,
      ...formLocals(req, values),
    });
  }

  router.get('/volunteer/organisations', requireVolunteer, async (req, res) => {
    const scope = req.volunteer!.districtIds;
    const { stateCode, districtId, errors } = readPlaceFilters(req.query, geo, scope);
    const status = queryText(req.query, 'status');
    const active = status === 'active' ? true : status === 'inactive' ? false : undefined;
    if (status && active === undefined) errors.status = { key: 'queue.bad_filter' };
    const page = pageNumber(req.query.page);
    const rows = await listOrganisationsInScope(db, scope, { stateCode, districtId, active, limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE });
    const values = { state: stateCode ?? '', district: districtId ? String(districtId) : '', status: active === undefined ? '' : status! };
    res.status(Object.keys(errors).length ? 422 : 200).render('organisations/list', {
      organisations: rows.slice(0, PAGE_SIZE),
      values,
      errors,
      activityFilters: ACTIVITY_FILTERS,
      states: scopedStates(geo, req.lang, scope),
      districts: scopedDistricts(geo, scope, values.state),
      districtName: (id: number) => geo.districtName(id),
      ...pageLinks('/volunteer/organisations', values, page, rows.length > PAGE_SIZE),
    });
  });

  function renderNew(req: Request, res: Response, status: number, values: Record<string, string>, errors: FieldErrors = {}) {
    res.locals.switchPath = '/volunteer/organisations/new';
    res.status(status).render('organisations/new', { values, errors, ...formLocals(req, values) });
  }

  router.get('/volunteer/organisations/new', requireVolunteer, (req, res) => {
    const states = scopedStates(geo, req.lang, req.volunteer!.districtIds);
    // A volunteer of one state need not choose it.
    const state = typeof req.query.state === 'string' ? req.query.state : states.length === 1 ? states[0]!.code : '';
    renderNew(req, res, 200, formValues({ state_code: state }, formFor(req).order));
  });

  router.post('/volunteer/organisations/new', requireVolunteer, async (req, res) => {
    const volunteer = req.volunteer!;
    const form = formFor(req);
    const render = (status: number, values: Record<string, string>, errors?: FieldErrors) => renderNew(req, res, status, values, errors);
    const data = acceptFormPost(req, res, form, { botRedirect: '/volunteer/organisations', render });
    if (!data) return;
    let created: { id: number } | undefined;
    try {
      created = await db.withTransaction(async (tx) => {
        const row = await insertOrganisation(tx, volunteer.districtIds, data, volunteer.id);
        if (row) await recordAudit(tx, audit(req, row.id, 'organisation_created', { kind: data.kind, district_id: data.district_id }));
        return row;
      });
    } catch (err) {
      if (!isUniqueViolation(err, DUPLICATE_NAME_INDEX)) throw err;
      return render(422, formValues(req.body, form.order), { name: { key: 'camp_admin.errors.duplicate_organisation' } });
    }
    if (!created) return render(422, formValues(req.body, form.order), { district_id: { key: 'camp_admin.errors.outside_jurisdiction' } });
    flash(req, 'camp_admin.flash.organisation_created', { name: data.name });
    res.redirect(303, `/volunteer/organisations/${created.id}`);
  });

  router.get('/volunteer/organisations/:id', requireVolunteer, async (req, res) => {
    const org = await loadInScope(req, res);
    if (org) renderOrganisation(req, res, org);
  });

  router.post('/volunteer/organisations/:id', requireVolunteer, async (req, res) => {
    const org = await loadInScope(req, res);
    if (!org) return;
    const volunteer = req.volunteer!;
    const form = formFor(req);
    const render = (status: number, values: Record<string, string>, errors: FieldErrors = {}) => renderOrganisation(req, res, org, status, { values, errors });
    const data = acceptFormPost(req, res, form, { botRedirect: `/volunteer/organisations/${org.id}`, render });
    if (!data) return;
    const changed = changedFields(org, data);
    let saved: boolean;
    try {
      saved = await db.withTransaction(async (tx) => {
        const ok = await updateOrganisation(tx, org.id, volunteer.districtIds, data);
        if (ok && changed.length) await recordAudit(tx, audit(req, org.id, 'organisation_updated', { changed, district_id: data.district_id }));
        return ok;
      });
    } catch (err) {
      if (!isUniqueViolation(err, DUPLICATE_NAME_INDEX)) throw err;
      return render(422, formValues(req.body, form.order), { name: { key: 'camp_admin.errors.duplicate_organisation' } });
    }
    if (!saved) return sendErrorPage(res, 404);
    flash(req, 'camp_admin.flash.organisation_saved', { name: data.name });
    res.redirect(303, `/volunteer/organisations/${org.id}`);
  });

  for (const [path, active] of [['deactivate', false], ['reactivate', true]] as const) {
    router.post(`/volunteer/organisations/:id/${path}`, requireVolunteer, async (req, res) => {
      const org = await loadInScope(req, res);
      if (!org) return;
      await db.withTransaction(async (tx) => {
        // Pressing the button twice (or two people at once) changes and records it once.
        if (await setOrganisationActive(tx, org.id, req.volunteer!.districtIds, active)) {
          await recordAudit(tx, audit(req, org.id, 'organisation_updated', { is_active: active }));
        }
      });
      flash(req, active ? 'camp_admin.flash.organisation_reactivated' : 'camp_admin.flash.organisation_deactivated', { name: org.name });
      res.redirect(303, `/volunteer/organisations/${org.id}`);
    });
  }

  return router;
}
