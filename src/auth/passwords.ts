import { randomInt } from 'node:crypto';
import { createRequire } from 'node:module';
import bcrypt from 'bcrypt';

// Password rules (OWASP ASVS L2): at least 12 characters, at most 72 bytes (bcrypt's limit),
// not among the 10,000 most common passwords, not the username or the person's name.

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_BYTES = 72;
const COMMON_LIST_SIZE = 10_000;

// @zxcvbn-ts/language-common ships leaked-password frequency lists; its top 10,000 are "common".
const { dictionary } = createRequire(import.meta.url)('@zxcvbn-ts/language-common') as { dictionary: Record<string, string[]> };
const COMMON_PASSWORDS = new Set((dictionary['passwords-common'] ?? []).slice(0, COMMON_LIST_SIZE));
if (COMMON_PASSWORDS.size < COMMON_LIST_SIZE) throw new Error('common password list is missing from @zxcvbn-ts/language-common');

export type PasswordProblem = 'too_short' | 'too_long' | 'control_characters' | 'too_common' | 'contains_name';

export function passwordProblem(password: string, person: { username?: string; fullName?: string } = {}): PasswordProblem | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) return 'too_long';
  // bcrypt reads a C string: everything after a NUL would be silently ignored. No control
  // character can be typed into a password field anyway.
  if (/[\u0000-\u001f\u007f]/.test(password)) return 'control_characters';
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(lower.replace(/[\d!@#$%^&*.]+$/, ''))) return 'too_common';
  const names = [person.username, ...(person.fullName?.split(/\s+/) ?? [])].filter((n): n is string => !!n && n.length >= 4);
  if (names.some((n) => lower.includes(n.toLowerCase()))) return 'contains_name';
  return undefined;
}

export function hashPassword(password: string, cost: number): Promise<string> {
  return bcrypt.hash(password, cost);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/**
 * A hash to compare against when the username is unknown or locked, so that every failed
 * sign-in costs the same bcrypt work and timing does not reveal which usernames exist.
 */
export function decoyHash(cost: number): () => Promise<string> {
  let hash: Promise<string> | undefined;
  return () => (hash ??= bcrypt.hash(`decoy-${randomInt(1e9)}`, cost));
}

// Temporary passwords are read out over the phone: words of unambiguous characters.
const TEMP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A one-time password an admin hands over; the volunteer must change it at first sign-in. */
export function generateTemporaryPassword(): string {
  const group = () => Array.from({ length: 4 }, () => TEMP_ALPHABET[randomInt(TEMP_ALPHABET.length)]).join('');
  return `${group()}-${group()}-${group()}-${group()}`;
}
