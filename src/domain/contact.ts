import { asciiDigits } from './digits';

// Indian mobile numbers and PIN codes.

/**
 * Normalises an Indian mobile number to E.164 (+91XXXXXXXXXX).
 * Accepts spaces, dashes, brackets and a +91, 91 or 0 prefix; the number itself has
 * 10 digits starting 6–9. Returns undefined for anything else.
 */
export function normaliseIndianMobile(input: string): string | undefined {
  let digits = asciiDigits(input).trim().replace(/[\s\-().]/g, '');
  if (digits.startsWith('+91')) digits = digits.slice(3);
  else if (digits.startsWith('0091')) digits = digits.slice(4);
  else if (digits.length === 12 && digits.startsWith('91')) digits = digits.slice(2);
  else if (digits.length === 11 && digits.startsWith('0')) digits = digits.slice(1);
  return /^[6-9]\d{9}$/.test(digits) ? `+91${digits}` : undefined;
}

/** Shows +91XXXXXXXXXX as +91 XXXXX XXXXX. */
export function formatIndianMobile(e164: string): string {
  return /^\+91\d{10}$/.test(e164) ? `+91 ${e164.slice(3, 8)} ${e164.slice(8)}` : e164;
}

export function isValidPincode(input: string): boolean {
  return /^[1-9]\d{5}$/.test(asciiDigits(input));
}
