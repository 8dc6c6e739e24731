import { Router, type Request, type Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import { requireAdmin } from '../auth/current-volunteer';
import { formatDateTime, todayInIndia } from '../domain/dates';
import type { AdminDeps } from '../volunteers/volunteers.routes';
import { clientIp, recordAudit } from './audit';
import { AUDIT_ACTIONS, hasErrors, parseAuditFilters, type AuditFilters } from './audit-filters';
import { searchAuditEvents, type AuditRow } from './audit.queries';

const PAGE_SIZE = 50;
/** The most rows one export holds; a capped file says so in its name. */
export const EXPORT_CAP = 50_000;

const CSV_COLUMNS = ['id', 'time', 'occurred_at', 'actor', 'role', 'action', 'entity_type', 'entity_id', 'ip', 'details'] as const;

/** Where an audited record can be looked at. */
export function entityHref(type: string | null, id: number | null): string | undefined {
  if (id === null) return undefined;
  if (type === 'volunteer') return `/admin/volunteers/${id}`;
  if (type === 'donor') return `/volunteer/donors/${id}`;
  if (type === 'blood_request') return `/volunteer/requests/${id}`;
  return undefined;
}

const compactDetails = (details: Record<string, unknown>) => (Object.keys(details).length ? JSON.stringify(details) : '');

/** The audit log page and its CSV export, with the same filters. */
export function auditRoutes({ db, now }: AdminDeps) {
  const router = Router();

  function renderLog(res: Response, status: number, filters: AuditFilters, page: { events?: AuditRow[]; olderHref?: string } = {}) {
    const query = filters.params.toString();
    res.status(status).render('admin/audit', {
      values: filters.values,
      errors: filters.errors,
      actions: AUDIT_ACTIONS,
      events: page.events ?? [],
      olderHref: page.olderHref,
      newestHref: filters.before ? `/admin/audit${query ? `?${query}` : ''}` : undefined,
      csvHref: `/admin/audit.csv${query ? `?${query}` : ''}`,
      filtered: query !== '',
      entityHref,
      compactDetails,
    });
  }

  router.get('/admin/audit', requireAdmin, async (req, res) => {
    const filters = parseAuditFilters(req.query);
    if (hasErrors(filters)) return renderLog(res, 422, filters);
    const rows = await searchAuditEvents(db, filters.query, { before: filters.before, limit: PAGE_SIZE + 1 });
    const events = rows.slice(0, PAGE_SIZE);
    let olderHref: string | undefined;
    if (rows.length > PAGE_SIZE) {
      const older = new URLSearchParams(filters.params);
      older.set('before', String(events.at(-1)!.id));
      olderHref = `/admin/audit?${older.toString()}`;
    }
    renderLog(res, 200, filters, { events, olderHref });
  });

  router.get('/admin/audit.csv', requireAdmin, async (req: Request, res) => {
    const filters = parseAuditFilters(req.query);
    if (hasErrors(filters)) return renderLog(res, 422, filters);
    const rows = await searchAuditEvents(db, filters.query, { limit: EXPORT_CAP + 1 });
    const capped = rows.length > EXPORT_CAP;
    const exported = rows.slice(0, EXPORT_CAP);
    await recordAudit(db, {
      actor: req.volunteer,
      action: 'audit_exported',
      ip: clientIp(req),
      details: { filters: Object.fromEntries(filters.params), rows: exported.length, capped },
    });

    const t = res.locals.t as (key: string) => string;
    const csv = stringify(
      exported.map((r) => ({
        id: r.id,
        time: formatDateTime(r.occurred_at),
        occurred_at: r.occurred_at.toISOString(),
        actor: r.actor_username ?? '',
        role: r.actor_role ?? '',
        action: r.action,
        entity_type: r.entity_type ?? '',
        entity_id: r.entity_id ?? '',
        ip: r.ip ?? '',
        details: compactDetails(r.details),
      })),
      {
        header: true,
        columns: CSV_COLUMNS.map((key) => ({ key, header: t(`audit.csv.${key}`) })),
        // A cell starting with = + - @ tab or CR gets a leading ' so spreadsheets never run it as a formula.
        escape_formulas: true,
        // Excel needs the byte-order mark to read UTF-8 (Hindi headers, names).
        bom: true,
      },
    );
    const day = todayInIndia(now());
    res.attachment(`audit-${day}${capped ? `-first-${EXPORT_CAP}-rows` : ''}.csv`);
    res.type('text/csv; charset=utf-8').set('Cache-Control', 'no-store').send(csv);
  });

  return router;
}
