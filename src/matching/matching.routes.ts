import { Router, type Request, type Response } from 'express';
import { clientIp, recordAudit, type AuditAction } from '../audit/audit';
import { flash, requireAdmin, requireVolunteer } from '../auth/current-volunteer';
import type { Database, Sql } from '../db/database';
import type { Component } from '../domain/blood';
import { displayBloodGroup } from '../domain/blood';
import { todayInIndia } from '../domain/dates';
import { requestProgress } from '../domain/request-lifecycle';
import { recordDonation } from '../donors/donor-eligibility';
import type { GeoDirectory } from '../geo/geo-directory';
import { notifyDonor, notifyRequester } from '../notifications/notify';
import { sendErrorPage } from '../web/error-pages';
import { parseForm } from '../web/forms';
import { PATHS, recordPage } from '../verification/record-page';
import { recordId } from '../verification/record.routes';
import {
  ACTIVE_PAGE_SIZE, activeRequests, addContactAttempt, closeRequest, donorEligibleFrom, findContactableDonor, fulfilIfComplete, handlingState, lockRequestForHandler, markDonorContacted,
  refreshProgress, releaseRequest, setBombayOverride, takeRequest, type BrokeredRequest,
} from './brokering.queries';
import { closeForm, contactForm } from './matching.schema';
import { isDonorCompatible } from './request-work';
import { pageNumber } from '../web/paging';

// Brokering a verified request: take it on, call donors (their numbers shown to the handler
// only), record each call and each donation, and close it. Families never see donor numbers.

interface Deps {
  db: Database;
  geo: GeoDirectory;
  now: () => Date;
  helpline: string;
}

