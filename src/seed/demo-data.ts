import { randomUUID } from 'node:crypto';
import { hashPassword } from '../auth/passwords';
import type { Database, Sql } from '../db/database';
import { addDays, addYears, todayInIndia } from '../domain/dates';
import { listAllDistricts } from '../geo/geo.queries';
import { pincodeLocation } from '../geo/pincode-location';
import { PRIVACY_NOTICE_VERSION } from '../pages/privacy-notice';
import { insertVolunteer, replaceJurisdiction } from '../volunteers/volunteers.queries';
import { deleteDemoCamps, writeDemoCamps } from './demo-camps';
import { DEMO_ACCOUNTS, DEMO_DONORS, DEMO_REQUESTS } from './demo-people';
import {
  clearDemoLoginThrottles, deleteDemoRecords, findAccountByUsername, insertDemoDonor, insertDemoRequest, resetDemoAccount,
} from './demo-data.queries';
import type { DemoAccount, DemoDataset, DemoDonor, DemoRequest } from './demo-rows';

// The demo dataset for trying the portal locally (`npm run seed`). Every row it writes has
// is_demo = true, a name starting with "Demo " and a phone number from demoPhone().

/** The password of every demo account; published in the README, so never load demo data in production. */
export const DEMO_PASSWORD = 'Try the portal 2026';
export const DEMO_NAME_PREFIX = 'Demo ';

/** Demo phone numbers are +91 90000 00NNN: valid in form, obviously made up. */
export function demoPhone(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 999) throw new RangeError(`demo phone number ${n} is outside 0–999`);
  return `+919000000${String(n).padStart(3, '0')}`;
}

// Numbers 1xx are accounts, 2xx donors, 3xx the families behind requests.
const ACCOUNT_PHONES = 100;
const DONOR_PHONES = 200;
const REQUEST_PHONES = 300;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The demo volunteer working in a district, or the demo admin where no volunteer does. */
function responsibleAccount(state: string, district: string): string {
  const covering = DEMO_ACCOUNTS.find(
    (a) => a.jurisdiction?.stateCode === state && (a.jurisdiction.districts.length === 0 || a.jurisdiction.districts.includes(district)),
  );
  return covering?.username ?? 'demo-admin';
}

function coordinates(pincode: string) {
  const found = pincodeLocation(pincode);
  return { latitude: found?.latitude ?? null, longitude: found?.longitude ?? null };
}

/** The rows of the demo dataset, with dates relative to now (birthdays, registrations, needed-by dates). */
export function buildDemoDataset(now: Date): DemoDataset {
  const today = todayInIndia(now);
  const accounts = DEMO_ACCOUNTS.map((a, i): DemoAccount => ({
    username: a.username,
    fullName: DEMO_NAME_PREFIX + a.name,
    role: a.role,
    rank: a.rank,
    badgeNumber: a.badgeNumber,
    policeStation: a.policeStation,
    phone: demoPhone(ACCOUNT_PHONES + i + 1),
    jurisdiction: a.jurisdiction,
    area: a.jurisdiction
      ? `${a.jurisdiction.stateCode}: ${a.jurisdiction.districts.length ? a.jurisdiction.districts.join(', ') : 'whole state'}`
      : 'everything; manages accounts',
  }));

  const donors = DEMO_DONORS.map((d, i): DemoDonor => {
    const createdAt = new Date(now.getTime() - d.registeredDaysAgo * DAY - (i % 9) * HOUR);
    const verifier = responsibleAccount(d.state, d.district);
    return {
      full_name: DEMO_NAME_PREFIX + d.name,
      phone: demoPhone(DONOR_PHONES + i + 1),
      sex: d.sex,
      // Spread birthdays over the year so that each donor is exactly d.age today.
      date_of_birth: addDays(addYears(today, -d.age), -(1 + ((i * 37) % 360))),
      weight_kg: d.weightKg,
      blood_group: d.group,
      is_bombay: d.bombay ?? false,
      state_code: d.state,
      district: d.district,
      locality: d.locality,
      pincode: d.pincode,
      ...coordinates(d.pincode),
      last_donation_on: d.lastDonationDaysAgo === undefined ? null : addDays(today, -d.lastDonationDaysAgo),
      status: d.verified ? 'verified' : 'pending_verification',
      source_channel: d.channel ?? 'web',
      preferred_language: d.lang,
      consent_notice_version: PRIVACY_NOTICE_VERSION,
      created_at: createdAt,
      verified_at: d.verified ? new Date(createdAt.getTime() + 20 * HOUR) : null,
      verified_by: d.verified ? verifier : null,
      registered_by: d.channel ? verifier : null,
    };
  });

  const requests = DEMO_REQUESTS.map((r, i): DemoRequest => {
    const createdAt = new Date(now.getTime() - r.postedHoursAgo * HOUR);
    const verifiedAt = r.open ? new Date(createdAt.getTime() + 40 * 60_000) : null;
    const daysAhead = { emergency: 0, urgent: 2, planned: 10 }[r.urgency];
    return {
      form_token: randomUUID(),
      patient_name: DEMO_NAME_PREFIX + r.patient,
      patient_age: r.age,
      blood_group: r.group,
      is_bombay: r.bombay ?? false,
      component: r.component,
      units: r.units,
      urgency: r.urgency,
      needed_by: addDays(today, daysAhead),
      hospital_name: r.hospital,
      hospital_city: r.city,
      state_code: r.state,
      district: r.district,
      pincode: r.pincode,
      ...coordinates(r.pincode),
      contact_name: DEMO_NAME_PREFIX + r.contact,
      contact_phone: demoPhone(REQUEST_PHONES + i + 1),
      relation: r.relation,
      notes: r.notes ?? null,
      status: r.open ? 'open' : 'pending_verification',
      preferred_language: r.lang,
      consent_notice_version: PRIVACY_NOTICE_VERSION,
      created_at: createdAt,
      verified_at: verifiedAt,
      verified_by: r.open ? responsibleAccount(r.state, r.district) : null,
      events: [{ status: 'pending_verification', at: createdAt }, ...(verifiedAt ? [{ status: 'open' as const, at: verifiedAt }] : [])],
    };
  });

  return { today, accounts, donors, requests };
}

