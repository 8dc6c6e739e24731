import { randomInt } from 'node:crypto';
import { asciiDigits } from './digits';

// Public request references such as PM-7K3QX9: random (not guessable or sequential),
// short enough to read over the phone, without characters people confuse (0/O, 1/I/L).
export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const LENGTH = 6;

export function generateReference(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i++) code += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return `PM-${code}`;
}

/** Accepts what people type ("pm 7k3qx9", "7K3-QX9") and returns the canonical form, or undefined. */
export function normaliseReference(input: string): string | undefined {
  let s = asciiDigits(input).toUpperCase().replace(/[\s-]/g, '');
  if (s.startsWith('PM')) s = s.slice(2);
  return s.length === LENGTH && [...s].every((c) => REFERENCE_ALPHABET.includes(c)) ? `PM-${s}` : undefined;
}
