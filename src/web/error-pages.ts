import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { isDatabaseUnavailable } from '../db/errors';

// One place that turns failures into pages in the visitor's language.
// Statuses with their own wording: 400, 403, 404, 413, 429, 500, 503.
const KNOWN_STATUSES = new Set([400, 403, 404, 413, 429, 500, 503]);

/** `kind` picks other wording for the same status (an expired form is a 403, as is a forbidden page). */
export function sendErrorPage(res: Response, status: number, detail?: string, kind?: 'csrf') {
  const shown = KNOWN_STATUSES.has(status) ? status : status >= 500 ? 500 : 400;
  res.status(status);
  if (status === 503) res.set('Retry-After', '30');
  const view = shown === 404 ? 'errors/404' : shown === 500 ? 'errors/500' : 'errors/error';
  res.render(view, { status: shown, kind: kind ?? String(shown), detail }, (renderErr: Error | null, html?: string) => {
    // If even the error page cannot render, still answer in both languages.
    if (renderErr) res.type('text/plain').send(`Error ${status} / त्रुटि ${status}`);
    else res.send(html);
  });
}

export const renderError =
  (status: number): RequestHandler =>
  (_req, res) =>
    sendErrorPage(res, status);

export const notFound: RequestHandler = (_req, res) => sendErrorPage(res, 404);

interface HttpLikeError {
  code?: string;
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

export function errorHandler(options: { showStack: boolean }): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) {
      // The answer already went out whole (a session stored after the response failed): passing the
      // error on would make Express destroy the connection, under the browser's next request on it.
      if (res.writableEnded) return req.log?.warn({ err }, 'failed after the answer was sent');
      return next(err);
    }
    const e = (typeof err === 'object' && err !== null ? err : {}) as HttpLikeError;
    let status = e.status ?? e.statusCode ?? 500;
    if (isDatabaseUnavailable(err)) status = 503;
    // Malformed bodies and too many fields are the client's doing, not a crash.
    if (e.type === 'parameters.too.many') status = 413;
    if (status < 400 || status > 599) status = 500;
    if (status >= 500) req.log?.error({ err }, 'request failed');
    else req.log?.info({ status, reason: e.type ?? (err as Error)?.message }, 'request refused');
    const detail = status === 500 && options.showStack && err instanceof Error ? err.stack : undefined;
    sendErrorPage(res, status, detail, e.code === 'EBADCSRFTOKEN' ? 'csrf' : undefined);
  };
}
