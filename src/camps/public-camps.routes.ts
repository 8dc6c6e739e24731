import { Router, type Request, type Response } from 'express';
import { clientIp, recordAudit } from '../audit/audit';
import { flash } from '../auth/current-volunteer';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { parseDate, todayInIndia } from '../domain/dates';
import type { GeoDirectory } from '../geo/geo-directory';
import { loadCurrentDonor } from '../me/current-donor';
import { sendErrorPage } from '../web/error-pages';
import type { FieldErrors } from '../web/form-errors';
import { calendarFile } from './calendar';
import { parseCampId, readForRequest, takeSeat } from './camp-signup';
import { campIsUpcoming, indiaInstant, registrationOpen } from './camp-times';
import { findPublicCamp, heldCamps, upcomingCamps, type CampFilters, type PastCursor, type PublicCamp } from './public-camps.queries';
import { cancelRegistration, donorStanding, findRegistration, type DonorRegistration } from './registrations.queries';

// The public camp pages: the list, one camp, its calendar file, and a donor's seat.

interface Deps {
  db: Database;
  config: Config;
  geo: GeoDirectory;
  now: () => Date;
}

const UPCOMING_LIMIT = 100;
const HELD_PAGE_SIZE = 10;

/** Filters come from selects; a value that is not one of the options is reported, then ignored. */
function readFilters(query: Record<string, unknown>, geo: GeoDirectory) {
  const errors: FieldErrors = {};
  const filters: CampFilters = {};
  const text = (name: string) => (typeof query[name] === 'string' && query[name] !== '' ? (query[name] as string) : undefined);
  const state = text('state_code');
  if (state && geo.hasState(state)) filters.stateCode = state;
  else if (state) errors.state_code = { key: 'camps.errors.bad_filter' };
  const district = text('district_id');
  const districtId = district && /^\d{1,9}$/.test(district) ? Number(district) : undefined;
  if (districtId !== undefined && filters.stateCode && geo.isDistrictInState(districtId, filters.stateCode)) filters.districtId = districtId;
  else if (district && (districtId === undefined || !geo.district(districtId))) errors.district_id = { key: 'camps.errors.bad_filter' };
  // A real district of another state is dropped quietly: the person chose a new state and pressed "show".

  const values = { state_code: filters.stateCode ?? '', district_id: filters.districtId ? String(filters.districtId) : '' };
  return { filters, errors, values };
}

/** "More" link of the held camps: the date and id of the last one shown, e.g. 2026-05-03.17 */
function decodeCursor(value: unknown): PastCursor | undefined {
  const match = typeof value === 'string' ? /^(\d{4}-\d{2}-\d{2})\.(\d{1,9})$/.exec(value) : null;
  return match && parseDate(match[1]!) ? { date: match[1]!, id: Number(match[2]) } : undefined;
}

/** A seat counts while the camp is still planned: a cancelled camp's registrations are moot. */
function holdsSeat(camp: PublicCamp, registration: DonorRegistration | undefined): boolean {
  return camp.status === 'planned' && registration?.status === 'registered';
}

