import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { clearFailedLogins, changePassword } from '../src/auth/auth.queries';
import { hashPassword } from '../src/auth/passwords';
import type { Database } from '../src/db/database';
import { addDays, todayInIndia } from '../src/domain/dates';
import type { GeoDirectory } from '../src/geo/geo-directory';
import { pincodeLocation } from '../src/geo/pincode-location';
import { createBloodRequest } from '../src/requests/requests.queries';
import { findAccountByUsername } from '../src/seed/demo-data.queries';
import { endSessionsOf, insertVolunteer, replaceJurisdiction, setAccountActive } from '../src/volunteers/volunteers.queries';
import {
  addJurisdictionDistrict, commonPincodeOf, deleteBenchDonors, deleteRequests, densestDistrict, donorsWithPhonePrefix, markRequestSynthetic,
  openVerifiedRequestIn, realRows, sparsestDistrict, vacuumDonors, type OpenRequest,
} from './bench.queries';

// What the scenarios need in the database: a volunteer account whose jurisdiction holds the
// district with the most verified donors and the one with the fewest (anywhere in India, so the
// sparse page is really sparse), a verified open request in each, and a range of phone numbers of
// its own for the donors it registers. Everything it creates it removes again (cleanUpFixtures),
// except the account, which later runs reuse.

export const BENCH_USERNAME = 'bench-volunteer';
export const BENCH_DONOR_NAME = 'Bench Donor';
// Registered donors get +91 89BB NNNNNN: BB a block (00–98) no donor uses yet, NNNNNN a counter;
// block 99 is the families' number on the requests the bench opens.
const BENCH_PHONE_PREFIX = '+9189';
const PASSWORD_BCRYPT_COST = 10;

export interface BenchVolunteer {
  id: number;
  username: string;
  password: string;
}

export interface DistrictPick {
  id: number;
  name: string;
  stateCode: string;
  verifiedDonors: number;
  pincode: string;
  request: OpenRequest & { createdByBench: boolean };
}

export interface Fixtures {
  volunteer: BenchVolunteer;
  dense: DistrictPick;
  sparse: DistrictPick;
  /** Where registered donors say they live: outside the volunteer's districts, so they never swell the measured queue. */
  registration: { districtId: number; stateCode: string; pincode: string };
  /** The phone numbers of donors registered during this run start with this. */
  phonePrefix: string;
  nextPhone(): string;
}

export class DatasetError extends Error {}

/** The bench account with a fresh random password, active, with no forced change. */
export async function prepareBenchVolunteer(db: Database, at: Date): Promise<BenchVolunteer> {
  const password = randomBytes(18).toString('base64url');
  const hash = await hashPassword(password, PASSWORD_BCRYPT_COST);
  const existing = await findAccountByUsername(db, BENCH_USERNAME);
  return db.withTransaction(async (tx) => {
    let id = existing?.id;
    if (id === undefined) {
      const created = await insertVolunteer(tx, { username: BENCH_USERNAME, fullName: 'Bench Volunteer', role: 'volunteer', passwordHash: hash, mustChangePassword: false, isDemo: true });
      if (!created) throw new Error(`could not create the ${BENCH_USERNAME} account`);
      id = created.id;
    } else {
      // A password set now, before this run signs in, so no session of an earlier run survives it.
      await changePassword(tx, id, hash, at);
      await setAccountActive(tx, id, true, at);
    }
    await clearFailedLogins(tx, BENCH_USERNAME);
    return { id, username: BENCH_USERNAME, password };
  });
}

/** Clears what a killed run left behind, then refuses a database that holds real people's records. */
export async function checkBenchDatabase(db: Database): Promise<void> {
  await deleteBenchDonors(db, BENCH_DONOR_NAME, BENCH_PHONE_PREFIX);
  // The bench registers donors and deletes them again: never among real people's records.
  const real = await realRows(db);
  if (real.donors + real.requests > 0) {
    throw new DatasetError(
      `Refusing to run: this database holds ${real.donors} real donors and ${real.requests} real blood requests (is_demo = false). ` +
        'Benchmark a database of its own, filled with npm run seed:synthetic.',
    );
  }
}

