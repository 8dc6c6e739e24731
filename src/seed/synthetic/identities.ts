import { REFERENCE_ALPHABET } from '../../domain/reference';
import type { Random } from './random';

// Unique values for synthetic rows, generated from counters rather than drawn at random and
// retried: the n-th value is fixed by n (and the seed), and no two are ever the same.

export const SYNTHETIC_DONOR_NAME_PREFIX = 'Synthetic Donor ';
export const SYNTHETIC_PATIENT_NAME_PREFIX = 'Synthetic Patient ';
/** Donors' mobile numbers are +91 60xxxxxxxx; families' +91 61xxxxxxxx (eight digits of counter). */
export const DONOR_PHONE_PREFIX = '+9160';
export const FAMILY_PHONE_PREFIX = '+9161';
const PHONE_DIGITS = 8;
export const MAX_SYNTHETIC_PHONES = 10 ** PHONE_DIGITS;

/**
 * Phone numbers in a range of their own, counting up and stepping over any number already taken
 * by a row that is not synthetic (donors.phone is unique).
 */
export class PhoneSequence {
  private next = 0;
  constructor(
    private readonly prefix: string,
    private readonly taken: ReadonlySet<string> = new Set(),
  ) {}

  take(): string {
    for (;;) {
      if (this.next >= MAX_SYNTHETIC_PHONES) throw new RangeError(`no synthetic phone numbers left after ${this.prefix}…`);
      const phone = this.prefix + String(this.next++).padStart(PHONE_DIGITS, '0');
      if (!this.taken.has(phone)) return phone;
    }
  }
}

const BASE = REFERENCE_ALPHABET.length; // 31
const LENGTH = 6;
/** 31^6 = 887,503,681 possible references. */
export const REFERENCE_SPACE = BASE ** LENGTH;
// n ↦ (A·n + B) mod 31^6 is a bijection when A shares no factor with 31^6, i.e. is not a
// multiple of 31. A is large so that neighbouring counters land far apart; A·n stays below 2^53.
const MULTIPLIER = 7_368_787;

/** The n-th reference (0 ≤ n < 31^6): distinct n give distinct references, for any offset. */
export function referenceFor(n: number, offset: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= REFERENCE_SPACE) throw new RangeError(`reference number ${n} is out of range`);
  let x = (MULTIPLIER * n + offset) % REFERENCE_SPACE;
  let code = '';
  for (let i = 0; i < LENGTH; i++) {
    code = REFERENCE_ALPHABET[x % BASE] + code;
    x = Math.floor(x / BASE);
  }
  return `PM-${code}`;
}

/** References in counter order, stepping over those already used by rows that are not synthetic. */
export class ReferenceSequence {
  private next = 0;
  private readonly offset: number;
  constructor(
    seed: number,
    private readonly taken: ReadonlySet<string> = new Set(),
  ) {
    this.offset = (seed >>> 0) % REFERENCE_SPACE;
  }

  take(): string {
    for (;;) {
      const reference = referenceFor(this.next++, this.offset);
      if (!this.taken.has(reference)) return reference;
    }
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A version-4-shaped UUID whose last 12 hex digits are the counter, so tokens never repeat within a
 * run; the other digits are random, so they do not meet the tokens of real requests either.
 */
export function formToken(n: number, random: Random): string {
  const r = () => HEX[(random() * 256) | 0]!;
  const counter = n.toString(16).padStart(12, '0');
  return `${r()}${r()}${r()}${r()}-${r()}${r()}-4${r().slice(1)}${r()}-${HEX[0x80 | ((random() * 64) | 0)]}${r()}-${counter}`;
}
