import type { Sql } from '../db/database';
import type { Language } from '../web/i18n';
import { listAllDistricts, listStates, type DistrictRow } from './geo.queries';

// States and districts change a few times a decade, so each process loads them once
// and answers form rendering and validation from memory.

export interface StateOption {
  code: string;
  name: string;
}

export class GeoDirectory {
  private readonly states: Array<{ code: string; name: string; nameHi: string | null }>;
  private readonly districtsByState = new Map<string, DistrictRow[]>();
  private readonly districtsById = new Map<number, DistrictRow>();

  constructor(states: Array<{ code: string; name: string; name_hi: string | null }>, districts: DistrictRow[]) {
    this.states = states.map((s) => ({ code: s.code, name: s.name, nameHi: s.name_hi }));
    for (const d of districts) {
      this.districtsById.set(d.id, d);
      const list = this.districtsByState.get(d.state_code) ?? [];
      list.push(d);
      this.districtsByState.set(d.state_code, list);
    }
  }

  /** States in the alphabetical order of the page's language. */
  statesFor(lang: Language): StateOption[] {
    const named = this.states.map((s) => ({ code: s.code, name: lang === 'hi' && s.nameHi ? s.nameHi : s.name }));
    return named.sort((a, b) => a.name.localeCompare(b.name, lang === 'hi' ? 'hi' : 'en'));
  }

  hasState(code: string): boolean {
    return this.districtsByState.has(code);
  }

  stateName(code: string, lang: Language): string {
    const s = this.states.find((x) => x.code === code);
    return s ? (lang === 'hi' && s.nameHi ? s.nameHi : s.name) : code;
  }

  districtsOf(stateCode: string): DistrictRow[] {
    return this.districtsByState.get(stateCode) ?? [];
  }

  district(id: number): DistrictRow | undefined {
    return this.districtsById.get(id);
  }

  districtName(id: number): string {
    return this.districtsById.get(id)?.name ?? '';
  }

  isDistrictInState(districtId: number, stateCode: string): boolean {
    return this.districtsById.get(districtId)?.state_code === stateCode;
  }
}

export async function loadGeoDirectory(db: Sql): Promise<GeoDirectory> {
  const [states, districts] = await Promise.all([listStates(db), listAllDistricts(db)]);
  return new GeoDirectory(states, districts);
}
