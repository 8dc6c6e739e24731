import { Router } from 'express';
import { z } from 'zod';
import { requireVolunteer } from '../auth/current-volunteer';
import type { Database } from '../db/database';
import { BLOOD_GROUPS, URGENCIES } from '../domain/blood';
import type { GeoDirectory } from '../geo/geo-directory';
import type { FieldErrors } from '../web/form-errors';
import { pendingCounts, pendingQueue, type QueueCursor, type QueueFilters, type QueueItem, type Scope } from './queue.queries';
import { scopedDistricts, scopedStates } from './scope';

const PAGE_SIZE = 25;

const cursorSchema = z.tuple([z.number().int().min(0).max(2), z.string().max(40), z.enum(['donor', 'request']), z.number().int().positive()]);

export function encodeCursor(item: QueueItem): string {
  return Buffer.from(JSON.stringify([item.rank, item.created_key, item.kind, Number(item.id)])).toString('base64url');
}

function decodeCursor(value: unknown): QueueCursor | undefined {
  if (typeof value !== 'string' || value.length > 200) return undefined;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Filters come from selects; a value that is not one of the options is reported, then ignored. */
function readFilters(query: Record<string, unknown>, geo: GeoDirectory, scope: Scope) {
  const errors: FieldErrors = {};
  const filters: QueueFilters = {};
  let narrowed = scope;
  const text = (name: string) => (typeof query[name] === 'string' && query[name] !== '' ? (query[name] as string) : undefined);

  const kind = text('kind');
  if (kind === 'donor' || kind === 'request') filters.kind = kind;
  else if (kind) errors.kind = { key: 'queue.bad_filter' };
  const state = text('state');
  if (state && geo.hasState(state)) {
    const ids = new Set(geo.districtsOf(state).map((d) => d.id));
    narrowed = (scope ?? [...ids]).filter((id) => ids.has(id));
  } else if (state) errors.state = { key: 'queue.bad_filter' };
  const district = text('district');
  if (district && /^\d{1,9}$/.test(district) && (scope === null || scope.includes(Number(district)))) filters.districtId = Number(district);
  else if (district) errors.district = { key: 'queue.bad_filter' };
  const group = text('blood_group');
  if (group && (BLOOD_GROUPS as readonly string[]).includes(group)) filters.bloodGroup = group;
  else if (group) errors.blood_group = { key: 'queue.bad_filter' };
  const urgency = text('urgency');
  if (urgency && (URGENCIES as readonly string[]).includes(urgency)) filters.urgency = urgency;
  else if (urgency) errors.urgency = { key: 'queue.bad_filter' };

  const values = { kind: filters.kind ?? '', state: errors.state ? '' : (state ?? ''), district: filters.districtId ? String(filters.districtId) : '', blood_group: filters.bloodGroup ?? '', urgency: filters.urgency ?? '' };
  return { filters, scope: narrowed, errors, values };
}

export function queueRoutes({ db, geo, now }: { db: Database; geo: GeoDirectory; now: () => Date }) {
  const router = Router();

  router.get('/volunteer', requireVolunteer, async (req, res) => {
    const scope = req.volunteer!.districtIds;
    const { filters, scope: narrowed, errors, values } = readFilters(req.query, geo, scope);
    const after = decodeCursor(req.query.after);
    const [rows, counts] = await Promise.all([pendingQueue(db, narrowed, filters, after, PAGE_SIZE + 1), pendingCounts(db, scope)]);
    const items = rows.slice(0, PAGE_SIZE);
    const more = rows.length > PAGE_SIZE ? encodeCursor(items[items.length - 1]!) : undefined;
    const params = new URLSearchParams(Object.entries(values).filter(([, v]) => v !== ''));
    res.status(Object.keys(errors).length ? 422 : 200).render('volunteer/queue', {
      items,
      counts,
      values,
      errors,
      nextPage: more ? `/volunteer?${new URLSearchParams([...params, ['after', more]])}` : undefined,
      isFirstPage: !after,
      firstPage: `/volunteer${params.size ? `?${params}` : ''}`,
      states: scopedStates(geo, req.lang, scope),
      districts: scopedDistricts(geo, scope, values.state),
      districtName: (id: number) => geo.districtName(id),
      nowMs: now().getTime(),
      bloodGroups: BLOOD_GROUPS,
      urgencies: URGENCIES,
    });
  });

  return router;
}
