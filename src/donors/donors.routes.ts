import { Router, type Request, type Response } from 'express';
import { campSeatForThanks, campSignupFromForm, campSignupFromLink, campSignupView, NO_CAMP, takeSeat, type CampSignup } from '../camps/camp-signup';
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

  function renderForm(req: Request, res: Response, status: number, values: Record<string, string>, errors: FieldErrors = {}, signup: CampSignup = NO_CAMP) {
    res.locals.switchPath = signup.camp ? `/donors/new?camp=${signup.camp.id}` : '/donors/new';
    res.status(status).render('donors/new', {
      values: { ...values, ...signup.values },
      errors: { ...errors, ...signup.errors },
      // Opened from a camp page: the camp the donor also takes a seat at.
      campSignup: campSignupView(signup, now(), geo, req.lang),
      bloodGroups: BLOOD_GROUPS,
      sexes: SEXES,
      states: geo.statesFor(req.lang),
      districts: geo.districtsOf(values.state_code ?? ''),
      today: todayInIndia(now()),
    });
  }

  router.get('/donors/new', async (req, res) => {
    const values = formValues({ state_code: req.query.state }, form.order);
    renderForm(req, res, 200, values, {}, await campSignupFromLink(db, req.query.camp, now()));
  });

  router.post('/donors', async (req, res) => {
    const signup = await campSignupFromForm(db, req.body);
    const render = (status: number, values: Record<string, string>, errors?: FieldErrors) => renderForm(req, res, status, values, errors, signup);
    const data = acceptFormPost(req, res, form, { botRedirect: '/donors/thanks', render });
    if (!data) return;
    if (Object.keys(signup.errors).length) return render(422, formValues(req.body, form.order));
    const { consent: _consent, ...donor } = data;
    const at = now();
    // The donor and their camp seat are saved together; a camp that filled up or closed meanwhile
    // does not stop the registration (the thanks page says so).
    const created = await db.withTransaction(async (tx) => {
      const row = await insertDonor(tx, { ...donor, ...pincodeLocation(donor.pincode), ...consentRecord(req.lang, at) });
      if (!row) return undefined;
      const seat = signup.camp ? await takeSeat(tx, req, { campId: signup.camp.id, donorId: row.id, requestId: signup.requestId, at }) : undefined;
      return { id: row.id, seat };
    });
    if (!created) {
      // Say only that the number is taken: nothing about the record that holds it.
      renderForm(req, res, 422, formValues(req.body, form.order), { phone: { key: 'errors.phone_registered' } }, signup);
      return;
    }
    req.log.info({ donorId: created.id, campSeat: created.seat }, 'donor registered');
    res.redirect(303, signup.camp && created.seat ? `/donors/thanks?camp=${signup.camp.id}&seat=${created.seat}` : '/donors/thanks');
  });

  router.get('/donors/thanks', async (req, res) => {
    res.render('donors/thanks', { campSeat: await campSeatForThanks(db, req.query) });
  });

  return router;
}
