import { Router, type Request, type Response } from 'express';
import { clientIp, recordAudit, type AuditAction } from '../audit/audit';
import { flash, requireVolunteer } from '../auth/current-volunteer';
import type { Database, Sql } from '../db/database';
import { todayInIndia } from '../domain/dates';
import type { GeoDirectory } from '../geo/geo-directory';
import { pincodeLocation } from '../geo/pincode-location';
import { findOrganisationInScope, listActiveOrganisations } from '../organisations/organisations.queries';
import { queryText, readPlaceFilters } from '../organisations/organisations.schema';
import { pageLinks, pageNumber } from '../web/paging';
import { scopedDistricts, scopedStates } from '../verification/scope';
import { sendErrorPage } from '../web/error-pages';
import { formValues, type FieldErrors } from '../web/form-errors';
import { acceptFormPost, parseForm } from '../web/forms';
import { CAMP_STATUSES, REGISTRATION_STATUSES } from './camp-vocabulary';
import {
  cancelCamp, findCampInScope, insertCamp, listCampsInScope, lockCampInScope, registrationCounts, updateCamp,
  type CampInput, type CampRow,
} from './camps.queries';
import { campForm, campStatusFilter, cancelForm, editProblems } from './camps.schema';
import { cancelPendingCampMessages, refreshCampReminders } from './registrations.queries';

// Camps for volunteers (their districts) and admins (everywhere): list, create, edit, cancel.
// A camp outside the volunteer's districts answers 404. Holding a camp and recording attendance
// belong to the attendance pages, linked from views/camps-admin/_camp-links.ejs.

const PAGE_SIZE = 50;
const EDITABLE = ['title', 'organisation_id', 'blood_bank', 'venue', 'state_code', 'district_id', 'pincode', 'camp_date', 'starts_at', 'ends_at', 'capacity', 'notes'] as const;
/** What the registered donors' reminders say or when they go (registrations.queries.ts, campMessagePayload). */
const IN_REMINDERS: readonly string[] = ['title', 'venue', 'camp_date', 'starts_at'];

/** The fields an edit changes, by name (the audit log keeps names, not values). */
function changedFields(row: CampRow, next: CampInput): string[] {
  return EDITABLE.filter((f) => (row[f] ?? undefined) !== (next[f] ?? undefined));
}

