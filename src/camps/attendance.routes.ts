import { Router, type Request, type Response } from 'express';
import { clientIp, recordAudit } from '../audit/audit';
import { flash, requireVolunteer } from '../auth/current-volunteer';
import type { Database } from '../db/database';
import { COMPONENTS } from '../domain/blood';
import { formatDate, todayInIndia } from '../domain/dates';
import type { GeoDirectory } from '../geo/geo-directory';
import { recordId } from '../verification/record.routes';
import { indianMobile } from '../web/fields';
import { messageFromZod, type FieldErrors } from '../web/form-errors';
import {
  findAttendanceRows, findRequestIds, findWalkInCandidate, listAttendance, refreshCampTotals, summariseAttendance, type AttendanceRow, type WalkInCandidate,
} from './attendance.queries';
import {
  ATTENDANCE_PAGE_SIZE, CAMP_UNIT_CHOICES, campDeferralReasons, initialRowValues, isOpenRow, parseAttendance, rowFields, submittedRowIds,
} from './attendance.schema';
import { findCampInScope, lockCampInScope, type CampRow } from './camps.queries';
import { saveAttendanceChoices, type AttendanceCounts } from './record-attendance';
import { attendanceClosedReason, attendancePath, registerWalkIn } from './walk-ins';
import { pageNumber } from '../web/paging';

// After the camp: a volunteer of the camp's district (or an admin) records who gave, who was
// deferred and who did not come, adds walk-ins, and the camp's units and status follow.

interface Deps {
  db: Database;
  geo: GeoDirectory;
  now: () => Date;
}

interface PageState {
  page: number;
  /** The rows of a submitted form, shown again with its values on a 422. */
  rows?: AttendanceRow[];
  values?: Record<string, string>;
  errors?: FieldErrors;
  search?: { phone: string; candidate?: WalkInCandidate | undefined; searched: boolean };
}

