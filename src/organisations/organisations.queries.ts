import type { Sql } from '../db/database';
import type { OrganisationKind } from '../camps/camp-vocabulary';
import type { Scope } from '../verification/queue.queries';

// Partner organisations (NGOs, colleges, companies …) that run camps with the campaign.
// `scope` is the volunteer's district ids, or null for admins, and is applied in SQL everywhere.

/** The unique index that keeps one organisation of a name per district (migrations/0012). */
export const DUPLICATE_NAME_INDEX = 'partner_organisations_name_district_key';

export interface OrganisationRow {
  [key: string]: unknown;
  id: number;
  name: string;
  kind: OrganisationKind;
  contact_name: string | null;
  contact_phone: string | null;
  state_code: string;
  district_id: number;
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
  /** Camps this organisation runs or ran, whatever their status. */
  camp_count: number;
}

const COLUMNS = `o.id, o.name, o.kind, o.contact_name, o.contact_phone, o.state_code, o.district_id, o.is_active,
  o.created_at, o.updated_at, (select count(*)::int from camps c where c.organisation_id = o.id) as camp_count`;

export interface OrganisationFilters {
  stateCode?: string | undefined;
  districtId?: number | undefined;
  active?: boolean | undefined;
}

/** Organisations within the scope, active ones first, then by name. */
export function listOrganisationsInScope(db: Sql, scope: Scope, f: OrganisationFilters & { limit: number; offset: number }): Promise<OrganisationRow[]> {
  return db.many<OrganisationRow>(
    `select ${COLUMNS} from partner_organisations o
     where ($1::int[] is null or o.district_id = any($1))
       and ($2::text is null or o.state_code = $2)
       and ($3::int is null or o.district_id = $3)
       and ($4::boolean is null or o.is_active = $4)
     order by o.is_active desc, lower(o.name), o.id
     limit $5 offset $6`,
    [scope, f.stateCode ?? null, f.districtId ?? null, f.active ?? null, f.limit, f.offset],
  );
}

export function findOrganisationInScope(db: Sql, id: number, scope: Scope): Promise<OrganisationRow | undefined> {
  return db.maybeOne<OrganisationRow>(
    `select ${COLUMNS} from partner_organisations o
     where o.id = $1 and ($2::int[] is null or o.district_id = any($2))`,
    [id, scope],
  );
}

export interface OrganisationChoice {
  [key: string]: unknown;
  id: number;
  name: string;
  district_id: number;
}

/** What a camp form offers: active organisations within the scope, of one state when given. */
export function listActiveOrganisations(db: Sql, scope: Scope, stateCode: string | undefined): Promise<OrganisationChoice[]> {
  return db.many<OrganisationChoice>(
    `select o.id, o.name, o.district_id from partner_organisations o
     where o.is_active and ($1::int[] is null or o.district_id = any($1)) and ($2::text is null or o.state_code = $2)
     order by lower(o.name), o.id
     limit 500`,
    [scope, stateCode ?? null],
  );
}

export interface OrganisationInput {
  name: string;
  kind: OrganisationKind;
  contact_name?: string | undefined;
  contact_phone?: string | undefined;
  state_code: string;
  district_id: number;
}

/**
 * Adds an organisation if its district is within the scope (undefined otherwise). A name already
 * used in the district throws a unique violation of DUPLICATE_NAME_INDEX, which decides even when
 * two people add the same organisation at once.
 */
export function insertOrganisation(tx: Sql, scope: Scope, o: OrganisationInput, by: number): Promise<{ id: number } | undefined> {
  return tx.maybeOne<{ id: number }>(
    `insert into partner_organisations (name, kind, contact_name, contact_phone, state_code, district_id, created_by)
     select $1::text, $2::text, $3::text, $4::text, $5::text, $6::int, $7::int
     where $8::int[] is null or $6::int = any($8::int[])
     returning id`,
    [o.name, o.kind, o.contact_name ?? null, o.contact_phone ?? null, o.state_code, o.district_id, by, scope],
  );
}

/** Saves an edit when both the current and the new district are within the scope; throws on a duplicate name. */
export async function updateOrganisation(tx: Sql, id: number, scope: Scope, o: OrganisationInput): Promise<boolean> {
  const touched = await tx.exec(
    `update partner_organisations
     set name = $2, kind = $3, contact_name = $4, contact_phone = $5, state_code = $6, district_id = $7, updated_at = now()
     where id = $1 and ($8::int[] is null or (district_id = any($8::int[]) and $7::int = any($8::int[])))`,
    [id, o.name, o.kind, o.contact_name ?? null, o.contact_phone ?? null, o.state_code, o.district_id, scope],
  );
  return touched === 1;
}

/** Deactivates or reactivates; false when it was already so, or is outside the scope. */
export async function setOrganisationActive(tx: Sql, id: number, scope: Scope, active: boolean): Promise<boolean> {
  const touched = await tx.exec(
    `update partner_organisations set is_active = $2, updated_at = now()
     where id = $1 and is_active <> $2 and ($3::int[] is null or district_id = any($3))`,
    [id, active, scope],
  );
  return touched === 1;
}
