import { Router } from 'express';
import { z } from 'zod';
import { clientIp, recordAudit } from '../audit/audit';
import { flash, requireVolunteer } from '../auth/current-volunteer';
import type { Database } from '../db/database';
import { todayInIndia } from '../domain/dates';
import { DEFERRAL_RULES } from '../domain/deferrals';
import type { GeoDirectory } from '../geo/geo-directory';
import { PATHS, recordPage } from '../verification/record-page';
import { recordId } from '../verification/record.routes';
import { findDonorInScope } from '../verification/records.queries';
import { optionalDate, optionalText, requiredDate } from '../web/fields';
import { parseForm, type FormDefinition, type Shape } from '../web/forms';
import { addDeferral } from './donor-eligibility';

// A volunteer records a deferral they learnt of on the phone or at a camp (a tattoo last month,
// malaria in March): the donor leaves the matching list until it has passed.

const codes = DEFERRAL_RULES.map((r) => r.code) as [string, ...string[]];

export function deferralForm(today: string) {
  const fields = {
    deferral_reason: z.enum(codes, { error: 'donor_care.choose_deferral' }),
    deferral_since: requiredDate,
    deferral_until: optionalDate,
    deferral_note: optionalText(500),
  } satisfies Shape;
  return {
    order: ['deferral_reason', 'deferral_since', 'deferral_until', 'deferral_note'],
    fields,
    check(d, problem) {
      if (d.deferral_since && d.deferral_since > today) problem('deferral_since', 'donor_care.since_in_future');
      if (d.deferral_until && d.deferral_until <= today) problem('deferral_until', 'donor_care.until_in_past');
    },
  } satisfies FormDefinition<typeof fields>;
}

export function deferralRoutes({ db, geo, now }: { db: Database; geo: GeoDirectory; now: () => Date }) {
  const router = Router();
  const { renderRecord } = recordPage({ db, geo, now });

  router.post(`${PATHS.donor}/:id/deferrals`, requireVolunteer, async (req, res, next) => {
    const id = recordId(req);
    if (!id) return next();
    const submitted = parseForm(deferralForm(todayInIndia(now())), req);
    if (!submitted.ok) return (await renderRecord(req, res, 'donor', id, 422, submitted)) || next();
    const f = submitted.data;
    const added = await db.withTransaction(async (tx) => {
      // Same jurisdiction rule as every donor action: outside it the donor "does not exist".
      if (!(await findDonorInScope(tx, id, req.volunteer!.districtIds))) return false;
      const deferralId = await addDeferral(tx, {
        donorId: id,
        reason: f.deferral_reason,
        since: f.deferral_since,
        ...(f.deferral_until ? { untilDate: f.deferral_until } : {}),
        source: 'volunteer',
        recordedBy: req.volunteer!.id,
        ...(f.deferral_note ? { note: f.deferral_note } : {}),
      });
      await recordAudit(tx, {
        actor: req.volunteer, action: 'deferral_added', entity: { type: 'donor', id }, ip: clientIp(req), details: { deferralId, reason: f.deferral_reason },
      });
      return true;
    });
    if (!added) return next();
    flash(req, 'donor_care.deferral_added');
    res.redirect(303, `${PATHS.donor}/${id}#eligibility`);
  });

  return router;
}