export function campAdminRoutes({ db, geo, now }: { db: Database; geo: GeoDirectory; now: () => Date }) {
  const router = Router();
  const today = () => todayInIndia(now());
  const audit = (tx: Sql, req: Request, action: AuditAction, id: number, details: Record<string, unknown>) =>
    recordAudit(tx, { actor: req.volunteer, action, entity: { type: 'camp', id }, ip: clientIp(req), details });

  async function loadInScope(req: Request, res: Response): Promise<CampRow | undefined> {
    const raw = String(req.params.id);
    const camp = /^\d{1,9}$/.test(raw) ? await findCampInScope(db, Number(raw), req.volunteer!.districtIds) : undefined;
    if (!camp) sendErrorPage(res, 404);
    return camp;
  }

  /** The form for this request: the organisation chosen in the body is looked up (in scope) first. */
  async function formFor(req: Request, current?: CampRow) {
    const scope = req.volunteer!.districtIds;
    const raw: unknown = req.body?.organisation_id;
    const organisation = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? await findOrganisationInScope(db, Number(raw), scope) : undefined;
    return campForm(geo, scope, { today, current, organisation });
  }

  /** The organisations a camp form offers: active ones of the chosen state in scope, and the camp's own. */
  async function organisationChoices(req: Request, stateCode: unknown, camp?: CampRow) {
    const found = await listActiveOrganisations(db, req.volunteer!.districtIds, typeof stateCode === 'string' && stateCode ? stateCode : undefined);
    // An edited camp keeps showing its organisation even after that was deactivated.
    if (camp && !found.some((o) => o.id === camp.organisation_id)) {
      found.unshift({ id: camp.organisation_id, name: camp.organisation_name, district_id: camp.organisation_district_id });
    }
    return found.map((o) => ({ value: o.id, label: `${o.name} (${geo.districtName(o.district_id)})` }));
  }

  type Choices = Awaited<ReturnType<typeof organisationChoices>>;

  function renderForm(req: Request, res: Response, page: { organisations: Choices; camp?: CampRow }, status: number, values: Record<string, string>, errors: FieldErrors = {}) {
    const scope = req.volunteer!.districtIds;
    res.locals.switchPath = page.camp ? `/volunteer/camps/${page.camp.id}/edit` : '/volunteer/camps/new';
    res.status(status).render('camps-admin/form', {
      camp: page.camp,
      organisations: page.organisations,
      values,
      errors,
      today: today(),
      states: scopedStates(geo, req.lang, scope),
      districts: scopedDistricts(geo, scope, values.state_code ?? ''),
    });
  }

  async function renderCamp(req: Request, res: Response, camp: CampRow, status = 200, form: { values?: Record<string, string>; errors?: FieldErrors } = {}) {
    res.locals.switchPath = `/volunteer/camps/${camp.id}`;
    res.status(status).render('camps-admin/camp', {
      camp,
      counts: await registrationCounts(db, camp.id),
      registrationStatuses: REGISTRATION_STATUSES,
      place: `${geo.districtName(camp.district_id)}, ${geo.stateName(camp.state_code, req.lang)}`,
      values: form.values ?? { cancelled_reason: '' },
      errors: form.errors ?? {},
    });
  }

  router.get('/volunteer/camps', requireVolunteer, async (req, res) => {
    const scope = req.volunteer!.districtIds;
    const { stateCode, districtId, errors } = readPlaceFilters(req.query, geo, scope);
    const statusText = queryText(req.query, 'status');
    const status = campStatusFilter(statusText);
    if (statusText && !status) errors.status = { key: 'queue.bad_filter' };
    const page = pageNumber(req.query.page);
    const rows = await listCampsInScope(db, scope, { status, stateCode, districtId, today: today(), limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE });
    const values = { state: stateCode ?? '', district: districtId ? String(districtId) : '', status: status ?? '' };
    res.status(Object.keys(errors).length ? 422 : 200).render('camps-admin/list', {
      camps: rows.slice(0, PAGE_SIZE),
      values,
      errors,
      statuses: CAMP_STATUSES,
      states: scopedStates(geo, req.lang, scope),
      districts: scopedDistricts(geo, scope, values.state),
      districtName: (id: number) => geo.districtName(id),
      ...pageLinks('/volunteer/camps', values, page, rows.length > PAGE_SIZE),
    });
  });

  router.get('/volunteer/camps/new', requireVolunteer, async (req, res) => {
    const states = scopedStates(geo, req.lang, req.volunteer!.districtIds);
    // A volunteer of one state need not choose it.
    const state = typeof req.query.state === 'string' ? req.query.state : states.length === 1 ? states[0]!.code : '';
    const organisations = await organisationChoices(req, state);
    renderForm(req, res, { organisations }, 200, formValues({ state_code: state }, (await formFor(req)).order));
  });

  router.post('/volunteer/camps/new', requireVolunteer, async (req, res) => {
    const volunteer = req.volunteer!;
    const form = await formFor(req);
    const page = { organisations: await organisationChoices(req, req.body?.state_code) };
    const render = (status: number, values: Record<string, string>, errors?: FieldErrors) => renderForm(req, res, page, status, values, errors);
    const data = acceptFormPost(req, res, form, { botRedirect: '/volunteer/camps', render });
    if (!data) return;
    const input: CampInput = { ...data, ...pincodeLocation(data.pincode) };
    const created = await db.withTransaction(async (tx) => {
      const row = await insertCamp(tx, volunteer.districtIds, input, volunteer.id);
      if (row) await audit(tx, req, 'camp_created', row.id, { organisation_id: input.organisation_id, district_id: input.district_id });
      return row;
    });
    // The organisation was deactivated or moved between the check and the insert.
    if (!created) return render(422, formValues(req.body, form.order), { organisation_id: { key: 'camp_admin.errors.choose_organisation' } });
    flash(req, 'camp_admin.flash.camp_created', { title: input.title });
    res.redirect(303, `/volunteer/camps/${created.id}`);
  });

  router.get('/volunteer/camps/:id', requireVolunteer, async (req, res) => {
    const camp = await loadInScope(req, res);
    if (camp) await renderCamp(req, res, camp);
  });

  router.get('/volunteer/camps/:id/edit', requireVolunteer, async (req, res) => {
    const camp = await loadInScope(req, res);
    if (!camp) return;
    const stored = Object.fromEntries(EDITABLE.map((f) => [f, camp[f] === null ? '' : String(camp[f])]));
    renderForm(req, res, { camp, organisations: await organisationChoices(req, camp.state_code, camp) }, 200, stored);
  });

  router.post('/volunteer/camps/:id/edit', requireVolunteer, async (req, res) => {
    const camp = await loadInScope(req, res);
    if (!camp) return;
    const volunteer = req.volunteer!;
    const form = await formFor(req, camp);
    const page = { camp, organisations: await organisationChoices(req, req.body?.state_code, camp) };
    const render = (status: number, values: Record<string, string>, errors?: FieldErrors) => renderForm(req, res, page, status, values, errors);
    const data = acceptFormPost(req, res, form, { botRedirect: `/volunteer/camps/${camp.id}`, render });
    if (!data) return;
    const input: CampInput = { ...data, ...pincodeLocation(data.pincode) };
    const outcome = await db.withTransaction(async (tx): Promise<{ errors?: FieldErrors; missing?: true }> => {
      // Judged again on the locked row: a registration or attendance may have come in since the page was read.
      const locked = await lockCampInScope(tx, camp.id, volunteer.districtIds);
      if (!locked) return { missing: true };
      const errors = editProblems(locked, input, today());
      if (Object.keys(errors).length) return { errors };
      if (!(await updateCamp(tx, camp.id, volunteer.districtIds, input, volunteer.id))) {
        return { errors: { organisation_id: { key: 'camp_admin.errors.choose_organisation' } } };
      }
      const changed = changedFields(locked, input);
      if (changed.some((f) => IN_REMINDERS.includes(f))) await refreshCampReminders(tx, camp.id, now());
      if (changed.length) await audit(tx, req, 'camp_updated', camp.id, { changed });
      return {};
    });
    if (outcome.missing) return sendErrorPage(res, 404);
    if (outcome.errors) return render(422, formValues(req.body, form.order), outcome.errors);
    flash(req, 'camp_admin.flash.camp_saved', { title: input.title });
    res.redirect(303, `/volunteer/camps/${camp.id}`);
  });

  router.post('/volunteer/camps/:id/cancel', requireVolunteer, async (req, res) => {
    const camp = await loadInScope(req, res);
    if (!camp) return;
    const volunteer = req.volunteer!;
    const submitted = parseForm(cancelForm, req);
    if (!submitted.ok) return renderCamp(req, res, camp, 422, submitted);
    const cancelled = await db.withTransaction(async (tx) => {
      const row = await cancelCamp(tx, camp.id, volunteer.districtIds, submitted.data.cancelled_reason, volunteer.id);
      if (!row) return undefined;
      // Confirmations and reminders not sent yet would send donors to a camp that will not happen.
      const messagesCancelled = await cancelPendingCampMessages(tx, camp.id, now());
      // The reason is free text and may name people: the audit keeps only counts.
      await audit(tx, req, 'camp_cancelled', camp.id, { registered_count: row.registered_count, messages_cancelled: messagesCancelled });
      return row;
    });
    if (cancelled) flash(req, 'camp_admin.flash.camp_cancelled', { title: camp.title });
    else {
      // Someone else held or cancelled it since the page was read: say which.
      const latest = await findCampInScope(db, camp.id, volunteer.districtIds);
      flash(req, latest?.status === 'held' ? 'camp_admin.flash.held_not_cancelled' : 'camp_admin.flash.already_cancelled');
    }
    res.redirect(303, `/volunteer/camps/${camp.id}`);
  });

  return router;
}
