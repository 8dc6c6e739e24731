import type { Request } from 'express';
import { clientIp, recordAudit } from '../audit/audit';
import type { Sql } from '../db/database';
import type { BloodGroup, Component } from '../domain/blood';
import { bombayDonorFilter, donorGroupsFor, isCompatible } from '../domain/compatibility';
import { todayInIndia } from '../domain/dates';
import { CLOSE_REASONS, CONTACT_OUTCOMES, isActive, requestProgress } from '../domain/request-lifecycle';
import { countFamilyDonations } from '../camps/attendance.queries';
import type { RequestDetail } from '../verification/records.queries';
import { pageNumber } from '../web/paging';
import {
  contactsForRequest, donationsForRequest, donorContactedFor, findContactableDonor, handlingState, type DonorForContact,
} from './brokering.queries';
import { DEFAULT_RADIUS_KM, findMatches, MATCH_PAGE_SIZE, RADII_KM } from './matching.queries';

// Everything the request page shows a volunteer beyond verification: who handles it, progress,
// the ranked donors, the calls made and the donations recorded.

export function chosenRadius(value: unknown): number {
  const n = Number(value);
  return (RADII_KM as readonly number[]).includes(n) ? n : DEFAULT_RADIUS_KM;
}

export function isDonorCompatible(request: { blood_group: string; is_bombay: boolean; component: string; allow_bombay_donors: boolean }, donor: { blood_group: string; is_bombay: boolean }) {
  return isCompatible(
    { group: request.blood_group as BloodGroup, isBombay: request.is_bombay },
    { group: donor.blood_group as BloodGroup, isBombay: donor.is_bombay },
    request.component as Component,
    { allowBombayDonors: request.allow_bombay_donors },
  );
}

export async function loadRequestWork(db: Sql, req: Request, record: RequestDetail, now: Date) {
  const volunteer = req.volunteer!;
  const handling = await handlingState(db, record.id, volunteer.districtIds);
  const isHandler = handling?.handled_by === volunteer.id;
  const isAdmin = volunteer.role === 'admin';
  const active = isActive(record.status);
  const radius = chosenRadius(req.query.radius);
  const page = pageNumber(req.query.page, 50);
  const request = record as RequestDetail & { allow_bombay_donors: boolean; units_pledged: number; units_donated: number; latitude: number | null; longitude: number | null };

  const matches = active
    ? await findMatches(db, {
        requestId: record.id,
        groups: donorGroupsFor(record.blood_group as BloodGroup, record.component as Component),
        bombay: bombayDonorFilter(record.is_bombay, request.allow_bombay_donors, record.component as Component),
        districtId: record.district_id,
        latitude: request.latitude,
        longitude: request.longitude,
        radiusKm: radius,
        today: todayInIndia(now),
        limit: MATCH_PAGE_SIZE,
        offset: (page - 1) * MATCH_PAGE_SIZE,
      })
    : { rows: [], more: false };

  // A donor's name and number, for the handler only, one donor at a time, and every view audited.
  let revealed: DonorForContact | undefined;
  const revealId = Number(req.query.donor);
  if (active && (isHandler || isAdmin) && Number.isInteger(revealId) && revealId > 0) {
    const donor = await findContactableDonor(db, revealId);
    const offered = donor && (isDonorCompatible(request, donor) || (await donorContactedFor(db, record.id, revealId)));
    if (donor && offered) {
      revealed = donor;
      await recordAudit(db, {
        actor: volunteer, action: 'contact_viewed', entity: { type: 'donor', id: donor.id }, ip: clientIp(req), details: { requestId: record.id },
      });
    }
  }

  return {
    handling,
    isHandler,
    canBroker: active && (isHandler || isAdmin),
    active,
    isAdmin,
    progress: requestProgress(record.units, request.units_pledged, request.units_donated),
    matches,
    radius,
    radii: RADII_KM,
    page,
    revealed,
    contacts: await contactsForRequest(db, record.id),
    donations: await donationsForRequest(db, record.id),
    // Given in the patient's name at camps or blood banks (family and friends): counts only.
    family: await countFamilyDonations(db, record.id),
    closeReasons: CLOSE_REASONS,
    outcomes: CONTACT_OUTCOMES,
    allowBombayDonors: request.allow_bombay_donors,
  };
}

export type RequestWork = Awaited<ReturnType<typeof loadRequestWork>>;
