import { Router, type Request, type Response } from 'express';
import { clientIp, recordAudit } from '../audit/audit';
import { flash } from '../auth/current-volunteer';
import { isUniqueViolation } from '../db/errors';
import { formatIndianMobile } from '../domain/contact';
import { pincodeLocation } from '../geo/pincode-location';
import { formValues, type FieldErrors } from '../web/form-errors';
import { acceptFormPost, parseForm } from '../web/forms';
import type { MeDeps } from './me.routes';
import { signedInRecord, updateContact, updateLocation } from './me.queries';
import { contactForm, LANGUAGE_CHOICES, locationForm } from './me.schema';

// Changing contact details and where the donor lives.

const selfUpdate = (req: Request, details: Record<string, unknown>) =>
  ({ action: 'donor_self_updated', entity: { type: 'donor', id: req.donorId! }, ip: clientIp(req), details }) as const;

export function meDetailsRoutes({ db, geo, now }: MeDeps) {
  const router = Router();
  const location = locationForm(geo);

  function renderContact(res: Response, status: number, values: Record<string, string>, errors: FieldErrors = {}) {
    res.status(status).render('me/contact', { values, errors, languages: LANGUAGE_CHOICES });
  }

  function renderLocation(req: Request, res: Response, status: number, values: Record<string, string>, errors: FieldErrors = {}) {
    res.locals.switchPath = '/me/location';
    res.status(status).render('me/location', { values, errors, states: geo.statesFor(req.lang), districts: geo.districtsOf(values.state_code ?? '') });
  }

  router.get('/me/contact', async (req, res) => {
    const r = await signedInRecord(db, req.donorId!);
    renderContact(res, 200, { phone: formatIndianMobile(r.phone), email: r.email ?? '', preferred_language: r.preferred_language });
  });

  router.post('/me/contact', async (req, res) => {
    const submitted = parseForm(contactForm, req);
    if (!submitted.ok) return renderContact(res, 422, submitted.values, submitted.errors);
    const change = submitted.data;
    let result: Awaited<ReturnType<typeof updateContact>>;
    try {
      result = await db.withTransaction(async (tx) => {
        const outcome = await updateContact(tx, req.donorId!, change, now());
        // Volunteers see in the record's history why a donor came back for verification.
        if (outcome !== 'phone_taken') await recordAudit(tx, selfUpdate(req, { what: 'contact', phoneChanged: outcome === 'phone_changed' }));
        return outcome;
      });
    } catch (err) {
      // Two donors moving to the same number at the same moment: the unique index decides.
      if (!isUniqueViolation(err, 'donors_phone_key')) throw err;
      result = 'phone_taken';
    }
    if (result === 'phone_taken') {
      return renderContact(res, 422, formValues(req.body, contactForm.order), { phone: { key: 'me.errors.phone_taken' } });
    }
    req.log.info({ donorId: req.donorId, phoneChanged: result === 'phone_changed' }, 'donor changed contact details');
    flash(req, result === 'phone_changed' ? 'me.flash.phone_changed' : 'me.flash.contact_updated');
    res.redirect(303, '/me');
  });

  router.get('/me/location', async (req, res) => {
    const r = await signedInRecord(db, req.donorId!);
    const fromQuery = typeof req.query.state === 'string' && geo.hasState(req.query.state) ? req.query.state : undefined;
    const values = fromQuery
      ? { state_code: fromQuery, district_id: '', locality: r.locality, pincode: r.pincode }
      : { state_code: r.state_code, district_id: String(r.district_id), locality: r.locality, pincode: r.pincode };
    renderLocation(req, res, 200, values);
  });

  router.post('/me/location', async (req, res) => {
    const render = (status: number, values: Record<string, string>, errors?: FieldErrors) => renderLocation(req, res, status, values, errors);
    const data = acceptFormPost(req, res, location, { botRedirect: '/me', render });
    if (!data) return;
    // Coordinates from the PIN code, as at registration, so distance ranking follows the move.
    await db.withTransaction(async (tx) => {
      await updateLocation(tx, req.donorId!, { ...data, ...pincodeLocation(data.pincode) }, now());
      await recordAudit(tx, selfUpdate(req, { what: 'location', districtId: data.district_id }));
    });
    flash(req, 'me.flash.location_updated');
    res.redirect(303, '/me');
  });

  return router;
}
