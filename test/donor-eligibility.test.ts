import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addDeferral, loadDonorEligibility, recordDonation, refreshEligibleFrom } from '../src/donors/donor-eligibility';
import { createPooledDatabase } from '../src/db/pool';
import { loadGeoDirectory, type GeoDirectory } from '../src/geo/geo-directory';
import { createAccount } from './helpers/accounts';
import { addDonor } from './helpers/records';
import { createTestDatabase, usingRealPostgres, type TestDatabase } from './helpers/test-db';

let t: TestDatabase;
let geo: GeoDirectory;
let volunteerId: number;
const TODAY = '2026-06-15';

beforeAll(async () => {
  t = await createTestDatabase();
  geo = await loadGeoDirectory(t.db);
  volunteerId = await createAccount(t.db, geo, { username: 'prayagraj-1', state: 'UP', districts: ['Prayagraj'] });
});
afterAll(async () => {
  await t.drop();
});
beforeEach(async () => {
  await t.db.exec('delete from donations; delete from donor_deferrals; delete from donors');
});

async function donorRow(id: number) {
  return t.db.one<{ last_donation_on: string | null; donation_count: number; eligible_from: string | null }>(
    'select last_donation_on, donation_count, eligible_from from donors where id = $1',
    [id],
  );
}

/** Whether the matching condition (eligible_from null or not after today) would offer this donor. */
async function matchableOn(id: number, day: string): Promise<boolean> {
  const row = await t.db.one<{ ok: boolean }>('select (eligible_from is null or eligible_from <= $2::date) as ok from donors where id = $1', [id, day]);
  return row.ok;
}

describe('registration', () => {
  it('a woman who gave blood last month is stored as eligible from the end of her 120-day gap', async () => {
    const id = await addDonor(t.db, geo, { sex: 'female', last_donation_on: '2026-05-20' });
    expect(await donorRow(id)).toEqual({ last_donation_on: '2026-05-20', donation_count: 0, eligible_from: '2026-09-17' });
    expect(await matchableOn(id, TODAY)).toBe(false);
    expect(await matchableOn(id, '2026-09-17')).toBe(true);
  });

  it('someone who never gave blood is eligible at once', async () => {
    const id = await addDonor(t.db, geo, { last_donation_on: undefined });
    expect((await donorRow(id)).eligible_from).toBeNull();
    expect(await matchableOn(id, TODAY)).toBe(true);
  });
});

describe('recordDonation', () => {
  it('stores the donation, moves the last donation date forward, counts it and waits 90 days for a man', async () => {
    const donor = await addDonor(t.db, geo, { sex: 'male', last_donation_on: '2025-11-01' });
    const donationId = await t.db.withTransaction((tx) =>
      recordDonation(tx, { donorId: donor, donatedOn: '2026-06-14', units: 1, component: 'whole_blood', place: 'SRN Hospital blood bank', source: 'self_reported' }),
    );

    const donation = await t.db.one('select donor_id, donated_on, units, component, place, source, request_id, recorded_by from donations where id = $1', [donationId]);
    expect(donation).toEqual({
      donor_id: donor, donated_on: '2026-06-14', units: 1, component: 'whole_blood', place: 'SRN Hospital blood bank',
      source: 'self_reported', request_id: null, recorded_by: null,
    });
    expect(await donorRow(donor)).toEqual({ last_donation_on: '2026-06-14', donation_count: 1, eligible_from: '2026-09-12' });
    expect(await matchableOn(donor, '2026-09-11')).toBe(false);
    expect(await matchableOn(donor, '2026-09-12')).toBe(true);
  });

  it('an older donation reported late is counted but never moves the last donation date backwards', async () => {
    const donor = await addDonor(t.db, geo, { sex: 'female' });
    await t.db.withTransaction((tx) => recordDonation(tx, { donorId: donor, donatedOn: '2026-06-01', units: 1, component: 'whole_blood', source: 'camp' }));
    await t.db.withTransaction((tx) => recordDonation(tx, { donorId: donor, donatedOn: '2026-01-10', units: 1, component: 'whole_blood', source: 'self_reported' }));

    expect(await donorRow(donor)).toEqual({ last_donation_on: '2026-06-01', donation_count: 2, eligible_from: '2026-09-29' });
    const dates = await t.db.many<{ donated_on: string }>('select donated_on from donations where donor_id = $1 order by donated_on', [donor]);
    expect(dates.map((d) => d.donated_on)).toEqual(['2026-01-10', '2026-06-01']);
  });

  it('keeps a longer deferral in force after a donation', async () => {
    const donor = await addDonor(t.db, geo, { sex: 'male' });
    await t.db.withTransaction((tx) => addDeferral(tx, { donorId: donor, reason: 'tattoo_piercing', since: '2026-05-01', source: 'self' }));
    await t.db.withTransaction((tx) => recordDonation(tx, { donorId: donor, donatedOn: '2026-06-14', units: 1, component: 'whole_blood', source: 'camp' }));
    expect((await donorRow(donor)).eligible_from).toBe('2027-05-01');
  });

  it('a donation dated before the donor was born is refused and leaves nothing behind', async () => {
    const donor = await addDonor(t.db, geo, { date_of_birth: '1990-04-12' });
    await expect(
      t.db.withTransaction((tx) => recordDonation(tx, { donorId: donor, donatedOn: '1989-01-01', units: 1, component: 'whole_blood', source: 'self_reported' })),
    ).rejects.toThrow();
    expect(await t.db.many('select id from donations where donor_id = $1', [donor])).toEqual([]);
    expect(await donorRow(donor)).toEqual({ last_donation_on: null, donation_count: 0, eligible_from: null });
  });
});

