import { describe, expect, it } from 'vitest';
import { allPincodeLocations, pincodeLocation } from '../src/geo/pincode-location';

describe('PIN code coordinates', () => {
  it('gives the post office coordinates of a known PIN code', () => {
    const civilLines = pincodeLocation('211001')!;
    expect(civilLines.latitude).toBeCloseTo(25.46, 1);
    expect(civilLines.longitude).toBeCloseTo(81.82, 1);
  });

  it('treats the dataset’s 0,0 entries and places outside India as unknown, so matching falls back to the district', () => {
    expect(pincodeLocation('182101')).toBeUndefined(); // stored as 0,0
    expect(pincodeLocation('737101')).toBeUndefined(); // Gangtok, placed in China by the dataset
    expect(pincodeLocation('999999')).toBeUndefined();
    const known = allPincodeLocations().filter((p) => pincodeLocation(p.pincode));
    expect(known.length).toBeGreaterThan(18_000);
  });
});
