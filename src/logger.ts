import { pino, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { RequestHandler } from 'express';

// Personal data never reaches the logs: bodies are not logged, cookies and any field that
// holds a name or phone number are censored, and phone-like digit runs in URLs are masked.
const REDACT_PATHS = [
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.phone',
  '*.contact_phone',
  '*.full_name',
  '*.patient_name',
  '*.contact_name',
  '*.email',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, serializers: { err: errorWithoutData } }, destination as never);
}

export function maskDigits(text: string): string {
  return text.replace(/(?:\+|%2B)?\d[\d\s-]{8,}\d/gi, '[number]');
}

// A database error quotes what it refused: a check violation's `detail` is the whole failing row
// (name, phone number…), a unique violation's the key. Only what identifies the failure is kept.
const ERROR_FIELDS = ['type', 'message', 'stack', 'code', 'constraint', 'table', 'column', 'routine', 'status', 'statusCode'];

export function errorWithoutData(err: unknown): unknown {
  if (typeof err !== 'object' || err === null) return err;
  const full = pino.stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
  return Object.fromEntries(
    ERROR_FIELDS.filter((k) => full[k] !== undefined).map((k) => [k, typeof full[k] === 'string' ? maskDigits(full[k]) : full[k]]),
  );
}

export function requestLogger(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url?.startsWith('/public/') === true },
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: maskDigits(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: errorWithoutData,
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'info'),
  });
}
