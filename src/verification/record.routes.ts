import { Router, type Request } from 'express';
import { z } from 'zod';
import { clientIp, recordAudit } from '../audit/audit';
import { flash, requireVolunteer } from '../auth/current-volunteer';
import type { Database } from '../db/database';
import { formatDateTime } from '../domain/dates';
import type { GeoDirectory } from '../geo/geo-directory';
import { notifyVerificationOutcome } from '../notifications/notify';
import { parseForm } from '../web/forms';
import { PATHS, recordPage } from './record-page';
import { optionalText, requiredText } from '../web/fields';
import {
  addNote, claimRecord, releaseClaim, DONOR_REJECTION_REASONS, handledState, MAX_CONTACT_ATTEMPTS, RECORD_KINDS, recordUnreachable, rejectRecord,
  REQUEST_REJECTION_REASONS, verifyRecord, type RecordKind,
} from './verification.queries';

// A donor's or a request's page for volunteers, and the actions on it: verify, reject,
// "could not reach", notes. Records outside the volunteer's jurisdiction answer 404.

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

  const { renderRecord, explainConflict } = recordPage({ db, geo, now });

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
        if (ok) await notifyVerificationOutcome(tx, kind, id, 'verified');
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
        if (ok) await notifyVerificationOutcome(tx, kind, id, 'rejected');
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

export function recordId(req: Request): number | undefined {
  const id = String(req.params.id);
  return /^\d{1,15}$/.test(id) ? Number(id) : undefined;
}
