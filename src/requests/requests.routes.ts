import { randomUUID } from 'node:crypto';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { countFamilyDonations } from '../camps/attendance.queries';
import type { Database } from '../db/database';
import { BLOOD_GROUPS, COMPONENTS, URGENCIES } from '../domain/blood';
import { addDays, todayInIndia } from '../domain/dates';
import { normaliseReference } from '../domain/reference';
import type { GeoDirectory } from '../geo/geo-directory';
import { pincodeLocation } from '../geo/pincode-location';
import { consentRecord } from '../pages/privacy-notice';
import { formValues, type FieldErrors } from '../web/form-errors';
import { acceptFormPost, parseForm } from '../web/forms';
import { createBloodRequest, findRequestByReference, findRequestForTracking, listRequestEvents } from './requests.queries';
import { MAX_DAYS_AHEAD, requestForm, trackForm } from './requests.schema';
import { allowRequestInSession, isRequestAllowedInSession } from './tracking-session';

interface Deps {
  db: Database;
  geo: GeoDirectory;
  now: () => Date;
  trackingLimit: RequestHandler;
}

export function requestRoutes({ db, geo, now, trackingLimit }: Deps) {
  const router = Router();
  const form = requestForm({ today: () => todayInIndia(now()), geo });

  function renderForm(req: Request, res: Response, status: number, values: Record<string, string>, errors: FieldErrors = {}) {
    const today = todayInIndia(now());
    res.locals.switchPath = '/requests/new';
    // A form token the server did not issue (or none) gets a fresh one.
    if (!/^[0-9a-f-]{36}$/.test(values.form_token ?? '')) values.form_token = randomUUID();
    res.status(status).render('requests/new', {
      values,
      errors,
      bloodGroups: BLOOD_GROUPS,
      components: COMPONENTS,
      urgencies: URGENCIES,
      states: geo.statesFor(req.lang),
      districts: geo.districtsOf(values.state_code ?? ''),
      today,
      latestNeededBy: addDays(today, MAX_DAYS_AHEAD),
    });
  }

  router.get('/requests/new', (req, res) => {
    renderForm(req, res, 200, formValues({ state_code: req.query.state }, form.order));
  });

  router.post('/requests', async (req, res) => {
    const render = (status: number, values: Record<string, string>, errors?: FieldErrors) => renderForm(req, res, status, values, errors);
    const data = acceptFormPost(req, res, form, { botRedirect: '/requests/new', render });
    if (!data) return;
    const { consent: _consent, ...request } = data;
    const { reference, created } = await db.withTransaction((tx) =>
      createBloodRequest(tx, { ...request, ...pincodeLocation(request.pincode), ...consentRecord(req.lang, now()) }),
    );
    req.log.info({ reference, created }, created ? 'blood request created' : 'blood request form submitted again');
    await allowRequestInSession(req, reference);
    res.redirect(303, `/requests/${reference}/submitted`);
  });

  router.get('/requests/:reference/submitted', (req, res, next) => {
    const reference = normaliseReference(req.params.reference);
    if (!reference || !isRequestAllowedInSession(req, reference)) return next();
    res.render('requests/submitted', { reference });
  });

  router.get('/requests/track', (req, res) => {
    const reference = typeof req.query.ref === 'string' ? (normaliseReference(req.query.ref) ?? '') : '';
    res.render('requests/track', { values: { reference, contact_phone: '' }, errors: {} });
  });

  router.post('/requests/track', trackingLimit, async (req, res) => {
    res.locals.switchPath = '/requests/track';
    const submitted = parseForm(trackForm, req);
    if (!submitted.ok) {
      res.status(422).render('requests/track', { values: submitted.values, errors: submitted.errors });
      return;
    }
    const found = await findRequestForTracking(db, submitted.data.reference, submitted.data.contact_phone);
    if (!found) {
      const values = formValues(req.body, trackForm.order);
      res.status(422).render('requests/track', { values, errors: { _form: { key: 'errors.not_found_request' } } });
      return;
    }
    await allowRequestInSession(req, found.reference);
    res.redirect(303, `/requests/track/${found.reference}`);
  });

  router.get('/requests/track/:reference', async (req, res) => {
    const reference = normaliseReference(req.params.reference);
    if (!reference || !isRequestAllowedInSession(req, reference)) {
      // Proving the phone number comes first; the form is prefilled with the reference.
      res.redirect(303, `/requests/track${reference ? `?ref=${reference}` : ''}`);
      return;
    }
    const request = await findRequestByReference(db, reference);
    if (!request) {
      res.redirect(303, '/requests/track');
      return;
    }
    const [events, family] = await Promise.all([listRequestEvents(db, request.id), countFamilyDonations(db, request.id)]);
    res.render('requests/status', { request, events, family });
  });

  return router;
}