export interface DemoSummary {
  accounts: Array<{ username: string; role: string; area: string; created: boolean }>;
  donors: { verified: number; pending: number; skipped: number };
  requests: Array<{ reference: string; status: string; contactPhone: string }>;
  /** Demo donors and requests of an earlier run that were replaced. */
  replaced: { donors: number; requests: number };
  camps: number;
}

export class DemoSeedError extends Error {}

/**
 * Writes the dataset with tx (one transaction). Demo accounts are created, or reset to the documented
 * password if they exist; demo donors and requests of an earlier run are replaced. Rows that are not
 * demo data are never changed; a demo username held by a real account stops the run.
 */
export async function writeDemoDataset(tx: Sql, data: DemoDataset, passwordHashes: ReadonlyMap<string, string>): Promise<DemoSummary> {
  const accountIds = new Map<string, number>();
  const accounts: DemoSummary['accounts'] = [];
  for (const a of data.accounts) {
    const passwordHash = passwordHashes.get(a.username);
    if (!passwordHash) throw new DemoSeedError(`no password hash for ${a.username}`);
    const existing = await findAccountByUsername(tx, a.username);
    if (existing && !existing.is_demo) {
      throw new DemoSeedError(`The username ${a.username} belongs to an account that is not demo data; nothing was loaded.`);
    }
    let id = existing?.id;
    if (id !== undefined) {
      await resetDemoAccount(tx, id, { ...a, passwordHash });
    } else {
      const created = await insertVolunteer(tx, { ...a, passwordHash, mustChangePassword: false, isDemo: true });
      if (!created) throw new DemoSeedError(`The username ${a.username} was taken while loading; nothing was loaded.`);
      id = created.id;
    }
    accountIds.set(a.username, id);
    accounts.push({ username: a.username, role: a.role, area: a.area, created: existing === undefined });
  }
  await clearDemoLoginThrottles(tx, data.accounts.map((a) => a.username));

  const districtIds = new Map((await listAllDistricts(tx)).map((d) => [`${d.state_code}/${d.name}`, d.id]));
  const districtOf = (state: string, name: string) => {
    const id = districtIds.get(`${state}/${name}`);
    if (id === undefined) throw new DemoSeedError(`District ${name} (${state}) is missing: run \`npm run migrate\` first.`);
    return id;
  };
  const accountOf = (username: string | null) => (username ? accountIds.get(username) ?? null : null);
  for (const a of data.accounts) {
    if (!a.jurisdiction) continue;
    const { stateCode, districts } = a.jurisdiction;
    await replaceJurisdiction(tx, accountIds.get(a.username)!, { stateCode, districtIds: districts.map((d) => districtOf(stateCode, d)) });
  }

  await deleteDemoCamps(tx);
  const replaced = await deleteDemoRecords(tx);
  const donors = { verified: 0, pending: 0, skipped: 0 };
  const prayagrajVerified: number[] = [];
  for (const d of data.donors) {
    const resolved = { districtId: districtOf(d.state_code, d.district), verifiedBy: accountOf(d.verified_by), registeredBy: accountOf(d.registered_by) };
    const inserted = await insertDemoDonor(tx, d, resolved);
    if (!inserted) donors.skipped++;
    else if (d.status === 'verified') donors.verified++;
    else donors.pending++;
    if (inserted && d.status === 'verified' && d.district === 'Prayagraj') prayagrajVerified.push(inserted.id);
  }
  const requests: DemoSummary['requests'] = [];
  for (const r of data.requests) {
    const { reference } = await insertDemoRequest(tx, r, { districtId: districtOf(r.state_code, r.district), verifiedBy: accountOf(r.verified_by), registeredBy: null });
    requests.push({ reference, status: r.status, contactPhone: r.contact_phone });
  }
  const camps = await writeDemoCamps(tx, {
    today: data.today,
    districtOf,
    createdBy: accountOf('demo-prayagraj'),
    registrants: prayagrajVerified.slice(0, 3),
  });
  return { accounts, donors, requests, replaced, camps };
}

/** Builds the dataset, hashes the demo password for each account, and writes everything in one transaction. */
export async function loadDemoData(db: Database, options: { now: Date; bcryptCost: number }): Promise<DemoSummary> {
  const data = buildDemoDataset(options.now);
  const hashes = new Map<string, string>();
  for (const a of data.accounts) hashes.set(a.username, await hashPassword(DEMO_PASSWORD, options.bcryptCost));
  return db.withTransaction((tx) => writeDemoDataset(tx, data, hashes));
}
