import { Router } from 'express';
import { stringify } from 'csv-stringify/sync';
import { clientIp, recordAudit } from '../audit/audit';
import { requireAdmin } from '../auth/current-volunteer';
import type { Database } from '../db/database';
import { formatDate, todayInIndia } from '../domain/dates';
import type { GeoDirectory } from '../geo/geo-directory';
import { listHeldCamps } from './camp-stats.queries';

/** The most camps one export holds; a capped file says so in its name. */
export const CAMP_EXPORT_CAP = 50_000;

const CSV_COLUMNS = ['camp_id', 'date', 'title', 'district', 'state', 'organisation', 'units', 'donors'] as const;

/** Admins' download of every held camp (demo camps excluded, as on /stats): one row each, no donor data. */
export function campExportRoutes({ db, geo, now }: { db: Database; geo: GeoDirectory; now: () => Date }) {
  const router = Router();

  router.get('/admin/camps.csv', requireAdmin, async (req, res) => {
    const rows = await listHeldCamps(db, CAMP_EXPORT_CAP + 1);
    const capped = rows.length > CAMP_EXPORT_CAP;
    const exported = rows.slice(0, CAMP_EXPORT_CAP);
    await recordAudit(db, { actor: req.volunteer, action: 'camps_exported', ip: clientIp(req), details: { rows: exported.length, capped } });

    const t = res.locals.t as (key: string) => string;
    const csv = stringify(
      exported.map((c) => ({
        camp_id: c.id,
        date: formatDate(c.camp_date),
        title: c.title,
        district: geo.districtName(c.district_id),
        state: geo.stateName(c.state_code, req.lang),
        organisation: c.organisation_name,
        units: c.units,
        donors: c.donors,
      })),
      {
        header: true,
        columns: CSV_COLUMNS.map((key) => ({ key, header: t(`attendance.csv.${key}`) })),
        // Camp and organisation names are typed by people: a leading = + - @ must never run as a formula.
        escape_formulas: true,
        bom: true,
      },
    );
    res.attachment(`camps-held-${todayInIndia(now())}${capped ? `-first-${CAMP_EXPORT_CAP}` : ''}.csv`);
    res.type('text/csv; charset=utf-8').set('Cache-Control', 'no-store').send(csv);
  });

  return router;
}
