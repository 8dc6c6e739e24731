import { allPincodeLocations } from '../../geo/pincode-location';
import { STATE_POPULATION_2011 } from './distributions';
import { PINCODES_WITHOUT_COORDINATES, stateOfPincode } from './pincode-states';
import { fnv1a, WeightedPicker, type Random } from './random';

// Where synthetic people live: a state drawn by population, then one of that state's PIN codes,
// each PIN code tied to one district of its state so that donors of a PIN code share a district.

export interface DistrictRef {
  id: number;
  state_code: string;
  name: string;
}

export interface PincodeRef {
  pincode: string;
  latitude: number;
  longitude: number;
}

/** One PIN code with its district and coordinates (null when the package has none or nonsense). */
export interface Place {
  stateCode: string;
  pincode: string;
  districtId: number;
  districtName: string;
  latitude: number | null;
  longitude: number | null;
}

// A generous box around India, islands included: the package has 0,0 for some codes and a
// few far outside the country (737101 sits in China), which are better unknown than wrong.
const INDIA_BOX = { minLat: 6, maxLat: 37.5, minLng: 68, maxLng: 98 };

function plausible(lat: number, lng: number): boolean {
  return lat >= INDIA_BOX.minLat && lat <= INDIA_BOX.maxLat && lng >= INDIA_BOX.minLng && lng <= INDIA_BOX.maxLng;
}

function listIn<T>(map: Map<string, T[]>, key: string): T[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}

export class Places {
  readonly byState: ReadonlyMap<string, readonly Place[]>;
  private readonly states: readonly string[];
  private readonly statePicker: WeightedPicker;

  /**
   * districts: the districts table. Within a state, PIN codes sorted by a stable hash are dealt to
   * its districts in turn: deterministic, and every district gets PIN codes when there are enough.
   */
  constructor(districts: readonly DistrictRef[], pincodes: readonly PincodeRef[] = allPincodeLocations()) {
    const districtsOf = new Map<string, DistrictRef[]>();
    for (const d of districts) listIn(districtsOf, d.state_code).push(d);
    const codesOf = new Map<string, Array<{ pincode: string; latitude: number | null; longitude: number | null }>>();
    const add = (state: string, pincode: string, latitude: number | null, longitude: number | null) =>
      listIn(codesOf, state).push({ pincode, latitude, longitude });
    for (const p of pincodes) {
      const state = stateOfPincode(p.pincode);
      if (!state) continue;
      const known = plausible(p.latitude, p.longitude);
      add(state, p.pincode, known ? p.latitude : null, known ? p.longitude : null);
    }
    for (const [state, extra] of Object.entries(PINCODES_WITHOUT_COORDINATES)) {
      const have = new Set((codesOf.get(state) ?? []).map((c) => c.pincode));
      for (const pincode of extra) if (!have.has(pincode)) add(state, pincode, null, null);
    }

    const byState = new Map<string, Place[]>();
    for (const state of Object.keys(STATE_POPULATION_2011)) {
      const ds = (districtsOf.get(state) ?? []).sort((a, b) => a.name.localeCompare(b.name, 'en') || a.id - b.id);
      const codes = (codesOf.get(state) ?? []).sort((a, b) => fnv1a(a.pincode) - fnv1a(b.pincode) || a.pincode.localeCompare(b.pincode));
      if (ds.length === 0) throw new Error(`No districts of ${state} in the database: run \`npm run migrate\` first.`);
      if (codes.length === 0) throw new Error(`No PIN codes known for ${state}.`);
      byState.set(state, codes.map((c, i) => {
        const d = ds[i % ds.length]!;
        return { stateCode: state, pincode: c.pincode, districtId: d.id, districtName: d.name, latitude: c.latitude, longitude: c.longitude };
      }));
    }
    this.byState = byState;
    this.states = [...byState.keys()];
    this.statePicker = new WeightedPicker(this.states.map((s) => STATE_POPULATION_2011[s]!));
  }

  /** A state by population, then one of its PIN codes uniformly. */
  pick(random: Random): Place {
    const places = this.byState.get(this.states[this.statePicker.pick(random())]!)!;
    return places[(random() * places.length) | 0]!;
  }
}