export function publicCampRoutes({ db, config, geo, now }: Deps) {
  const router = Router();
  router.use('/camps', loadCurrentDonor({ db, config, now }));

  const place = (camp: PublicCamp, req: Request) => `${geo.districtName(camp.district_id)}, ${geo.stateName(camp.state_code, req.lang)}`;
  const seatsLeft = (camp: PublicCamp) => Math.max(0, camp.capacity - camp.registered_count);

  router.get('/camps', async (req, res) => {
    const { filters, errors, values } = readFilters(req.query, geo);
    const after = decodeCursor(req.query.before);
    const [upcoming, held] = await Promise.all([
      after ? Promise.resolve([]) : upcomingCamps(db, todayInIndia(now()), filters, UPCOMING_LIMIT + 1),
      heldCamps(db, filters, after, HELD_PAGE_SIZE + 1),
    ]);
    const shownHeld = held.slice(0, HELD_PAGE_SIZE);
    const last = shownHeld[shownHeld.length - 1];
    const params = new URLSearchParams(Object.entries(values).filter(([, v]) => v !== ''));
    res.status(Object.keys(errors).length ? 422 : 200).render('camps/index', {
      upcoming: upcoming.slice(0, UPCOMING_LIMIT),
      moreUpcoming: upcoming.length > UPCOMING_LIMIT,
      held: shownHeld,
      laterPage: after !== undefined,
      firstPage: `/camps${params.size ? `?${params}` : ''}`,
      nextPage: held.length > HELD_PAGE_SIZE && last ? `/camps?${new URLSearchParams([...params, ['before', `${last.camp_date}.${last.id}`]])}#held` : undefined,
      values,
      errors,
      states: geo.statesFor(req.lang),
      districts: geo.districtsOf(values.state_code),
      place: (camp: PublicCamp) => place(camp, req),
      seatsLeft,
      isOpen: (camp: PublicCamp) => registrationOpen(camp, now()),
    });
  });

  async function renderCamp(req: Request, res: Response, camp: PublicCamp, status = 200, form: { values?: Record<string, string>; errors?: FieldErrors } = {}) {
    const registration = req.donorId ? await findRegistration(db, camp.id, req.donorId) : undefined;
    res.status(status).render('camps/show', {
      camp,
      place: place(camp, req),
      seatsLeft: seatsLeft(camp),
      open: registrationOpen(camp, now()),
      upcoming: campIsUpcoming(camp, now()),
      signedIn: Boolean(req.donorId),
      hasSeat: holdsSeat(camp, registration),
      values: form.values ?? { for_request: '' },
      errors: form.errors ?? {},
    });
  }

  /** The camp of the address, or a 404 page (undefined). */
  async function campOf(req: Request, res: Response): Promise<PublicCamp | undefined> {
    const id = parseCampId(req.params.id);
    const camp = id === undefined ? undefined : await findPublicCamp(db, id);
    if (!camp) sendErrorPage(res, 404);
    return camp;
  }

  router.get('/camps/:id.ics', async (req, res) => {
    const camp = await campOf(req, res);
    if (!camp) return;
    const t = res.locals.t as (key: string, params?: Record<string, unknown>) => string;
    const url = `${config.publicBaseUrl}/camps/${camp.id}`;
    const description = [
      t('camps.ics.organiser', { name: camp.organisation_name }),
      t('camps.ics.blood_bank', { name: camp.blood_bank }),
      camp.status === 'cancelled' ? t('camps.ics.cancelled', { reason: camp.cancelled_reason ?? '' }) : t('camps.ics.bring'),
      url,
    ].join('\n');
    const body = calendarFile({
      uid: `camp-${camp.id}@${new URL(config.publicBaseUrl).host}`,
      stamp: now(),
      start: indiaInstant(camp.camp_date, camp.starts_at),
      end: indiaInstant(camp.camp_date, camp.ends_at),
      summary: camp.title,
      description,
      location: `${camp.venue}, ${place(camp, req)} ${camp.pincode}`,
      url,
      lastModified: camp.updated_at,
      cancelled: camp.status === 'cancelled',
    });
    res.type('text/calendar; charset=utf-8').attachment(`camp-${camp.id}.ics`).send(body);
  });

  router.get('/camps/:id', async (req, res) => {
    const camp = await campOf(req, res);
    if (camp) await renderCamp(req, res, camp);
  });

  router.post('/camps/:id/register', async (req, res) => {
    const camp = await campOf(req, res);
    if (!camp) return;
    if (!req.donorId) return res.redirect(303, `/me/login?next=${encodeURIComponent(`/camps/${camp.id}`)}`);
    const donorId = req.donorId;
    const forRequest = await readForRequest(db, req.body?.for_request);
    const values = { for_request: forRequest.value };
    if (forRequest.error) return renderCamp(req, res, camp, 422, { values, errors: { for_request: forRequest.error } });

    const outcome = await db.withTransaction(async (tx) => {
      const standing = await donorStanding(tx, donorId);
      if (standing !== 'ok') return standing;
      return takeSeat(tx, req, { campId: camp.id, donorId, requestId: forRequest.requestId, at: now() });
    });
    if (outcome === 'registered') return res.redirect(303, `/camps/${camp.id}/registered`);
    if (outcome === 'already') {
      flash(req, 'camps.flash.already');
      return res.redirect(303, `/camps/${camp.id}/registered`);
    }
    // Nothing was written: say why on the camp page, as it is now.
    const status = outcome === 'rejected' || outcome === 'erased' ? 403 : 409;
    await renderCamp(req, res, (await findPublicCamp(db, camp.id)) ?? camp, status, { values, errors: { _form: { key: `camps.errors.${outcome}` } } });
  });

  router.get('/camps/:id/registered', async (req, res) => {
    const camp = await campOf(req, res);
    if (!camp) return;
    const registration = req.donorId ? await findRegistration(db, camp.id, req.donorId) : undefined;
    res.render('camps/registered', {
      camp,
      place: place(camp, req),
      hasSeat: holdsSeat(camp, registration),
      open: registrationOpen(camp, now()),
    });
  });

  router.post('/camps/:id/cancel-registration', async (req, res) => {
    const camp = await campOf(req, res);
    if (!camp) return;
    if (!req.donorId) return res.redirect(303, `/me/login?next=${encodeURIComponent(`/camps/${camp.id}`)}`);
    const donorId = req.donorId;
    const result = await db.withTransaction(async (tx) => {
      const cancelled = await cancelRegistration(tx, { campId: camp.id, donorId, at: now() });
      if (cancelled === 'cancelled') {
        await recordAudit(tx, { action: 'camp_registration_cancelled', entity: { type: 'camp', id: camp.id }, ip: clientIp(req), details: { donorId, source: 'web' } });
      }
      return cancelled;
    });
    flash(req, result === 'cancelled' ? 'camps.flash.cancelled' : 'camps.flash.not_registered');
    res.redirect(303, `/camps/${camp.id}`);
  });

  return router;
}
