import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

// One-time sign-in codes for donors. A 6-digit code has only a million values, so a plain
// hash would be reversed at once: it is an HMAC keyed with the session secret, over the phone
// number and the code with a per-row salt. A stolen table without the secret reveals nothing.

export const CODE_POLICY = {
  digits: 6,
  ttlMs: 10 * 60_000,
  maxAttempts: 5,
  /** At most this many codes per number within the short window… */
  perWindow: 3,
  windowMs: 15 * 60_000,
  /** …and within a day. */
  perDay: 10,
  dayMs: 24 * 3_600_000,
} as const;

/** A uniformly random code, leading zeros kept. */
export function generateCode(): string {
  return String(randomInt(10 ** CODE_POLICY.digits)).padStart(CODE_POLICY.digits, '0');
}

function mac(secret: string, salt: string, phone: string, code: string): string {
  return createHmac('sha256', secret).update(`${salt}:${phone}:${code}`).digest('base64url');
}

/** What is stored: "v1$<salt>$<hmac>". Neither part contains the code's digits as such. */
export function hashCode(secret: string, phone: string, code: string): string {
  const salt = randomBytes(12).toString('base64url');
  return `v1$${salt}$${mac(secret, salt, phone, code)}`;
}

export function codeMatches(secret: string, phone: string, code: string, stored: string): boolean {
  const [version, salt, expected] = stored.split('$');
  if (version !== 'v1' || !salt || !expected) return false;
  const actual = Buffer.from(mac(secret, salt, phone, code));
  const wanted = Buffer.from(expected);
  return actual.length === wanted.length && timingSafeEqual(actual, wanted);
}