export function attendanceRoutes({ db, geo, now }: Deps) {
  const router = Router();
  const today = () => todayInIndia(now());
  // A camp outside the volunteer's districts is "not found", like every record they may not see.
  const campFor = (req: Request) => {
    const id = recordId(req);
    return id ? findCampInScope(db, id, req.volunteer!.districtIds) : Promise.resolve(undefined);
  };

  async function renderAttendance(req: Request, res: Response, status: number, camp: CampRow, state: PageState) {
    const [summary, listed] = await Promise.all([
      summariseAttendance(db, camp.id),
      state.rows ? Promise.resolve(state.rows) : listAttendance(db, camp.id, { limit: ATTENDANCE_PAGE_SIZE, offset: (state.page - 1) * ATTENDANCE_PAGE_SIZE }),
    ]);
    const values = Object.assign({ phone: state.search?.phone ?? '' }, ...listed.map(initialRowValues), state.values);
    res.status(status).render('camps-admin/attendance', {
      camp,
      districtName: geo.districtName(camp.district_id),
      stateName: geo.stateName(camp.state_code, req.lang),
      closedReason: attendanceClosedReason(camp, today()),
      summary,
      rows: listed,
      openRowIds: listed.filter(isOpenRow).map((r) => r.registration_id),
      page: state.page,
      pages: Math.max(1, Math.ceil(summary.total / ATTENDANCE_PAGE_SIZE)),
      path: attendancePath(camp.id),
      search: state.search,
      rowFields,
      reasonsFor: campDeferralReasons,
      unitChoices: CAMP_UNIT_CHOICES,
      components: COMPONENTS,
      values,
      errors: state.errors ?? {},
    });
  }

  router.get('/volunteer/camps/:id/attendance', requireVolunteer, async (req, res, next) => {
    const camp = await campFor(req);
    if (!camp) return next();
    const state: PageState = { page: pageNumber(req.query.page, 1000) };
    // An existing donor who walked in: found by the number they give.
    if (typeof req.query.phone === 'string') {
      const phone = indianMobile.safeParse(req.query.phone);
      if (!phone.success) {
        state.search = { phone: req.query.phone, searched: false };
        state.errors = { phone: messageFromZod(phone.error) };
        return renderAttendance(req, res, 422, camp, state);
      }
      state.search = { phone: req.query.phone, candidate: await findWalkInCandidate(db, camp.id, phone.data), searched: true };
    }
    await renderAttendance(req, res, 200, camp, state);
  });

  router.post('/volunteer/camps/:id/attendance', requireVolunteer, async (req, res, next) => {
    const camp = await campFor(req);
    if (!camp) return next();
    const page = pageNumber(req.body?.page, 1000);
    const rows = await findAttendanceRows(db, camp.id, submittedRowIds(req.body));
    const { choices, alreadyRecorded, values, errors } = parseAttendance(req.body, rows);
    const closed = attendanceClosedReason(camp, today());
    const references = await findRequestIds(db, choices.flatMap((c) => (c.outcome === 'donated' && c.forReference ? [c.forReference] : [])));
    for (const c of choices) {
      if (c.outcome === 'donated' && c.forReference && !references.has(c.forReference)) {
        const row = rows.find((r) => r.registration_id === c.registrationId)!;
        errors[rowFields(c.registrationId).forRef] = { key: 'attendance.errors.reference_unknown', params: { donor: row.donor_id } };
      }
    }
    const formErrors: FieldErrors = {};
    if (closed) formErrors._form = { key: closed, params: { date: formatDate(camp.camp_date) } };
    else if (!Object.keys(errors).length && !choices.length && !alreadyRecorded) formErrors._form = { key: 'attendance.errors.nothing_chosen' };
    const render422 = (extra: FieldErrors = {}) => renderAttendance(req, res, 422, camp, { page, rows, values, errors: { ...extra, ...formErrors, ...errors } });
    if (Object.keys(errors).length || formErrors._form) return render422();

    const at = now();
    const saved = await db.withTransaction(async (tx): Promise<{ problem: string } | { counts: AttendanceCounts }> => {
      // The camp row is the lock every save of this camp takes first: saves of one camp run one after the other.
      const locked = await lockCampInScope(tx, camp.id, req.volunteer!.districtIds);
      if (!locked) return { problem: 'attendance.errors.camp_cancelled' };
      const problem = attendanceClosedReason(locked, todayInIndia(at));
      if (problem) return { problem };
      const counts = await saveAttendanceChoices(tx, { camp: locked, choices, references, volunteerId: req.volunteer!.id, at });
      counts.skipped += alreadyRecorded;
      await refreshCampTotals(tx, locked.id, req.volunteer!.id, at);
      await recordAudit(tx, { actor: req.volunteer, action: 'camp_attendance_recorded', entity: { type: 'camp', id: locked.id }, ip: clientIp(req), details: { ...counts } });
      return { counts };
    });
    if ('problem' in saved) return render422({ _form: { key: saved.problem, params: { date: formatDate(camp.camp_date) } } });
    const { skipped, ...counts } = saved.counts;
    if (skipped) flash(req, 'attendance.flash.saved_with_skipped', { ...counts, skipped });
    else flash(req, 'attendance.flash.saved', counts);
    res.redirect(303, `${attendancePath(camp.id)}?page=${page}`);
  });

  router.post('/volunteer/camps/:id/walk-ins', requireVolunteer, async (req, res, next) => {
    const camp = await campFor(req);
    if (!camp) return next();
    const typed = typeof req.body?.phone === 'string' ? (req.body.phone as string) : '';
    const phone = indianMobile.safeParse(typed);
    if (!phone.success) return renderAttendance(req, res, 422, camp, { page: 1, search: { phone: typed, searched: false }, errors: { phone: messageFromZod(phone.error) } });
    const at = now();
    const result = await db.withTransaction(async (tx) => {
      const locked = await lockCampInScope(tx, camp.id, req.volunteer!.districtIds);
      const problem = locked ? attendanceClosedReason(locked, todayInIndia(at)) : 'attendance.errors.camp_cancelled';
      if (problem) return { problem };
      const candidate = await findWalkInCandidate(tx, camp.id, phone.data);
      if (!candidate) return { problem: 'attendance.errors.no_donor_with_phone' };
      const where = await registerWalkIn(tx, req, camp.id, candidate.id, at);
      return where ? { where, donor: candidate.id } : { problem: 'attendance.errors.already_listed' };
    });
    if ('problem' in result) {
      const params = { date: formatDate(camp.camp_date) };
      return renderAttendance(req, res, 422, camp, { page: 1, search: { phone: typed, searched: false }, errors: { phone: { key: result.problem!, params } } });
    }
    flash(req, 'attendance.flash.walk_in_added', { donor: result.donor });
    res.redirect(303, result.where);
  });

  return router;
}