export async function prepareFixtures(db: Database, geo: GeoDirectory, volunteer: BenchVolunteer, at: Date): Promise<Fixtures> {
  const densest = await densestDistrict(db);
  if (!densest) {
    throw new DatasetError('The database has no verified donors. Load a dataset first: npm run seed:synthetic -- --donors 100000 --requests 5000');
  }
  const sparsest = await sparsestDistrict(db, densest.district_id);
  if (!sparsest) throw new DatasetError('The reference data has a single district: the bench needs a second one for the sparse matching page.');
  await db.withTransaction(async (tx) => {
    await replaceJurisdiction(tx, volunteer.id, { stateCode: densest.state_code, districtIds: [densest.district_id] });
    await addJurisdictionDistrict(tx, volunteer.id, sparsest.state_code, sparsest.district_id);
  });
  const densePincode = await commonPincodeOf(db, densest.district_id);
  if (!densePincode) throw new DatasetError(`No PIN code among the donors of district ${densest.district_id}.`);
  const pick = async (d: typeof densest, fallbackPincode: string): Promise<DistrictPick> => {
    const pincode = (await commonPincodeOf(db, d.district_id)) ?? fallbackPincode;
    const existing = await openVerifiedRequestIn(db, d.district_id);
    const request = existing ? { ...existing, createdByBench: false } : { ...(await createOpenRequest(db, geo, d, pincode, volunteer.id, at)), createdByBench: true };
    return { id: d.district_id, name: geo.districtName(d.district_id), stateCode: d.state_code, verifiedDonors: d.verified_donors, pincode, request };
  };
  const dense = await pick(densest, densePincode);
  const sparse = await pick(sparsest, densePincode);

  const elsewhere = geo.districtsOf(dense.stateCode).find((d) => d.id !== dense.id && d.id !== sparse.id);
  if (!elsewhere) throw new DatasetError(`State ${dense.stateCode} has no third district for the donors the bench registers.`);
  const registration = { districtId: elsewhere.id, stateCode: dense.stateCode, pincode: (await commonPincodeOf(db, elsewhere.id)) ?? densePincode };

  const phonePrefix = await freePhoneBlock(db);
  let counter = 0;
  return {
    volunteer,
    dense,
    sparse,
    registration,
    phonePrefix,
    nextPhone() {
      counter += 1;
      if (counter > 999_999) throw new Error('the bench ran out of phone numbers in its block');
      return `${phonePrefix}${String(counter).padStart(6, '0')}`;
    },
  };
}

/** A request as a volunteer would have verified it, needed in a week. */
async function createOpenRequest(db: Database, geo: GeoDirectory, d: { district_id: number; state_code: string }, pincode: string, volunteerId: number, at: Date) {
  return db.withTransaction(async (tx) => {
    const row = await createBloodRequest(tx, {
      form_token: randomUUID(),
      patient_name: 'Bench Patient',
      patient_age: 45,
      blood_group: 'B+',
      is_bombay: false,
      component: 'red_cells',
      units: 2,
      urgency: 'urgent',
      needed_by: addDays(todayInIndia(at), 7),
      hospital_name: 'Bench District Hospital',
      hospital_city: geo.districtName(d.district_id) || 'Bench City',
      state_code: d.state_code,
      district_id: d.district_id,
      pincode,
      ...pincodeLocation(pincode),
      contact_name: 'Bench Family',
      contact_phone: `${BENCH_PHONE_PREFIX}99999999`,
      relation: undefined,
      notes: undefined,
      preferred_language: 'hi',
      consent_notice_version: 'bench',
      consent_given_at: at,
      verified_by: volunteerId,
      verified_at: at,
    });
    await markRequestSynthetic(tx, row.id);
    return { id: row.id, reference: row.reference, blood_group: 'B+', component: 'red_cells' };
  });
}

async function freePhoneBlock(db: Database): Promise<string> {
  const start = randomInt(0, 99);
  for (let i = 0; i < 99; i++) {
    const prefix = `${BENCH_PHONE_PREFIX}${String((start + i) % 99).padStart(2, '0')}`;
    if ((await donorsWithPhonePrefix(db, prefix)) === 0) return prefix;
  }
  throw new DatasetError(`Every phone block ${BENCH_PHONE_PREFIX}00…98 is taken by donors; the bench has no numbers to register.`);
}

/** Removes what the run created: registered donors, the requests it opened; ends the account's sessions. */
export async function cleanUpFixtures(db: Database, fixtures: Fixtures): Promise<{ donors: number; requests: number }> {
  const created = [fixtures.dense.request, fixtures.sparse.request].filter((r) => r.createdByBench).map((r) => r.id);
  const removed = await db.withTransaction(async (tx) => {
    const donors = await deleteBenchDonors(tx, BENCH_DONOR_NAME, fixtures.phonePrefix);
    const requests = created.length ? await deleteRequests(tx, created) : 0;
    await endSessionsOf(tx, fixtures.volunteer.id);
    return { donors, requests };
  });
  // Tens of thousands of dead rows are below autovacuum's threshold on a big table, and index scans
  // would step over them in every later run.
  if (removed.donors > 0) await vacuumDonors(db);
  return removed;
}
