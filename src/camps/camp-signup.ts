import type { Request } from 'express';
import { clientIp, recordAudit } from '../audit/audit';
import type { Sql } from '../db/database';
import { normaliseReference } from '../domain/reference';
import type { GeoDirectory } from '../geo/geo-directory';
import type { FieldErrors, FieldMessage } from '../web/form-errors';
import type { Language } from '../web/i18n';
import { registrationOpen } from './camp-times';
import { findPublicCamp, type PublicCamp } from './public-camps.queries';
import { findRequestIdByReference, registerForCamp, type RegistrationOutcome } from './registrations.queries';

// Taking a seat from the public pages: the camp page (a signed-in donor) and the donor form
// (someone registering as a donor for a camp, /donors/new?camp=12).

export function parseCampId(value: unknown): number | undefined {
  return typeof value === 'string' && /^[1-9]\d{0,8}$/.test(value) ? Number(value) : undefined;
}

/** "I am donating for a patient": an optional request reference. Only its existence is checked; nothing of it is shown. */
export async function readForRequest(db: Sql, raw: unknown): Promise<{ value: string; requestId?: number; error?: FieldMessage }> {
  const value = typeof raw === 'string' ? raw.trim().slice(0, 20) : '';
  if (!value) return { value: '' };
  const reference = normaliseReference(value);
  if (!reference) return { value, error: { key: 'camps.errors.reference_format' } };
  const requestId = await findRequestIdByReference(db, reference);
  return requestId === undefined ? { value, error: { key: 'camps.errors.reference_unknown' } } : { value: reference, requestId };
}

export interface CampSignup {
  camp?: PublicCamp | undefined;
  requestId?: number | undefined;
  values: { camp_id: string; for_request: string };
  errors: FieldErrors;
}

export const NO_CAMP: CampSignup = { values: { camp_id: '', for_request: '' }, errors: {} };

/** The donor form opened from a camp page: only a camp that still takes registrations is offered. */
export async function campSignupFromLink(db: Sql, value: unknown, at: Date): Promise<CampSignup> {
  const id = parseCampId(value);
  const camp = id === undefined ? undefined : await findPublicCamp(db, id);
  if (!camp || !registrationOpen(camp, at)) return NO_CAMP;
  return { camp, values: { camp_id: String(camp.id), for_request: '' }, errors: {} };
}

/**
 * The camp part of a submitted donor form. A camp that closed or filled up since the form was
 * opened is still named here: the donor is registered all the same and told what happened to the seat.
 */
export async function campSignupFromForm(db: Sql, body: Record<string, unknown> | undefined): Promise<CampSignup> {
  const id = parseCampId(body?.camp_id);
  const camp = id === undefined ? undefined : await findPublicCamp(db, id);
  if (!camp) return NO_CAMP;
  const forRequest = await readForRequest(db, body?.for_request);
  return {
    camp,
    requestId: forRequest.requestId,
    values: { camp_id: String(camp.id), for_request: forRequest.value },
    errors: forRequest.error ? { for_request: forRequest.error } : {},
  };
}

/** What the donor form shows about the camp. */
export function campSignupView(signup: CampSignup, at: Date, geo: GeoDirectory, lang: Language) {
  const camp = signup.camp;
  if (!camp) return undefined;
  return {
    camp,
    place: `${geo.districtName(camp.district_id)}, ${geo.stateName(camp.state_code, lang)}`,
    open: registrationOpen(camp, at),
    seatsLeft: Math.max(0, camp.capacity - camp.registered_count),
  };
}

/** A donor takes a seat on the website, recorded in the audit log when it worked. */
export async function takeSeat(tx: Sql, req: Request, s: { campId: number; donorId: number; requestId?: number | undefined; at: Date }): Promise<RegistrationOutcome> {
  const outcome = await registerForCamp(tx, { campId: s.campId, donorId: s.donorId, forRequestId: s.requestId, source: 'web', at: s.at });
  if (outcome === 'registered') {
    await recordAudit(tx, { action: 'camp_registration_added', entity: { type: 'camp', id: s.campId }, ip: clientIp(req), details: { donorId: s.donorId, source: 'web' } });
  }
  return outcome;
}

const SEAT_OUTCOMES: readonly string[] = ['registered', 'already', 'full', 'closed'] satisfies RegistrationOutcome[];

/** The thanks page after the donor form: which camp, and whether the seat was reserved. */
export async function campSeatForThanks(db: Sql, query: Record<string, unknown>) {
  const id = parseCampId(query.camp);
  const seat = typeof query.seat === 'string' && SEAT_OUTCOMES.includes(query.seat) ? (query.seat as RegistrationOutcome) : undefined;
  const camp = id === undefined || !seat ? undefined : await findPublicCamp(db, id);
  return camp && seat ? { camp, seat } : undefined;
}