describe('addDeferral', () => {
  it('computes the end from the rule, stores who said so, and hides the donor from matching until then', async () => {
    const donor = await addDonor(t.db, geo);
    const id = await t.db.withTransaction((tx) =>
      addDeferral(tx, { donorId: donor, reason: 'malaria', since: '2026-06-01', source: 'self', note: 'Recovered on 1 June' }),
    );
    const row = await t.db.one('select donor_id, reason, until_date, source, recorded_by, note from donor_deferrals where id = $1', [id]);
    expect(row).toEqual({ donor_id: donor, reason: 'malaria', until_date: '2026-09-01', source: 'self', recorded_by: null, note: 'Recovered on 1 June' });
    expect((await donorRow(donor)).eligible_from).toBe('2026-09-01');
    expect(await matchableOn(donor, TODAY)).toBe(false);
  });

  it('uses a date a volunteer gives instead of the rule when there is one', async () => {
    const donor = await addDonor(t.db, geo);
    await t.db.withTransaction((tx) =>
      addDeferral(tx, { donorId: donor, reason: 'major_surgery', since: '2026-06-01', untilDate: '2027-01-15', source: 'volunteer', recordedBy: volunteerId }),
    );
    expect(await t.db.one('select until_date, recorded_by from donor_deferrals where donor_id = $1', [donor])).toEqual({ until_date: '2027-01-15', recorded_by: volunteerId });
    expect((await donorRow(donor)).eligible_from).toBe('2027-01-15');
  });

  it("a permanent deferral stores eligible_from 'infinity', which no date ever reaches", async () => {
    const donor = await addDonor(t.db, geo, { last_donation_on: '2026-05-01' });
    await t.db.withTransaction((tx) => addDeferral(tx, { donorId: donor, reason: 'hepatitis_b', since: TODAY, source: 'self' }));
    expect(await t.db.one('select until_date from donor_deferrals where donor_id = $1', [donor])).toEqual({ until_date: null });
    expect((await donorRow(donor)).eligible_from).toBe('infinity');
    expect(await matchableOn(donor, '2099-12-31')).toBe(false);
  });

  it('an unknown reason is refused before anything is written', async () => {
    const donor = await addDonor(t.db, geo);
    await expect(t.db.withTransaction((tx) => addDeferral(tx, { donorId: donor, reason: 'common_cold', since: TODAY, source: 'self' }))).rejects.toThrow(/common_cold/);
    expect(await t.db.many('select id from donor_deferrals')).toEqual([]);
  });

  it.runIf(usingRealPostgres)('two deferrals added in overlapping transactions both count (the donor row lock)', async () => {
    const donor = await addDonor(t.db, geo);
    const other = createPooledDatabase({ connectionString: t.url, max: 1, kind: 'postgres' });
    try {
      let firstDone!: () => void;
      const firstHasWritten = new Promise<void>((resolve) => (firstDone = resolve));
      // The first transaction adds its deferral and stays open while the second adds another: without
      // the lock the second would compute eligible_from without the first's deferral and overwrite it.
      const first = t.db.withTransaction(async (tx) => {
        await addDeferral(tx, { donorId: donor, reason: 'tattoo_piercing', since: '2026-06-01', source: 'self' });
        firstDone();
        await tx.exec('select pg_sleep(0.3)');
      });
      await firstHasWritten;
      const second = other.withTransaction((tx) => addDeferral(tx, { donorId: donor, reason: 'dengue', since: '2026-06-10', source: 'self' }));
      await Promise.all([first, second]);
    } finally {
      await other.close();
    }
    expect(await t.db.many('select reason from donor_deferrals where donor_id = $1 order by reason', [donor])).toEqual([{ reason: 'dengue' }, { reason: 'tattoo_piercing' }]);
    expect((await donorRow(donor)).eligible_from).toBe('2027-06-01');
  });
});

