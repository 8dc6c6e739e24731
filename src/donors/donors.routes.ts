import { Router, type Request, type Response } from 'express';
import type { Database } from '../db/database';
import { BLOOD_GROUPS, SEXES } from '../domain/blood';
import { todayInIndia } from '../domain/dates';
import type { GeoDirectory } from '../geo/geo-directory';
import { pincodeLocation } from '../geo/pincode-location';
import { PRIVACY_NOTICE_VERSION } from '../pages/privacy-notice';
import { formValues, type FieldErrors } from '../web/form-errors';
import { isBot, parseForm } from '../web/forms';
import { insertDonor } from './donors.queries';
import { donorForm } from './donors.schema';

interface Deps {
  db: Database;
  geo: GeoDirectory;
  now: () => Date;
}

export function donorRoutes({ db, geo, now }: Deps) {
  const router = Router();
  const form = donorForm({ today: () => todayInIndia(now()), geo });

  function renderForm(req: Request, res: Response, status: number, values: Record<string, string>, errors: FieldErrors = {}) {
    res.locals.switchPath = '/donors/new';
    res.status(status).render('donors/new', {
      values,
      errors,
      bloodGroups: BLOOD_GROUPS,
      sexes: SEXES,
      states: geo.statesFor(req.lang),
      districts: geo.districtsOf(values.state_code ?? ''),
      today: todayInIndia(now()),
    });
  }

  router.get('/donors/new', (req, res) => {
    const values = formValues({ state_code: req.query.state }, form.order);
    renderForm(req, res, 200, values);
  });

  router.post('/donors', async (req, res) => {
    if (isBot(req)) {
      req.log.info('donor form honeypot filled; submission discarded');
      res.redirect(303, '/donors/thanks');
      return;
    }
    // "Show districts" without JavaScript: the same form again, with the state's districts.
    if (req.body?.action === 'choose_state') {
      renderForm(req, res, 200, formValues(req.body, form.order));
      return;
    }
    const submitted = parseForm(form, req);
    if (!submitted.ok) {
      renderForm(req, res, 422, submitted.values, submitted.errors);
      return;
    }
    const { consent: _consent, ...donor } = submitted.data;
    const location = pincodeLocation(donor.pincode);
    const created = await insertDonor(db, {
      ...donor,
      latitude: location?.latitude,
      longitude: location?.longitude,
      preferred_language: req.lang,
      consent_notice_version: PRIVACY_NOTICE_VERSION,
      consent_given_at: now(),
    });
    if (!created) {
      // Say only that the number is taken: nothing about the record that holds it.
      renderForm(req, res, 422, formValues(req.body, form.order), { phone: { key: 'errors.phone_registered' } });
      return;
    }
    req.log.info({ donorId: created.id }, 'donor registered');
    res.redirect(303, '/donors/thanks');
  });

  router.get('/donors/thanks', (_req, res) => {
    res.render('donors/thanks');
  });

  return router;
}
