// Recognising PostgreSQL errors by SQLSTATE without importing pg elsewhere.

interface PgLikeError {
  code?: string;
  constraint?: string;
}

function asPgError(err: unknown): PgLikeError | undefined {
  return typeof err === 'object' && err !== null ? (err as PgLikeError) : undefined;
}

export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = asPgError(err);
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

// Connection refused/reset, admin shutdown, cannot connect now, too many connections.
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08006']);

export function isDatabaseUnavailable(err: unknown): boolean {
  const e = asPgError(err);
  if (e?.code && UNAVAILABLE_CODES.has(e.code)) return true;
  const message = err instanceof Error ? err.message : '';
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message);
}
