import { Router } from 'express';
import { stringify } from 'csv-stringify/sync';
import { recordAudit } from '../audit/audit';
import { todayInIndia } from '../domain/dates';
import type { FieldErrors } from '../web/form-errors';
import { parseForm } from '../web/forms';
import { endDonorSession, requireDonor } from './current-donor';
import { eraseDonor } from './erasure.queries';
import { collectMyData, type MyData } from './export.queries';
import type { MeDeps } from './me.routes';
import { eraseForm } from './me.schema';

// The donor's rights over their data: a copy of all of it, and erasure on withdrawing consent.

export function meDataRoutes({ db, now }: MeDeps) {
  const router = Router();

  async function exportFor(donorId: number) {
    const data = await collectMyData(db, donorId);
    if (!data) throw new Error(`signed-in donor ${donorId} has no record`);
    return { exported_at: now().toISOString(), ...data };
  }

  router.get('/me/data.json', requireDonor, async (req, res) => {
    const data = await exportFor(req.donorId!);
    res.attachment(`raktdaan-mitra-my-data-${todayInIndia(now())}.json`);
    res.type('application/json; charset=utf-8').set('Cache-Control', 'no-store').send(JSON.stringify(data, null, 2));
  });

  router.get('/me/data.csv', requireDonor, async (req, res) => {
    const data = await exportFor(req.donorId!);
    const t = res.locals.t as (key: string) => string;
    const csv = stringify(csvRows(data), {
      header: true,
      columns: (['section', 'item', 'field', 'value'] as const).map((key) => ({ key, header: t(`me.export.${key}`) })),
      // A cell starting with = + - @ gets a leading ' so spreadsheets never run it as a formula.
      escape_formulas: true,
      bom: true,
    });
    res.attachment(`raktdaan-mitra-my-data-${todayInIndia(now())}.csv`);
    res.type('text/csv; charset=utf-8').set('Cache-Control', 'no-store').send(csv);
  });

  router.get('/me/erase', requireDonor, (_req, res) => {
    res.render('me/erase', { values: { confirm: '' }, errors: {} });
  });

  router.post('/me/erase', requireDonor, async (req, res) => {
    const submitted = parseForm(eraseForm, req);
    if (!submitted.ok) return res.status(422).render('me/erase', { values: { confirm: '' }, errors: submitted.errors as FieldErrors });
    const donorId = req.donorId!;
    const erased = await db.withTransaction(async (tx) => {
      const counts = await eraseDonor(tx, donorId, now());
      // Ids and counts only: the event must not bring back what was just erased.
      if (counts) await recordAudit(tx, { action: 'donor_erased', entity: { type: 'donor', id: donorId }, details: { ...counts } });
      return counts;
    });
    req.log.info({ donorId, erased: !!erased }, 'donor withdrew consent; data erased');
    if ((await endDonorSession(req)) === 'destroyed') res.clearCookie('rm.sid');
    res.redirect(303, '/me/goodbye');
  });

  router.get('/me/goodbye', (_req, res) => {
    res.render('me/goodbye');
  });

  return router;
}

type Cell = string | number | boolean;

/** Everything as (section, item, field, value) rows: one file that opens in any spreadsheet. */
function csvRows(data: MyData & { exported_at: string }): Array<Record<string, Cell>> {
  const rows: Array<Record<string, Cell>> = [{ section: 'export', item: '', field: 'exported_at', value: data.exported_at }];
  const add = (section: string, item: string, object: Record<string, unknown>) => {
    for (const [field, value] of Object.entries(object)) rows.push({ section, item, field, value: cellValue(value) });
  };
  add('record', '', data.record);
  for (const section of ['donations', 'deferrals', 'contact_attempts', 'notifications', 'sign_in_codes'] as const) {
    data[section].forEach((object, i) => add(section, String(i + 1), object));
  }
  return rows;
}

function cellValue(value: unknown): Cell {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return value as Cell;
}
