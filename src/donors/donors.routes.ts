import { Router, type Request, type Response } from 'express';
import type { Database } from '../db/database';
import { BLOOD_GROUPS, SEXES } from '../domain/blood';
import { todayInIndia } from '../domain/dates';
import type { GeoDirectory } from '../geo/geo-directory';
import { pincodeLocation } from '../geo/pincode-location';
import { consentRecord } from '../pages/privacy-notice';
import { formValues, type FieldErrors } from '../web/form-errors';
import { acceptFormPost } from '../web/forms';
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
    const render = (status: number, values: Record<string, string>, errors?: FieldErrors) => renderForm(req, res, status, values, errors);
    const data = acceptFormPost(req, res, form, { botRedirect: '/donors/thanks', render });
    if (!data) return;
    const { consent: _consent, ...donor } = data;
    const created = await insertDonor(db, { ...donor, ...pincodeLocation(donor.pincode), ...consentRecord(req.lang, now()) });
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
