/** Devanagari digits (०–९), which Hindi keyboards type, as ASCII digits. */
export function asciiDigits(input: string): string {
  return input.replace(/[\u0966-\u096F]/g, (d) => String(d.charCodeAt(0) - 0x0966));
}
