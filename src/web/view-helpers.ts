import type { RequestHandler } from 'express';
import type { Config } from '../config';
import { displayBloodGroup } from '../domain/blood';
import { formatDate, formatDateTime } from '../domain/dates';

/** How long something has waited, as [translation key, params]: minutes, hours and minutes, or days. */
export function formatWaiting(ms: number): [string, Record<string, number>] {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return ['time.minutes', { count: minutes }];
  if (minutes < 48 * 60) return ['time.hours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 }];
  return ['time.days', { count: Math.floor(minutes / 1440) }];
}

/** Helpers and settings every view may use. */
export function viewHelpers(config: Config): RequestHandler {
  return (req, res, next) => {
    res.locals.formatDate = formatDate;
    res.locals.formatDateTime = formatDateTime;
    res.locals.displayBloodGroup = displayBloodGroup;
    res.locals.formatWaiting = formatWaiting;
    res.locals.contact = config.contact;
    res.locals.currentPath = req.path;
    // Where the language switch points: this page with its query (filters, ?camp=…), minus any old lang.
    res.locals.switchPath = req.method === 'GET' ? withQuery(req.path, req.originalUrl) : '/';
    next();
  };
}

function withQuery(path: string, originalUrl: string): string {
  const at = originalUrl.indexOf('?');
  if (at < 0) return path;
  const query = new URLSearchParams(originalUrl.slice(at + 1));
  query.delete('lang');
  const rest = query.toString();
  return rest ? `${path}?${rest}` : path;
}
