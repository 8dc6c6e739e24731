import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { clientIp, recordAudit } from '../audit/audit';
import { flash, requireVolunteer } from '../auth/current-volunteer';
import type { Database } from '../db/database';
import { formatDateTime } from '../domain/dates';
import { nextDonationDate } from '../domain/eligibility';
import type { GeoDirectory } from '../geo/geo-directory';
import { sendErrorPage } from '../web/error-pages';
import type { FieldErrors } from '../web/form-errors';
import { parseForm } from '../web/forms';
import { optionalText, requiredText } from '../web/fields';
import type { Scope } from './queue.queries';
import { findDonorInScope, findRequestInScope, similarToDonor, similarToRequest } from './records.queries';
import {
  addNote, claimRecord, releaseClaim, DONOR_REJECTION_REASONS, handledState, MAX_CONTACT_ATTEMPTS, RECORD_KINDS, recordHistory, recordUnreachable, rejectRecord,
  REQUEST_REJECTION_REASONS, verifyRecord, type RecordKind,
} from './verification.queries';

// A donor's or a request's page for volunteers, and the actions on it: verify, reject,
// "could not reach", notes. Records outside the volunteer's jurisdiction answer 404.

const PATHS: Record<RecordKind, string> = { donor: '/volunteer/donors', request: '/volunteer/requests' };

function rejectForm(kind: RecordKind) {
  const reasons = kind === 'donor' ? DONOR_REJECTION_REASONS : REQUEST_REJECTION_REASONS;
  const fields = { reason: z.enum(reasons, { error: 'verification.choose_reason' }), rejection_note: optionalText(500) };
  return {
    order: ['reason', 'rejection_note'],
    fields,
    check(d: { reason?: string; rejection_note?: string | undefined }, problem: (f: string, k: string) => void) {
      if (d.reason === 'other' && !d.rejection_note) problem('rejection_note', 'verification.explain_other');
    },
  };
}
const noteForm = { order: ['note'], fields: { note: requiredText(1000) } };

