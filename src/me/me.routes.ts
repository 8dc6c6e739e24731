import { Router, type Request, type RequestHandler, type Response } from 'express';
import { flash } from '../auth/current-volunteer';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { formatIndianMobile } from '../domain/contact';
import { addDays, formatDate, todayInIndia } from '../domain/dates';
import { loadDonorEligibility } from '../donors/donor-eligibility';
import type { GeoDirectory } from '../geo/geo-directory';
import type { FieldErrors } from '../web/form-errors';
import { parseForm } from '../web/forms';
import { loadCurrentDonor, requireDonor } from './current-donor';
import { meDataRoutes } from './me-data.routes';
import { meDetailsRoutes } from './me-details.routes';
import { meHealthRoutes } from './me-health.routes';
import { meLoginRoutes } from './login.routes';
import { findMyRecord, myDonations, setPaused, setReminderOptIn } from './me.queries';
import { pauseForm, reminderForm } from './me.schema';

export interface MeDeps {
  db: Database;
  config: Config;
  geo: GeoDirectory;
  now: () => Date;
  codeLimit: RequestHandler;
}

interface DashboardForms {
  pause?: { values: Record<string, string>; errors: FieldErrors };
  reminder?: { errors: FieldErrors };
}

/** Donor self-service under /me: sign-in, their record, changes, data download and erasure. */
export function meRoutes(deps: MeDeps) {
  const { db, geo, now } = deps;
  const router = Router();
  const today = () => todayInIndia(now());
  const pause = pauseForm(today);

  router.use('/me', loadCurrentDonor(deps));
  router.use(meLoginRoutes(deps));
  router.use(meDataRoutes(deps)); // the goodbye page after erasure is public
  // Everything else under /me is for a signed-in donor.
  router.use('/me', requireDonor);
  router.use(meDetailsRoutes(deps));
  router.use(meHealthRoutes(deps));

  async function renderDashboard(req: Request, res: Response, status: number, forms: DashboardForms = {}) {
    const donorId = req.donorId!;
    const [record, donations, eligibility] = await Promise.all([findMyRecord(db, donorId), myDonations(db, donorId), loadDonorEligibility(db, donorId, today())]);
    if (!record) return res.redirect(303, '/me/login');
    const day = today();
    res.status(status).render('me/home', {
      record,
      donations,
      eligibility,
      pausedNow: record.paused && (!record.paused_until || record.paused_until >= day),
      districtName: geo.districtName(record.district_id),
      stateName: geo.stateName(record.state_code, req.lang),
      tomorrow: addDays(day, 1),
      phoneShown: formatIndianMobile(record.phone),
      values: forms.pause?.values ?? { paused_until: record.paused && record.paused_until ? record.paused_until : '' },
      errors: { ...forms.pause?.errors, ...forms.reminder?.errors },
    });
  }

  router.get('/me', async (req, res) => {
    await renderDashboard(req, res, 200);
  });

  router.post('/me/pause', async (req, res) => {
    const submitted = parseForm(pause, req);
    if (!submitted.ok) return renderDashboard(req, res, 422, { pause: submitted });
    const until = submitted.data.paused_until ?? null;
    await db.withTransaction((tx) => setPaused(tx, req.donorId!, { paused: true, until }, now()));
    flash(req, until ? 'me.flash.paused_until' : 'me.flash.paused', until ? { date: formatDate(until) } : undefined);
    res.redirect(303, '/me');
  });

  router.post('/me/resume', async (req, res) => {
    await db.withTransaction((tx) => setPaused(tx, req.donorId!, { paused: false, until: null }, now()));
    flash(req, 'me.flash.resumed');
    res.redirect(303, '/me');
  });

  router.post('/me/reminders', async (req, res) => {
    const submitted = parseForm(reminderForm, req);
    if (!submitted.ok) return renderDashboard(req, res, 422, { reminder: submitted });
    const optIn = submitted.data.reminder_opt_in === 'yes';
    await db.withTransaction((tx) => setReminderOptIn(tx, req.donorId!, optIn, now()));
    flash(req, optIn ? 'me.flash.reminders_on' : 'me.flash.reminders_off');
    res.redirect(303, '/me');
  });

  return router;
}