describe('refreshEligibleFrom', () => {
  it('recomputes after a mistaken deferral is removed', async () => {
    const donor = await addDonor(t.db, geo, { sex: 'female', last_donation_on: '2026-05-01' });
    await t.db.withTransaction((tx) => addDeferral(tx, { donorId: donor, reason: 'hiv', since: TODAY, source: 'self' }));
    expect((await donorRow(donor)).eligible_from).toBe('infinity');

    const value = await t.db.withTransaction(async (tx) => {
      await tx.exec(`delete from donor_deferrals where donor_id = $1 and reason = 'hiv'`, [donor]);
      return refreshEligibleFrom(tx, donor);
    });
    expect(value).toBe('2026-08-29');
    expect((await donorRow(donor)).eligible_from).toBe('2026-08-29');
  });

  it('clears eligible_from when nothing restricts the donor any more', async () => {
    const donor = await addDonor(t.db, geo);
    await t.db.exec(`update donors set eligible_from = '2030-01-01' where id = $1`, [donor]);
    expect(await t.db.withTransaction((tx) => refreshEligibleFrom(tx, donor))).toBeNull();
    expect((await donorRow(donor)).eligible_from).toBeNull();
  });
});

describe('loadDonorEligibility', () => {
  it('explains, for display, every reason a donor must wait and until when', async () => {
    const donor = await addDonor(t.db, geo, { sex: 'male', date_of_birth: '1985-03-02', weight_kg: 72.5 });
    await t.db.withTransaction((tx) => recordDonation(tx, { donorId: donor, donatedOn: '2026-05-01', units: 1, component: 'whole_blood', source: 'camp' }));
    await t.db.withTransaction((tx) => addDeferral(tx, { donorId: donor, reason: 'vaccination', since: '2026-06-10', source: 'self' }));
    await t.db.withTransaction((tx) => addDeferral(tx, { donorId: donor, reason: 'antibiotics', since: '2026-05-01', source: 'self' }));

    expect(await loadDonorEligibility(t.db, donor, TODAY)).toEqual({
      eligible: false,
      reasons: [
        { code: 'donation_gap', until: '2026-07-30' },
        { code: 'deferred', reason: 'vaccination', until: '2026-06-24' },
      ],
      nextEligibleOn: '2026-07-30',
    });
    expect(await loadDonorEligibility(t.db, donor, '2026-07-30')).toEqual({ eligible: true, reasons: [], nextEligibleOn: '2026-07-30' });
  });

  it('treats a 61-year-old with donations on record as a repeat donor', async () => {
    const donor = await addDonor(t.db, geo, { date_of_birth: '1965-01-01' });
    expect((await loadDonorEligibility(t.db, donor, TODAY))?.reasons).toEqual([{ code: 'first_time_too_old' }]);
    await t.db.withTransaction((tx) => recordDonation(tx, { donorId: donor, donatedOn: '2026-01-05', units: 1, component: 'whole_blood', source: 'camp' }));
    expect((await loadDonorEligibility(t.db, donor, TODAY))?.eligible).toBe(true);
  });

  it('is undefined for a donor that does not exist', async () => {
    expect(await loadDonorEligibility(t.db, 987654, TODAY)).toBeUndefined();
  });
});
