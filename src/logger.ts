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
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination as never);
}

export function maskDigits(text: string): string {
  return text.replace(/(?:\+|%2B)?\d[\d\s-]{8,}\d/gi, '[number]');
}

export function requestLogger(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url?.startsWith('/public/') === true },
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: maskDigits(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'info'),
  });
}
