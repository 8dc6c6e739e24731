import { Router, type Response } from 'express';
import { flash } from '../auth/current-volunteer';
import { COMPONENTS } from '../domain/blood';
import { formatDate, todayInIndia } from '../domain/dates';
import { findRequestIdByReference } from '../camps/registrations.queries';
import { addDeferral, recordDonation } from '../donors/donor-eligibility';
import { formValues, type FieldErrors } from '../web/form-errors';
import { parseForm } from '../web/forms';
import type { MeDeps } from './me.routes';
import { signedInRecord, type MyRecord } from './me.queries';
import { donationForm, healthForm, MAX_SELF_REPORTED_UNITS, selfDeclarableReasons } from './me.schema';

// A donation made elsewhere, and the health questionnaire (self-declared temporary deferrals).
// Both move the donor's next eligible date, through src/donors/donor-eligibility.ts.

export function meHealthRoutes({ db, now }: MeDeps) {
  const router = Router();
  const today = () => todayInIndia(now());

  function renderDonation(res: Response, status: number, values: Record<string, string>, errors: FieldErrors = {}) {
    res.status(status).render('me/donation', { values, errors, components: COMPONENTS, maxUnits: MAX_SELF_REPORTED_UNITS, today: today() });
  }

  function renderHealth(res: Response, status: number, record: MyRecord, values: Record<string, string>, errors: FieldErrors = {}) {
    res.status(status).render('me/health', { values, errors, reasons: selfDeclarableReasons(record.sex), today: today() });
  }

  router.get('/me/donations/new', (_req, res) => {
    renderDonation(res, 200, { donated_on: '', units: '1', component: 'whole_blood', place: '', for_reference: '' });
  });

  router.post('/me/donations', async (req, res) => {
    const record = await signedInRecord(db, req.donorId!);
    const form = donationForm(today, record.date_of_birth);
    const submitted = parseForm(form, req);
    if (!submitted.ok) return renderDonation(res, 422, submitted.values, submitted.errors);
    const d = submitted.data;
    // The request a family member or friend gave for: an unknown reference is a mistake to correct, not to drop.
    const forRequestId = d.for_reference ? await findRequestIdByReference(db, d.for_reference) : undefined;
    if (d.for_reference && !forRequestId) return renderDonation(res, 422, formValues(req.body, form.order), { for_reference: { key: 'attendance.me_for.reference_unknown' } });
    await db.withTransaction((tx) =>
      recordDonation(tx, { donorId: record.id, donatedOn: d.donated_on, units: d.units, component: d.component, place: d.place, source: 'self_reported', forRequestId }),
    );
    flash(req, 'me.flash.donation_recorded', { date: formatDate(d.donated_on) });
    res.redirect(303, '/me');
  });

  router.get('/me/health', async (req, res) => {
    renderHealth(res, 200, await signedInRecord(db, req.donorId!), { reason: '', since: '' });
  });

  router.post('/me/health', async (req, res) => {
    const record = await signedInRecord(db, req.donorId!);
    const submitted = parseForm(healthForm(today, record), req);
    if (!submitted.ok) return renderHealth(res, 422, record, submitted.values, submitted.errors);
    const { reason, since } = submitted.data;
    await db.withTransaction((tx) => addDeferral(tx, { donorId: record.id, reason, since, source: 'self' }));
    flash(req, 'me.flash.health_recorded');
    res.redirect(303, '/me');
  });

  return router;
}
