import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { clientIp, recordAudit } from '../audit/audit';
import { flash, requireVolunteer } from '../auth/current-volunteer';
import type { Database } from '../db/database';
import { BLOOD_GROUPS, COMPONENTS, SEXES, URGENCIES } from '../domain/blood';
import { addDays, todayInIndia } from '../domain/dates';
import { findWalkInCamp, lockWalkInCamp, registerWalkIn } from '../camps/walk-ins';
import type { CampRow } from '../camps/camps.queries';
import { insertDonor } from '../donors/donors.queries';
import { donorForm } from '../donors/donors.schema';
import type { GeoDirectory } from '../geo/geo-directory';
import { pincodeLocation } from '../geo/pincode-location';
import { consentRecord } from '../pages/privacy-notice';
import { notifyVerificationOutcome } from '../notifications/notify';
import { createBloodRequest } from '../requests/requests.queries';
import { MAX_DAYS_AHEAD, requestForm } from '../requests/requests.schema';
import { checkbox, choice, mustTick } from '../web/fields';
import { formValues, type FieldErrors } from '../web/form-errors';
import { acceptFormPost, type FormDefinition, type Parsed, type Shape } from '../web/forms';
import type { Scope } from './queue.queries';
import { inScope, scopedDistricts, scopedStates } from './scope';

// Assisted entry: a volunteer registers a donor or a request for someone who reached the
// campaign by helpline, WhatsApp, Facebook, Twitter, a walk-in or a camp, and may verify it
// in the same step. The district must be within the volunteer's jurisdiction.

export const ASSISTED_CHANNELS = ['helpline', 'whatsapp', 'facebook', 'twitter', 'walk_in', 'camp'] as const;

function assisted<S extends Shape>(base: FormDefinition<S>, scope: Scope) {
  const fields = {
    ...base.fields,
    source_channel: choice(ASSISTED_CHANNELS, 'assisted.choose_channel'),
    consent: mustTick('assisted.consent_required'),
    verified_now: checkbox,
  };
  const form: FormDefinition<typeof fields> = {
    order: ['source_channel', ...base.order.filter((f) => f !== 'consent'), 'consent', 'verified_now'],
    fields,
    check(d, problem) {
      base.check?.(d as Partial<Parsed<S>>, problem);
      if (typeof d.district_id === 'number' && !inScope(scope, d.district_id)) problem('district_id', 'assisted.outside_jurisdiction');
    },
  };
  return form;
}