export function recordRoutes({ db, geo, now }: { db: Database; geo: GeoDirectory; now: () => Date }) {
  const router = Router();

  async function loadRecord(kind: RecordKind, id: number, scope: Scope) {
    if (kind === 'donor') {
      const record = await findDonorInScope(db, id, scope);
      return record && { record, similar: await similarToDonor(db, record, scope), nextEligible: nextDonationDate(record.sex, record.last_donation_on) };
    }
    const record = await findRequestInScope(db, id, scope);
    return record && { record, similar: await similarToRequest(db, record, scope), nextEligible: undefined };
  }

  async function renderRecord(req: Request, res: Response, kind: RecordKind, id: number, status = 200, form: { values?: Record<string, string>; errors?: FieldErrors } = {}) {
    const loaded = await loadRecord(kind, id, req.volunteer!.districtIds);
    if (!loaded) return false;
    const showContact = req.query.contact === '1';
    if (showContact) {
      await recordAudit(db, { actor: req.volunteer, action: 'contact_viewed', entity: { type: RECORD_KINDS[kind].entity, id }, ip: clientIp(req) });
    }
    const { record } = loaded;
    res.status(status).render(`volunteer/${kind}`, {
      ...loaded,
      history: await recordHistory(db, kind, id),
      showContact,
      basePath: `${PATHS[kind]}/${id}`,
      stateName: geo.stateName(record.state_code, req.lang),
      districtName: geo.districtName(record.district_id),
      reasons: kind === 'donor' ? DONOR_REJECTION_REASONS : REQUEST_REJECTION_REASONS,
      maxAttempts: MAX_CONTACT_ATTEMPTS,
      ...claimState(record, req.volunteer!.id, now()),
      values: { reason: '', rejection_note: '', note: '', ...form.values },
      errors: form.errors ?? {},
    });
    return true;
  }

  /** After a refused action: say who handled it first, or 404 if the record is not ours to see. */
  async function explainConflict(req: Request, res: Response, kind: RecordKind, id: number) {
    const state = await handledState(db, kind, id, req.volunteer!.districtIds);
    if (!state) return sendErrorPage(res, 404);
    if (state.by_username) flash(req, 'verification.already_handled', { username: state.by_username, at: formatDateTime(state.at) });
    else flash(req, 'verification.not_pending');
    res.redirect(303, `${PATHS[kind]}/${id}`);
  }

  for (const kind of ['donor', 'request'] as const) {
    const base = PATHS[kind];
    const entity = RECORD_KINDS[kind].entity;
    const audit = (req: Request, action: Parameters<typeof recordAudit>[1]['action'], id: number, details?: Record<string, unknown>) =>
      ({ actor: req.volunteer, action, entity: { type: entity, id }, ip: clientIp(req), details }) as const;

    router.get(`${base}/:id`, requireVolunteer, async (req, res, next) => {
      const id = recordId(req);
      if (!id || !(await renderRecord(req, res, kind, id))) return next();
    });

    router.post(`${base}/:id/verify`, requireVolunteer, async (req, res, next) => {
      const id = recordId(req);
      if (!id) return next();
      const done = await db.withTransaction(async (tx) => {
        const ok = await verifyRecord(tx, kind, id, req.volunteer!.districtIds, req.volunteer!.id, now());
        if (ok) await recordAudit(tx, audit(req, kind === 'donor' ? 'donor_verified' : 'request_verified', id));
        return ok;
      });
      if (!done) return explainConflict(req, res, kind, id);
      flash(req, `verification.${kind}_verified`);
      res.redirect(303, '/volunteer');
    });

    router.post(`${base}/:id/reject`, requireVolunteer, async (req, res, next) => {
      const id = recordId(req);
      if (!id) return next();
      const submitted = parseForm(rejectForm(kind), req);
      if (!submitted.ok) {
        return (await renderRecord(req, res, kind, id, 422, submitted)) || next();
      }
      const { reason, rejection_note } = submitted.data;
      const done = await db.withTransaction(async (tx) => {
        const ok = await rejectRecord(tx, kind, id, req.volunteer!.districtIds, req.volunteer!.id, now(), reason, rejection_note);
        if (ok) await recordAudit(tx, audit(req, kind === 'donor' ? 'donor_rejected' : 'request_rejected', id, { reason }));
        return ok;
      });
      if (!done) return explainConflict(req, res, kind, id);
      flash(req, `verification.${kind}_rejected`);
      res.redirect(303, '/volunteer');
    });

    router.post(`${base}/:id/unreachable`, requireVolunteer, async (req, res, next) => {
      const id = recordId(req);
      if (!id) return next();
      const result = await db.withTransaction(async (tx) => {
        const row = await recordUnreachable(tx, kind, id, req.volunteer!.districtIds, now());
        if (row) await recordAudit(tx, audit(req, kind === 'donor' ? 'donor_unreachable' : 'request_unreachable', id, { attempts: row.contact_attempts, flagged: row.flagged_for_admin }));
        return row;
      });
      if (!result) return explainConflict(req, res, kind, id);
      flash(req, result.flagged_for_admin ? 'verification.flagged' : 'verification.attempt_recorded', { attempts: result.contact_attempts, max: MAX_CONTACT_ATTEMPTS });
      res.redirect(303, `${base}/${id}`);
    });

    router.post(`${base}/:id/claim`, requireVolunteer, async (req, res, next) => {
      const id = recordId(req);
      if (!id) return next();
      const until = await claimRecord(db, kind, id, req.volunteer!.districtIds, req.volunteer!.id, now());
      if (!until) {
        const state = await handledState(db, kind, id, req.volunteer!.districtIds);
        if (!state) return next();
        if (state.status !== 'pending_verification') return explainConflict(req, res, kind, id);
        flash(req, 'verification.claimed_by_other', { username: state.claimed_by_username ?? '', until: formatDateTime(state.claimed_until) });
        return res.redirect(303, `${base}/${id}`);
      }
      flash(req, 'verification.claimed', { until: formatDateTime(until) });
      // Claiming is for calling: the number is shown next (and that view is audited).
      res.redirect(303, `${base}/${id}?contact=1`);
    });

    router.post(`${base}/:id/release`, requireVolunteer, async (req, res, next) => {
      const id = recordId(req);
      if (!id) return next();
      if (!(await releaseClaim(db, kind, id, req.volunteer!.districtIds, req.volunteer!.id)) && !(await handledState(db, kind, id, req.volunteer!.districtIds))) {
        return next();
      }
      flash(req, 'verification.released');
      res.redirect(303, `${base}/${id}`);
    });

    router.post(`${base}/:id/notes`, requireVolunteer, async (req, res, next) => {
      const id = recordId(req);
      if (!id) return next();
      const submitted = parseForm(noteForm, req);
      if (!submitted.ok) return (await renderRecord(req, res, kind, id, 422, submitted)) || next();
      const noteId = await db.withTransaction(async (tx) => {
        const created = await addNote(tx, kind, id, req.volunteer!.districtIds, req.volunteer!.id, submitted.data.note, now());
        if (created) await recordAudit(tx, audit(req, 'note_added', id, { noteId: created }));
        return created;
      });
      if (!noteId) return next();
      flash(req, 'verification.note_added');
      res.redirect(303, `${base}/${id}`);
    });
  }

  return router;
}

/** Whether someone's "I am calling" claim is still running, and whether it is this volunteer's. */
function claimState(record: { status: string; claimed_until: Date | null; claimed_by?: unknown }, volunteerId: number, at: Date) {
  const claimActive = record.status === 'pending_verification' && !!record.claimed_until && record.claimed_until > at;
  return { claimActive, claimMine: claimActive && record.claimed_by === volunteerId };
}

function recordId(req: Request): number | undefined {
  const id = String(req.params.id);
  return /^\d{1,15}$/.test(id) ? Number(id) : undefined;
}