export function matchingRoutes({ db, geo, now, helpline }: Deps) {
  const router = Router();
  const { renderRecord } = recordPage({ db, geo, now });
  const base = PATHS.request;
  const who = (req: Request) => ({ id: req.volunteer!.id, isAdmin: req.volunteer!.role === 'admin' });
  const audit = (req: Request, action: AuditAction, id: number, details?: Record<string, unknown>) =>
    ({ actor: req.volunteer, action, entity: { type: 'blood_request', id }, ip: clientIp(req), details }) as const;

  /** When a brokering action finds nothing to act on: not ours to see (404), or why not. */
  async function refuse(req: Request, res: Response, id: number, back = `${base}/${id}`) {
    const state = await handlingState(db, id, req.volunteer!.districtIds);
    if (!state) return sendErrorPage(res, 404);
    if (state.status !== 'open' && state.status !== 'in_progress') flash(req, 'matching.not_active');
    else if (state.handled_by !== null && state.handled_by !== req.volunteer!.id) flash(req, 'matching.handled_by_other', { username: state.handled_by_username ?? '' });
    else flash(req, 'matching.take_first');
    res.redirect(303, back);
  }

  router.get(base, requireVolunteer, async (req, res) => {
    const mine = req.query.mine === '1';
    const page = pageNumber(req.query.page, 200);
    const rows = await activeRequests(db, req.volunteer!.districtIds, { onlyHandledBy: mine ? req.volunteer!.id : undefined, offset: (page - 1) * ACTIVE_PAGE_SIZE });
    res.render('volunteer/requests', {
      requests: rows.slice(0, ACTIVE_PAGE_SIZE),
      more: rows.length > ACTIVE_PAGE_SIZE,
      page,
      mine,
      districtOf: (id: number) => geo.districtName(id),
      progressOf: (r: { units: number; units_pledged: number; units_donated: number }) => requestProgress(r.units, r.units_pledged, r.units_donated),
    });
  });

  router.post(`${base}/:id/take`, requireVolunteer, async (req, res, next) => {
    const id = recordId(req);
    if (!id) return next();
    const ok = await db.withTransaction(async (tx) => {
      const taken = await takeRequest(tx, id, req.volunteer!.districtIds, who(req), now());
      if (taken) await recordAudit(tx, audit(req, 'request_taken', id));
      return taken;
    });
    if (!ok) return refuse(req, res, id);
    flash(req, 'matching.taken');
    res.redirect(303, `${base}/${id}#matches`);
  });

  router.post(`${base}/:id/hand-back`, requireVolunteer, async (req, res, next) => {
    const id = recordId(req);
    if (!id) return next();
    const ok = await db.withTransaction(async (tx) => {
      const released = await releaseRequest(tx, id, req.volunteer!.districtIds, who(req), now());
      if (released) await recordAudit(tx, audit(req, 'request_released', id));
      return released;
    });
    if (!ok) return refuse(req, res, id);
    flash(req, 'matching.released');
    res.redirect(303, `${base}/${id}`);
  });

  router.post(`${base}/:id/close`, requireVolunteer, async (req, res, next) => {
    const id = recordId(req);
    if (!id) return next();
    const submitted = parseForm(closeForm, req);
    if (!submitted.ok) return (await renderRecord(req, res, 'request', id, 422, submitted)) || next();
    const { closed_reason, closed_note } = submitted.data;
    const ok = await db.withTransaction(async (tx) => {
      const closed = await closeRequest(tx, id, req.volunteer!.districtIds, who(req), { reason: closed_reason, note: closed_note }, now());
      if (closed) await recordAudit(tx, audit(req, 'request_closed', id, { reason: closed_reason }));
      return closed;
    });
    if (!ok) return refuse(req, res, id);
    flash(req, 'matching.closed');
    res.redirect(303, `${base}/${id}`);
  });

  router.post(`${base}/:id/bombay`, requireAdmin, async (req, res, next) => {
    const id = recordId(req);
    if (!id) return next();
    const allow = (req.body as Record<string, unknown>).allow === 'yes';
    const ok = await db.withTransaction(async (tx) => {
      const state = await handlingState(tx, id, null);
      if (!state) return false;
      const changed = await setBombayOverride(tx, id, allow, now());
      if (changed) await recordAudit(tx, audit(req, 'bombay_override', id, { allow }));
      return changed;
    });
    if (!ok) return next();
    flash(req, allow ? 'matching.bombay_allowed' : 'matching.bombay_stopped');
    res.redirect(303, `${base}/${id}#matches`);
  });

  /** Loads the request (locked, handled by this volunteer) and an offerable donor, or says why not. */
  async function requestAndDonor(tx: Sql, req: Request, id: number, donorId: number) {
    const request = await lockRequestForHandler(tx, id, req.volunteer!.districtIds, who(req));
    if (!request) return { problem: 'request' as const };
    const donor = await findContactableDonor(tx, donorId);
    if (!donor || !isDonorCompatible(request, donor)) return { problem: 'donor' as const };
    return { request, donor };
  }

  router.post(`${base}/:id/ask`, requireVolunteer, async (req, res, next) => {
    const id = recordId(req);
    const donorId = Number((req.body as Record<string, unknown>).donor_id);
    if (!id) return next();
    if (!Number.isInteger(donorId) || donorId <= 0) {
      flash(req, 'matching.donor_unavailable');
      return res.redirect(303, `${base}/${id}#matches`);
    }
    const result = await db.withTransaction(async (tx) => {
      const found = await requestAndDonor(tx, req, id, donorId);
      if (!found.request) return found.problem;
      const { request, donor } = found;
      await notifyDonor(tx, donor, 'donation_asked', {
        blood_group: displayBloodGroup(request.blood_group),
        hospital: `${request.hospital_name}, ${request.hospital_city}`,
        district: geo.districtName(request.district_id),
        volunteer_name: req.volunteer!.fullName,
        helpline,
        reference: request.reference,
      });
      await markDonorContacted(tx, donor.id, now());
      await recordAudit(tx, audit(req, 'donor_asked', id, { donorId: donor.id }));
      return 'ok' as const;
    });
    if (result === 'request') return refuse(req, res, id);
    flash(req, result === 'ok' ? 'matching.asked' : 'matching.donor_unavailable');
    res.redirect(303, `${base}/${id}?donor=${donorId}#contact`);
  });

  router.post(`${base}/:id/contacts`, requireVolunteer, async (req, res, next) => {
    const id = recordId(req);
    if (!id) return next();
    const today = todayInIndia(now());
    const submitted = parseForm(contactForm(today), req);
    if (!submitted.ok) return (await renderRecord(req, res, 'request', id, 422, submitted)) || next();
    const c = submitted.data;
    const units = c.outcome === 'agreed' || c.outcome === 'donated' ? (c.units ?? 1) : undefined;

    const result = await db.withTransaction(async (tx) => {
      const found = await requestAndDonor(tx, req, id, c.donor_id);
      if (!found.request) return { problem: found.problem };
      const { request, donor } = found;
      const at = now();
      await addContactAttempt(tx, { requestId: id, donorId: donor.id, volunteerId: req.volunteer!.id, outcome: c.outcome, units, note: c.contact_note, at });
      await recordAudit(tx, audit(req, 'contact_recorded', id, { donorId: donor.id, outcome: c.outcome }));
      if (c.outcome === 'donated') {
        await recordDonation(tx, {
          donorId: donor.id,
          donatedOn: c.donated_on!,
          units: units!,
          component: (c.component ?? request.component) as Component,
          place: c.place ?? `${request.hospital_name}, ${request.hospital_city}`.slice(0, 150),
          source: 'request',
          requestId: id,
          recordedBy: req.volunteer!.id,
        });
        await recordAudit(tx, audit(req, 'donation_recorded', id, { donorId: donor.id, units }));
        const nextDate = await donorEligibleFrom(tx, donor.id);
        await notifyDonor(tx, donor, 'donation_thanks', nextDate && nextDate !== 'infinity' ? { next_date: nextDate } : {}, { requestId: id });
      }
      await refreshProgress(tx, id, at);
      const fulfilled = await fulfilIfComplete(tx, id, at);
      if (fulfilled) await announceFulfilled(tx, req, request);
      return { fulfilled };
    });

    if ('problem' in result) {
      if (result.problem === 'request') return refuse(req, res, id);
      flash(req, 'matching.donor_unavailable');
      return res.redirect(303, `${base}/${id}#matches`);
    }
    flash(req, result.fulfilled ? 'matching.fulfilled' : `matching.outcome_saved_${c.outcome}`);
    res.redirect(303, `${base}/${id}#contacts`);
  });

  async function announceFulfilled(tx: Sql, req: Request, request: BrokeredRequest) {
    await recordAudit(tx, audit(req, 'request_fulfilled', request.id));
    await notifyRequester(tx, request, 'request_fulfilled', { reference: request.reference, helpline });
  }

  return router;
}
