import type { Request, Response } from 'express';
import { clientIp, recordAudit } from '../audit/audit';
import { flash } from '../auth/current-volunteer';
import type { Database } from '../db/database';
import { formatDateTime, todayInIndia } from '../domain/dates';
import type { GeoDirectory } from '../geo/geo-directory';
import { loadDonorCare } from '../donors/donor-care';
import { DEFERRAL_RULES } from '../domain/deferrals';
import { loadRequestWork } from '../matching/request-work';
import { sendErrorPage } from '../web/error-pages';
import type { FieldErrors } from '../web/form-errors';
import type { Scope } from './queue.queries';
import { findDonorInScope, findRequestInScope, similarToDonor, similarToRequest, type RequestDetail } from './records.queries';
import { DONOR_REJECTION_REASONS, handledState, MAX_CONTACT_ATTEMPTS, RECORD_KINDS, recordHistory, REQUEST_REJECTION_REASONS, type RecordKind } from './verification.queries';

// The volunteers' page for one donor or one request, shared by the verification actions and the
// matching actions (which re-render it with the form's values and messages on a 422).

export const PATHS: Record<RecordKind, string> = { donor: '/volunteer/donors', request: '/volunteer/requests' };

export function recordPage({ db, geo, now }: { db: Database; geo: GeoDirectory; now: () => Date }) {
  async function loadRecord(kind: RecordKind, id: number, scope: Scope) {
    if (kind === 'donor') {
      const record = await findDonorInScope(db, id, scope);
      return record && { record, similar: await similarToDonor(db, record, scope) };
    }
    const record = await findRequestInScope(db, id, scope);
    return record && { record, similar: await similarToRequest(db, record, scope) };
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
      // The matching and brokering part of a request's page.
      work: kind === 'request' ? await loadRequestWork(db, req, record as RequestDetail, now()) : undefined,
      // Eligibility, deferrals and donations on a donor's page.
      care: kind === 'donor' ? await loadDonorCare(db, id, todayInIndia(now())) : undefined,
      deferralRules: DEFERRAL_RULES,
      showContact,
      basePath: `${PATHS[kind]}/${id}`,
      stateName: geo.stateName(record.state_code, req.lang),
      districtName: geo.districtName(record.district_id),
      reasons: kind === 'donor' ? DONOR_REJECTION_REASONS : REQUEST_REJECTION_REASONS,
      maxAttempts: MAX_CONTACT_ATTEMPTS,
      ...claimState(record, req.volunteer!.id, now()),
      values: {
        reason: '', rejection_note: '', note: '',
        deferral_reason: '', deferral_since: todayInIndia(now()), deferral_until: '', deferral_note: '',
        outcome: '', units: '', contact_note: '', donated_on: todayInIndia(now()), component: '', place: '', closed_reason: '', closed_note: '',
        ...form.values,
      },
      districtOf: (districtId: number) => geo.districtName(districtId),
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

  return { renderRecord, explainConflict };
}

/** Whether someone's "I am calling" claim is still running, and whether it is this volunteer's. */
function claimState(record: { status: string; claimed_until: Date | null; claimed_by?: unknown }, volunteerId: number, at: Date) {
  const claimActive = record.status === 'pending_verification' && !!record.claimed_until && record.claimed_until > at;
  return { claimActive, claimMine: claimActive && record.claimed_by === volunteerId };
}

