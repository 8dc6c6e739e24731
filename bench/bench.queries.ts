import type { Sql } from '../src/db/database';

// Everything the bench reads or writes in the database besides what the pages themselves do.

export interface DatasetSize {
  [key: string]: unknown;
  donors: number;
  verified_donors: number;
  pending_donors: number;
  requests: number;
  open_requests: number;
  pending_requests: number;
}

export function datasetSize(db: Sql): Promise<DatasetSize> {
  return db.one<DatasetSize>(
    `select (select count(*) from donors where erased_at is null) as donors,
            (select count(*) from donors where status = 'verified') as verified_donors,
            (select count(*) from donors where status = 'pending_verification') as pending_donors,
            (select count(*) from blood_requests) as requests,
            (select count(*) from blood_requests where status in ('open', 'in_progress')) as open_requests,
            (select count(*) from blood_requests where status = 'pending_verification') as pending_requests`,
  );
}

/** Donors and requests that are neither demo nor synthetic data (is_demo = false). */
export function realRows(db: Sql): Promise<{ donors: number; requests: number }> {
  return db.one<{ donors: number; requests: number }>(
    `select (select count(*) from donors where not is_demo) as donors, (select count(*) from blood_requests where not is_demo) as requests`,
  );
}

export function serverVersion(db: Sql): Promise<string> {
  return db.one<{ server_version: string }>('show server_version').then((r) => r.server_version);
}

export interface DistrictCount {
  [key: string]: unknown;
  district_id: number;
  state_code: string;
  verified_donors: number;
}

/** The district with the most verified donors. */
export function densestDistrict(db: Sql): Promise<DistrictCount | undefined> {
  return db.maybeOne<DistrictCount>(
    `select district_id, state_code, count(*) as verified_donors from donors where status = 'verified'
     group by district_id, state_code order by count(*) desc, district_id limit 1`,
  );
}

/** The district with the fewest verified donors, anywhere, preferring one that has some. */
export function sparsestDistrict(db: Sql, exceptId: number): Promise<DistrictCount | undefined> {
  return db.maybeOne<DistrictCount>(
    `select d.id as district_id, d.state_code, count(v.id) as verified_donors
     from districts d left join donors v on v.district_id = d.id and v.status = 'verified'
     where d.id <> $1
     group by d.id, d.state_code order by count(v.id) = 0, count(v.id), d.id limit 1`,
    [exceptId],
  );
}

/** One more district for a volunteer, possibly of another state (the admin pages give one state). */
export async function addJurisdictionDistrict(db: Sql, volunteerId: number, stateCode: string, districtId: number): Promise<void> {
  await db.exec(
    `insert into volunteer_jurisdictions (volunteer_id, state_code, district_id) values ($1, $2, $3) on conflict do nothing`,
    [volunteerId, stateCode, districtId],
  );
}

/** The PIN code most donors of a district give (a request there is placed at it). */
export function commonPincodeOf(db: Sql, districtId: number): Promise<string | undefined> {
  return db
    .maybeOne<{ pincode: string }>(
      `select pincode from donors where district_id = $1 and pincode is not null group by pincode order by count(*) desc, pincode limit 1`,
      [districtId],
    )
    .then((r) => r?.pincode);
}

export interface OpenRequest {
  [key: string]: unknown;
  id: number;
  reference: string;
  blood_group: string;
  component: string;
}

export function openVerifiedRequestIn(db: Sql, districtId: number): Promise<OpenRequest | undefined> {
  return db.maybeOne<OpenRequest>(
    `select id, reference, blood_group, component from blood_requests
     where district_id = $1 and status = 'open' and verified_at is not null order by id limit 1`,
    [districtId],
  );
}

/** Rows the bench made are synthetic data, so a later `npm run seed:synthetic` may replace them. */
export async function markRequestSynthetic(db: Sql, id: number): Promise<void> {
  await db.exec('update blood_requests set is_demo = true where id = $1', [id]);
}

export function deleteRequests(db: Sql, ids: number[]): Promise<number> {
  return db.exec('delete from blood_requests where id = any($1::bigint[])', [ids]);
}

export async function donorsWithPhonePrefix(db: Sql, prefix: string): Promise<number> {
  const row = await db.one<{ n: number }>(`select count(*) as n from donors where phone like $1 || '%'`, [prefix]);
  return row.n;
}

/** Donors registered through the form by a bench run: the bench's name and its phone range. */
export function deleteBenchDonors(db: Sql, fullName: string, phonePrefix: string): Promise<number> {
  return db.exec(`delete from donors where full_name = $1 and phone like $2 || '%' and status = 'pending_verification'`, [fullName, phonePrefix]);
}

export async function vacuumDonors(db: Sql): Promise<void> {
  await db.exec('vacuum (analyze) donors');
}

/**
 * Sessions that visitors without an account got from the form pages during a run (every GET of a
 * form creates one); those that existed before the run expire before `expiringAfter`.
 */
export function deleteAnonymousSessions(db: Sql, expiringAfter: Date): Promise<number> {
  return db.exec(
    `delete from sessions where expire > $1 and sess ->> 'volunteerId' is null and sess ->> 'donorId' is null`,
    [expiringAfter],
  );
}

export async function createScratchDatabase(admin: Sql, name: string): Promise<void> {
  assertPlainName(name);
  await admin.exec(`create database ${name}`);
}

export async function dropScratchDatabase(admin: Sql, name: string): Promise<void> {
  assertPlainName(name);
  await admin.exec(`drop database if exists ${name} with (force)`);
}

export async function scratchDatabasesLike(admin: Sql, prefix: string): Promise<string[]> {
  const rows = await admin.many<{ datname: string }>(`select datname from pg_database where datname like $1 || '%'`, [prefix]);
  return rows.map((r) => r.datname);
}

// Database names cannot be parameters; only names the bench made itself get here.
function assertPlainName(name: string) {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain database name: ${name}`);
}
