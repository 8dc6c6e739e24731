import type { RequestHandler } from 'express';
import type { Config } from '../config';
import { displayBloodGroup } from '../domain/blood';
import { formatDate, formatDateTime } from '../domain/dates';

/** Helpers and settings every view may use. */
export function viewHelpers(config: Config): RequestHandler {
  return (req, res, next) => {
    res.locals.formatDate = formatDate;
    res.locals.formatDateTime = formatDateTime;
    res.locals.displayBloodGroup = displayBloodGroup;
    res.locals.contact = config.contact;
    res.locals.currentPath = req.path;
    // Where the language switch points: this page, without its query string.
    res.locals.switchPath = req.method === 'GET' ? req.path : '/';
    next();
  };
}
