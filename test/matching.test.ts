import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bombayDonorFilter, donorGroupsFor } from '../src/domain/compatibility';
import type { BloodGroup, Component } from '../src/domain/blood';
import { pincodeLocation } from '../src/geo/pincode-location';
import { findMatches, type MatchRow } from '../src/matching/matching.queries';
import { createAccount } from './helpers/accounts';
import { addDonor, addRequest } from './helpers/records';
import { buildTestApp, TEST_NOW, TEST_TODAY, type TestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';

// Which donors a verified request is offered, in which order, and who is left out (all in SQL).

let t: TestDatabase;
let app: TestApp;
let volunteerId: number;

beforeAll(async () => {
  t = await createTestDatabase();
  app = await buildTestApp(t.db);
  volunteerId = await createAccount(t.db, app.geo, { username: 'prayagraj-1', state: 'UP', districts: ['Prayagraj'] });
});
afterAll(async () => {
  app.close();
  await t.drop();
});
beforeEach(async () => {
  await t.db.exec('delete from contact_attempts; delete from donations; delete from donor_deferrals; delete from notifications; delete from blood_requests; delete from donors');
});

const at = (pincode: string) => {
  const p = pincodeLocation(pincode);
  if (!p) throw new Error(`no coordinates for ${pincode}`);
  return { pincode, latitude: p.latitude, longitude: p.longitude };
};

/** A verified donor, near Civil Lines, Prayagraj unless told otherwise. */
async function donor(o: Parameters<typeof addDonor>[2] & { sql?: string } = {}) {
  const id = await addDonor(t.db, app.geo, { ...at('211001'), verified_by: volunteerId, verified_at: TEST_NOW, ...o });
  if (o.sql) await t.db.exec(`update donors set ${o.sql} where id = $1`, [id]);
  return id;
}

async function matchesFor(o: { group?: BloodGroup; component?: Component; bombay?: boolean; allowBombay?: boolean; pincode?: string | null; radiusKm?: number } = {}) {
  const group = o.group ?? 'B+';
  const component = o.component ?? 'red_cells';
  const where = o.pincode === null ? { pincode: '211999', latitude: undefined, longitude: undefined } : at(o.pincode ?? '211002');
  const request = await addRequest(t.db, app.geo, { blood_group: group, component, is_bombay: o.bombay ?? false, ...where });
  const { rows } = await findMatches(t.db, {
    requestId: request.id,
    groups: donorGroupsFor(group, component),
    bombay: bombayDonorFilter(o.bombay ?? false, o.allowBombay ?? false, component),
    districtId: app.geo.districtsOf('UP').find((d) => d.name === 'Prayagraj')!.id,
    latitude: where.latitude ?? null,
    longitude: where.longitude ?? null,
    radiusKm: o.radiusKm ?? 50,
    today: TEST_TODAY,
    limit: 50,
    offset: 0,
  });
  return rows;
}
const ids = (rows: MatchRow[]) => rows.map((r) => r.id);

describe('matching leaves out donors who must not be asked', () => {
  it('offers a verified, available, eligible, compatible donor', async () => {
    const ok = await donor();
    expect(ids(await matchesFor())).toEqual([ok]);
  });

  it('leaves out donors not yet verified, or rejected', async () => {
    await addDonor(t.db, app.geo, at('211001'));
    await donor({ sql: `status = 'rejected', rejected_at = now(), rejection_reason = 'not_genuine'` });
    expect(await matchesFor()).toEqual([]);
  });

  it('leaves out paused donors until their pause ends', async () => {
    await donor({ sql: 'paused = true' });
    await donor({ sql: `paused = true, paused_until = '2026-06-15'` }); // the until-date is the last paused day
    const back = await donor({ sql: `paused = true, paused_until = '2026-06-14'` });
    expect(ids(await matchesFor())).toEqual([back]);
  });

  it('leaves out donors still in their donation gap: 90 days for men, 120 for women', async () => {
    await donor({ sex: 'male', last_donation_on: '2026-03-18' }); // day 89
    const man = await donor({ sex: 'male', last_donation_on: '2026-03-17' }); // day 90
    await donor({ sex: 'female', last_donation_on: '2026-02-16' }); // day 119
    const woman = await donor({ sex: 'female', last_donation_on: '2026-02-15' }); // day 120
    expect(ids(await matchesFor()).sort()).toEqual([man, woman].sort());
  });

  it('leaves out deferred donors until the deferral ends, and permanently deferred ones for good', async () => {
    await donor({ sql: `eligible_from = '2026-06-16'` });
    await donor({ sql: `eligible_from = 'infinity'` });
    const ended = await donor({ sql: `eligible_from = '2026-06-15'` });
    expect(ids(await matchesFor())).toEqual([ended]);
  });

  it('leaves out donors under 18, over 65, and first-time donors over 60', async () => {
    await donor({ date_of_birth: '2008-06-16' }); // 18 tomorrow
    const eighteen = await donor({ date_of_birth: '2008-06-15' }); // 18 today
    await donor({ date_of_birth: '1960-06-15', last_donation_on: '2025-01-01' }); // 66 today
    const sixtyFive = await donor({ date_of_birth: '1960-06-16', last_donation_on: '2025-01-01' }); // 65, donated before
    await donor({ date_of_birth: '1965-06-15' }); // 61 today, never donated
    const sixty = await donor({ date_of_birth: '1965-06-16' }); // 60, first time
    expect(ids(await matchesFor()).sort()).toEqual([eighteen, sixtyFive, sixty].sort());
  });

  it('leaves out incompatible groups: an O− patient gets only O− red cells', async () => {
    const oNeg = await donor({ blood_group: 'O-' });
    await donor({ blood_group: 'O+' });
    await donor({ blood_group: 'A-' });
    expect(ids(await matchesFor({ group: 'O-' }))).toEqual([oNeg]);
  });

  it('reverses the rule for plasma: an AB donor gives plasma to an O patient, an O donor not to an AB patient', async () => {
    const ab = await donor({ blood_group: 'AB+' });
    const o = await donor({ blood_group: 'O+' });
    expect(ids(await matchesFor({ group: 'O+', component: 'plasma' }))).toContain(ab);
    expect(ids(await matchesFor({ group: 'AB+', component: 'plasma' }))).not.toContain(o);
  });

  it('gives a Bombay patient only Bombay donors, never an ordinary O donor', async () => {
    await donor({ blood_group: 'O+' });
    const bombay = await donor({ blood_group: 'O+', is_bombay: true });
    expect(ids(await matchesFor({ group: 'O+', bombay: true }))).toEqual([bombay]);
  });

  it('keeps Bombay donors for Bombay patients unless an admin allows them for this request', async () => {
    const ordinary = await donor({ blood_group: 'O+' });
    const bombay = await donor({ blood_group: 'O+', is_bombay: true });
    expect(ids(await matchesFor({ group: 'O+' }))).toEqual([ordinary]);
    expect(ids(await matchesFor({ group: 'O+', allowBombay: true })).sort()).toEqual([ordinary, bombay].sort());
  });

  it('leaves out donors beyond the chosen distance', async () => {
    const near = await donor();
    const varanasi = await donor({ ...at('221001'), district: ['UP', 'Varanasi'] }); // about 120 km
    expect(ids(await matchesFor({ radiusKm: 50 }))).toEqual([near]);
    expect(ids(await matchesFor({ radiusKm: 250 }))).toEqual([near, varanasi]);
  });

  it('leaves out erased donors', async () => {
    await donor({
      sql: `status = 'erased', erased_at = now(), full_name = null, phone = null, email = null, date_of_birth = null, weight_kg = null,
            locality = null, pincode = null, latitude = null, longitude = null`,
    });
    expect(await matchesFor()).toEqual([]);
  });
});

describe('matching order', () => {
  it('puts the exact group first, however far, then the nearest, then those not called for longest', async () => {
    const farExact = await donor({ blood_group: 'B+', ...at('212301') }); // about 35 km
    const nearOther = await donor({ blood_group: 'O-', ...at('211002') }); // same pincode as the hospital
    const nearExactCalledLately = await donor({ blood_group: 'B+', ...at('211003'), sql: `last_contacted_at = '2026-06-10'` });
    const nearExactCalledLongAgo = await donor({ blood_group: 'B+', ...at('211003'), sql: `last_contacted_at = '2026-01-10'` });
    const nearExactNeverCalled = await donor({ blood_group: 'B+', ...at('211003') });
    const rows = await matchesFor({ group: 'B+' });
    expect(ids(rows)).toEqual([nearExactNeverCalled, nearExactCalledLongAgo, nearExactCalledLately, farExact, nearOther]);
    expect(rows[0]!.rank).toBe(0);
    expect(rows.at(-1)!.rank).toBeGreaterThan(0);
    expect(rows[3]!.distance_km).toBeGreaterThan(25);
    expect(rows[3]!.distance_km).toBeLessThan(50);
  });

  it('falls back to the same district when the pincode has no coordinates, on either side', async () => {
    const inDistrictNoCoordinates = await donor({ pincode: '211999', latitude: undefined, longitude: undefined });
    await donor({ district: ['UP', 'Lucknow'], pincode: '226999', latitude: undefined, longitude: undefined });
    const nearby = await donor();
    // The request has coordinates: the nearby donor by distance, then the district's donor without any.
    expect(ids(await matchesFor())).toEqual([nearby, inDistrictNoCoordinates]);
    // The request has none: everyone verified in the district.
    const rows = await matchesFor({ pincode: null });
    expect(ids(rows).sort()).toEqual([nearby, inDistrictNoCoordinates].sort());
    expect(rows.every((r) => r.distance_km === null)).toBe(true);
  });
});
