import type { Sql } from '../db/database';
import { indianStatesAndDistricts } from './india';

export interface StateRow {
  [key: string]: unknown;
  code: string;
  name: string;
  name_hi: string | null;
}

export interface DistrictRow {
  [key: string]: unknown;
  id: number;
  state_code: string;
  name: string;
}

export function listStates(db: Sql): Promise<StateRow[]> {
  return db.many<StateRow>('select code, name, name_hi from states order by name');
}

export function listAllDistricts(db: Sql): Promise<DistrictRow[]> {
  return db.many<DistrictRow>('select id, state_code, name from districts order by state_code, name');
}

/** Seed step run by migrate: inserts missing states and districts, updates state names. Idempotent. */
export async function seedGeography(tx: Sql): Promise<void> {
  const states = indianStatesAndDistricts();
  await tx.exec(
    `insert into states (code, name, name_hi)
     select * from unnest($1::text[], $2::text[], $3::text[])
     on conflict (code) do update set name = excluded.name, name_hi = excluded.name_hi
     where (states.name, states.name_hi) is distinct from (excluded.name, excluded.name_hi)`,
    [states.map((s) => s.code), states.map((s) => s.name), states.map((s) => s.nameHi)],
  );
  const pairs = states.flatMap((s) => s.districts.map((d) => [s.code, d] as const));
  await tx.exec(
    `insert into districts (state_code, name)
     select * from unnest($1::text[], $2::text[])
     on conflict (state_code, name) do nothing`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
}