export function assistedRoutes({ db, geo, now }: { db: Database; geo: GeoDirectory; now: () => Date }) {
  const router = Router();
  const today = () => todayInIndia(now());
  const baseDonorForm = donorForm({ today, geo });
  const baseRequestForm = requestForm({ today, geo });
  // Wrapped per request, so the jurisdiction check sees the signed-in volunteer's districts.
  const donorFormFor = (scope: Scope) => assisted(baseDonorForm, scope);
  const requestFormFor = (scope: Scope) => assisted(baseRequestForm, scope);

  function locals(req: Request, values: Record<string, string>) {
    const scope = req.volunteer!.districtIds;
    return {
      channels: ASSISTED_CHANNELS,
      bloodGroups: BLOOD_GROUPS,
      states: scopedStates(geo, req.lang, scope),
      districts: scopedDistricts(geo, scope, values.state_code ?? ''),
      today: today(),
    };
  }

  function renderDonorForm(req: Request, res: Response, status: number, values: Record<string, string>, errors: FieldErrors = {}, walkInCamp?: CampRow) {
    res.locals.switchPath = '/volunteer/donors/new';
    res.status(status).render('donors/new', { values, errors, sexes: SEXES, walkInCamp, ...locals(req, values) });
  }

  function renderRequestForm(req: Request, res: Response, status: number, values: Record<string, string>, errors: FieldErrors = {}) {
    res.locals.switchPath = '/volunteer/requests/new';
    if (!/^[0-9a-f-]{36}$/.test(values.form_token ?? '')) values.form_token = randomUUID();
    res.status(status).render('requests/new', { values, errors, components: COMPONENTS, urgencies: URGENCIES, latestNeededBy: addDays(today(), MAX_DAYS_AHEAD), ...locals(req, values) });
  }

  router.get('/volunteer/donors/new', requireVolunteer, async (req, res) => {
    // ?camp=12 from a camp's attendance page: a walk-in, who also goes on that camp's list.
    const walkIn = await findWalkInCamp(db, req.query.camp, req.volunteer!.districtIds, today());
    const preset = { state_code: req.query.state ?? walkIn?.state_code, source_channel: walkIn ? 'camp' : undefined };
    renderDonorForm(req, res, 200, formValues(preset, donorFormFor(req.volunteer!.districtIds).order), {}, walkIn);
  });

  router.post('/volunteer/donors', requireVolunteer, async (req, res) => {
    const volunteer = req.volunteer!;
    const form = donorFormFor(volunteer.districtIds);
    const campAsked = typeof req.body?.camp === 'string' && req.body.camp !== '';
    const walkIn = campAsked ? await findWalkInCamp(db, req.body.camp, volunteer.districtIds, today()) : undefined;
    const render = (status: number, values: Record<string, string>, errors?: FieldErrors) => renderDonorForm(req, res, status, values, errors, walkIn);
    const campClosed = () => render(422, formValues(req.body, form.order), { _form: { key: 'attendance.errors.walk_in_closed' } });
    const data = acceptFormPost(req, res, form, { botRedirect: '/volunteer', render });
    if (!data) return;
    if (campAsked && !walkIn) return campClosed();
    const { consent: _c, verified_now, ...donor } = data;
    const at = now();
    const created = await db.withTransaction(async (tx) => {
      if (walkIn && !(await lockWalkInCamp(tx, walkIn.id, volunteer.districtIds, todayInIndia(at)))) return 'camp_closed' as const;
      const row = await insertDonor(tx, {
        ...donor,
        ...pincodeLocation(donor.pincode),
        ...consentRecord(req.lang, at),
        registered_by: volunteer.id,
        verified_by: verified_now ? volunteer.id : undefined,
        verified_at: at,
      });
      if (!row) return undefined;
      const entity = { type: 'donor' as const, id: row.id };
      await recordAudit(tx, { actor: volunteer, action: 'donor_registered', entity, ip: clientIp(req), details: { channel: donor.source_channel } });
      if (verified_now) await recordAudit(tx, { actor: volunteer, action: 'donor_verified', entity, ip: clientIp(req) });
      if (verified_now) await notifyVerificationOutcome(tx, 'donor', row.id, 'verified');
      return { ...row, campPath: walkIn ? await registerWalkIn(tx, req, walkIn.id, row.id, at) : undefined };
    });
    if (created === 'camp_closed') return campClosed();
    if (!created) return render(422, formValues(req.body, form.order), { phone: { key: 'errors.phone_registered' } });
    if (created.campPath) {
      flash(req, 'attendance.flash.walk_in_new', { donor: created.id });
      return res.redirect(303, created.campPath);
    }
    flash(req, verified_now ? 'assisted.donor_added_verified' : 'assisted.donor_added');
    res.redirect(303, `/volunteer/donors/${created.id}`);
  });

  router.get('/volunteer/requests/new', requireVolunteer, (req, res) => {
    renderRequestForm(req, res, 200, formValues({ state_code: req.query.state }, requestFormFor(req.volunteer!.districtIds).order));
  });

  router.post('/volunteer/requests', requireVolunteer, async (req, res) => {
    const volunteer = req.volunteer!;
    const form = requestFormFor(volunteer.districtIds);
    const render = (status: number, values: Record<string, string>, errors?: FieldErrors) => renderRequestForm(req, res, status, values, errors);
    const data = acceptFormPost(req, res, form, { botRedirect: '/volunteer', render });
    if (!data) return;
    const { consent: _c, verified_now, ...request } = data;
    const at = now();
    const { id, reference } = await db.withTransaction(async (tx) => {
      const result = await createBloodRequest(tx, {
        ...request,
        ...pincodeLocation(request.pincode),
        ...consentRecord(req.lang, at),
        registered_by: volunteer.id,
        verified_by: verified_now ? volunteer.id : undefined,
        verified_at: at,
      });
      if (result.created) {
        const entity = { type: 'blood_request' as const, id: result.id };
        await recordAudit(tx, { actor: volunteer, action: 'request_registered', entity, ip: clientIp(req), details: { channel: request.source_channel } });
        if (verified_now) await recordAudit(tx, { actor: volunteer, action: 'request_verified', entity, ip: clientIp(req) });
        if (verified_now) await notifyVerificationOutcome(tx, 'request', result.id, 'verified');
      }
      return result;
    });
    flash(req, verified_now ? 'assisted.request_added_verified' : 'assisted.request_added', { reference });
    res.redirect(303, `/volunteer/requests/${id}`);
  });

  return router;
}
