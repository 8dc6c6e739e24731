import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SnapshotCache } from '../src/stats/stats-cache';
import { statsView } from '../src/stats/stats-view';
import { createAccount, signIn } from './helpers/accounts';
import { addDonor, addRequest } from './helpers/records';
import { browser, buildTestApp, TEST_NOW, type TestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';

let t: TestDatabase;
// STATS_CACHE_SECONDS=0: every page view computes afresh, so each story sees its own rows.
let app: TestApp;

beforeAll(async () => {
  t = await createTestDatabase();
  app = await buildTestApp(t.db, { env: { STATS_CACHE_SECONDS: '0' } });
});
afterAll(async () => {
  app.close();
  await t.drop();
});
beforeEach(async () => {
  await t.db.exec('delete from donations; delete from blood_requests; delete from donors');
});

/** Each body row of a table: its label and the numbers in its cells. */
function tableRows(html: string, id: string): Array<[string, ...string[]]> {
  const table = new RegExp(`<table[^>]*id="${id}"[^>]*>([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((tr) => {
    const label = /<th scope="row">([^<]*)<\/th>/.exec(tr[1]!)?.[1] ?? '';
    const values = [...tr[1]!.matchAll(/<span class="bar-value">([^<]*)<\/span>/g)].map((m) => m[1]!);
    return [label, ...values];
  });
}

/** The headline figures, as "number label" pairs. */
function totals(html: string): string[] {
  const list = /<ul class="counts stats-totals" id="stats-totals">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<li><strong>([^<]*)<\/strong>([^<]*)<\/li>/g)].map((m) => `${m[1]} ${m[2]}`);
}

async function verify(...ids: number[]) {
  await t.db.exec(`update donors set status = 'verified', verified_at = $2 where id = any($1)`, [ids, TEST_NOW]);
}

/** Erasure as the donor's "delete my data" leaves it: no person left, only group, place and counts. */
async function erase(id: number) {
  await t.db.exec(
    `update donors set status = 'erased', erased_at = $2, full_name = null, phone = null, email = null, date_of_birth = null,
       weight_kg = null, locality = null, pincode = null, latitude = null, longitude = null, rejection_note = null
     where id = $1`,
    [id, TEST_NOW],
  );
}

async function donation(donorId: number, o: { requestId?: number; units?: number; source?: string } = {}) {
  await t.db.exec(
    `insert into donations (donor_id, request_id, donated_on, units, component, source) values ($1, $2, '2026-06-01', $3, 'whole_blood', $4)`,
    [donorId, o.requestId ?? null, o.units ?? 1, o.source ?? (o.requestId ? 'request' : 'self_reported')],
  );
}

const istMidnight = (isoDate: string) => new Date(`${isoDate}T00:00:00+05:30`);

describe('GET /stats', () => {
  it('counts verified donors by blood group, with Bombay donors on their own row, and by state', async () => {
    const up = await Promise.all([1, 2, 3].map(() => addDonor(t.db, app.geo, { blood_group: 'B+' })));
    const lucknow = await addDonor(t.db, app.geo, { blood_group: 'AB-', district: ['UP', 'Lucknow'] });
    const pune = await addDonor(t.db, app.geo, { blood_group: 'A+', district: ['MH', 'Pune'] });
    const bombay = await addDonor(t.db, app.geo, { blood_group: 'O-', is_bombay: true, district: ['MH', 'Pune'] });
    await verify(...up, lucknow, pune, bombay);

    const res = await browser(app.app).get('/stats?lang=en');
    expect(res.status).toBe(200);
    expect(totals(res.text)[0]).toBe('6 Verified donors');
    expect(tableRows(res.text, 'stats-groups')).toEqual([
      ['A+', '1'], ['A−', '0'], ['B+', '3'], ['B−', '0'], ['AB+', '0'], ['AB−', '1'], ['O+', '0'], ['O−', '0'], ['Bombay (hh)', '1'],
    ]);
    expect(tableRows(res.text, 'stats-states')).toEqual([['Uttar Pradesh', '4'], ['Maharashtra', '2']]);
    // The longest bar belongs to the largest group; the others are drawn to scale.
    expect(res.text).toMatch(/<th scope="row">B\+<\/th><td><span class="bar-value">3<\/span><svg[^>]*><rect width="100"/);
    expect(res.text).toMatch(/<th scope="row">A\+<\/th><td><span class="bar-value">1<\/span><svg[^>]*><rect width="33.3"/);

    const { count } = await t.db.one<{ count: number }>(`select count(*)::int as count from donors where status = 'verified'`);
    expect(count).toBe(6);
  });

  it('shows the same figures in Hindi, with Hindi state and month names', async () => {
    await verify(await addDonor(t.db, app.geo, { district: ['MH', 'Pune'] }), await addDonor(t.db, app.geo));
    const res = await browser(app.app).get('/stats?lang=hi');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html lang="hi">');
    expect(res.text).toContain('<h1>पोर्टल के आँकड़े</h1>');
    expect(totals(res.text)[0]).toBe('2 सत्यापित रक्तदाता');
    expect(tableRows(res.text, 'stats-states')).toEqual([['उत्तर प्रदेश', '1'], ['महाराष्ट्र', '1']]);
    expect(tableRows(res.text, 'stats-groups').at(-1)).toEqual(['बॉम्बे (hh)', '0']);
    const months = tableRows(res.text, 'stats-months').map((r) => r[0]);
    expect(months[0]).toBe('जुलाई 2025');
    expect(months.at(-1)).toBe('जून 2026');
    expect(res.text).toContain('15/06/2026 12:00 (भारतीय समय) तक के आँकड़े।');
  });

  it('leaves out donors awaiting verification, rejected, erased and demo donors, but keeps what erased donors gave', async () => {
    const counted = await addDonor(t.db, app.geo, { blood_group: 'O+' });
    await addDonor(t.db, app.geo, { blood_group: 'O+' }); // still awaiting verification
    const rejected = await addDonor(t.db, app.geo, { blood_group: 'O+' });
    const erased = await addDonor(t.db, app.geo, { blood_group: 'O+', district: ['MH', 'Pune'] });
    const demo = await addDonor(t.db, app.geo, { blood_group: 'O+', district: ['MH', 'Pune'] });
    await verify(counted, erased, demo);
    await t.db.exec(`update donors set status = 'rejected', rejected_at = $2, rejection_reason = 'not_genuine' where id = $1`, [rejected, TEST_NOW]);
    await t.db.exec('update donors set is_demo = true where id = $1', [demo]);
    await donation(erased, { source: 'camp' });
    await erase(erased);
    await donation(demo, { source: 'camp' });

    const res = await browser(app.app).get('/stats?lang=en');
    expect(totals(res.text)).toContain('1 Verified donors');
    expect(tableRows(res.text, 'stats-groups').find((r) => r[0] === 'O+')).toEqual(['O+', '1']);
    expect(tableRows(res.text, 'stats-states')).toEqual([['Uttar Pradesh', '1']]);
    // The erased donor's camp donation still happened; the demo donor's never did.
    expect(totals(res.text)).toContain('1 Donations recorded');
    const rows = await t.db.many<{ status: string }>('select status from donors order by id');
    expect(rows.map((r) => r.status)).toEqual(['verified', 'pending_verification', 'rejected', 'erased', 'verified']);
  });

  it('counts requests received and fulfilled per month for 12 months in India time, empty months as zeros', async () => {
    // 1 June 2026, 00:30 in India is still 31 May in UTC.
    await addRequest(t.db, app.geo, { createdAt: new Date('2026-05-31T19:00:00Z') });
    await addRequest(t.db, app.geo, { createdAt: istMidnight('2025-07-01') }); // first day of the window
    await addRequest(t.db, app.geo, { createdAt: new Date(istMidnight('2025-07-01').getTime() - 60_000) }); // a minute before it
    const fulfilled = await addRequest(t.db, app.geo, { createdAt: istMidnight('2026-04-10') });
    await t.db.exec(`update blood_requests set status = 'fulfilled', fulfilled_at = $2 where id = $1`, [fulfilled.id, istMidnight('2026-05-02')]);
    const duplicate = await addRequest(t.db, app.geo, { createdAt: istMidnight('2026-06-02') });
    await t.db.exec(`update blood_requests set status = 'closed', rejected_at = $2, rejection_reason = 'duplicate' where id = $1`, [duplicate.id, TEST_NOW]);
    const demo = await addRequest(t.db, app.geo, { createdAt: istMidnight('2026-06-03') });
    await t.db.exec('update blood_requests set is_demo = true where id = $1', [demo.id]);

    const res = await browser(app.app).get('/stats?lang=en');
    expect(tableRows(res.text, 'stats-months')).toEqual([
      ['Jul 2025', '1', '0'],
      ['Aug 2025', '0', '0'],
      ['Sept 2025', '0', '0'],
      ['Oct 2025', '0', '0'],
      ['Nov 2025', '0', '0'],
      ['Dec 2025', '0', '0'],
      ['Jan 2026', '0', '0'],
      ['Feb 2026', '0', '0'],
      ['Mar 2026', '0', '0'],
      ['Apr 2026', '1', '0'],
      ['May 2026', '0', '1'],
      ['Jun 2026', '1', '0'],
    ]);
    // All time: the request of June 2025 counts too; the duplicate and the demo request never do.
    expect(totals(res.text)).toEqual(expect.arrayContaining(['4 Blood requests received', '1 Requests fulfilled']));
    const { count } = await t.db.one<{ count: number }>('select count(*)::int as count from blood_requests');
    expect(count).toBe(6);
  });

  it('adds up units donated for requests and every donation recorded, without demo requests', async () => {
    const [a, b] = [await addDonor(t.db, app.geo), await addDonor(t.db, app.geo)];
    const request = await addRequest(t.db, app.geo, { units: 3 });
    const demoRequest = await addRequest(t.db, app.geo);
    await t.db.exec('update blood_requests set is_demo = true where id = $1', [demoRequest.id]);
    await donation(a, { requestId: request.id, units: 2 });
    await donation(b, { requestId: request.id, units: 1 });
    await donation(b, { requestId: demoRequest.id, units: 2 });
    await donation(a, { source: 'camp' });
    await donation(b, { source: 'self_reported' });

    const res = await browser(app.app).get('/stats?lang=en');
    expect(totals(res.text)).toEqual(expect.arrayContaining(['3 Units donated for requests', '4 Donations recorded']));
    const { count } = await t.db.one<{ count: number }>('select count(*)::int as count from donations');
    expect(count).toBe(5);
  });

  it('groups large numbers the Indian way in both languages', async () => {
    const donor = await addDonor(t.db, app.geo);
    await t.db.exec(
      `insert into donations (donor_id, donated_on, component, source) select $1, date '2026-01-01', 'whole_blood', 'camp' from generate_series(1, 123456)`,
      [donor],
    );
    expect(totals((await browser(app.app).get('/stats?lang=en')).text)).toContain('1,23,456 Donations recorded');
    expect(totals((await browser(app.app).get('/stats?lang=hi')).text)).toContain('1,23,456 दर्ज रक्तदान');
  });

  it('on an empty database shows zeros and says there are no verified donors yet', async () => {
    const res = await browser(app.app).get('/stats?lang=en');
    expect(res.status).toBe(200);
    expect(totals(res.text)).toEqual(['0 Verified donors', '0 Blood requests received', '0 Requests fulfilled', '0 Units donated for requests', '0 Donations recorded']);
    expect(res.text).toContain('There are no verified donors yet.');
    expect(tableRows(res.text, 'stats-months')).toHaveLength(12);
    expect(res.text).not.toContain('<rect width="1'); // no bars drawn for zeros
  });

  it('never shows a name, phone number, district, place or reference of anyone', async () => {
    const donor = await addDonor(t.db, app.geo, { full_name: 'Kamla Prasad Tiwari', phone: '+919812300077', email: 'kamla@example.org', locality: 'Katra Bazaar', district: ['UP', 'Barabanki'], pincode: '225001' });
    await verify(donor);
    const request = await addRequest(t.db, app.geo, { patient_name: 'Shanti Mishra', contact_name: 'Vinod Mishra', contact_phone: '+919812300088', hospital_name: 'Kamla Nehru Memorial Hospital', hospital_city: 'Lucknow', district: ['UP', 'Lucknow'], pincode: '226003' });
    await donation(donor, { requestId: request.id });

    for (const lang of ['en', 'hi']) {
      const res = await browser(app.app).get(`/stats?lang=${lang}`);
      expect(totals(res.text)[0]).toMatch(/^1 /);
      for (const secret of ['Kamla', 'Tiwari', '9812300077', '98123 00077', 'kamla@example.org', 'Katra', 'Barabanki', '225001', 'Shanti', 'Vinod', '9812300088', 'Lucknow', '226003', request.reference]) {
        expect(res.text).not.toContain(secret);
      }
    }
  });

  it('draws the charts without JavaScript or inline styles, so the strict CSP allows them', async () => {
    await verify(await addDonor(t.db, app.geo));
    const res = await browser(app.app).get('/stats?lang=en');
    expect(res.headers['content-security-policy']).toContain("style-src 'self'");
    expect(res.text).not.toMatch(/\sstyle=|<style|<script/);
    expect(res.text).toMatch(/<svg class="bar bar--donors" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect width="100" height="10">/);
  });

  it('is linked from the footer of every page, in both languages', async () => {
    expect((await browser(app.app).get('/?lang=en')).text).toContain('<a href="/stats">Statistics</a>');
    expect((await browser(app.app).get('/eligibility?lang=hi')).text).toContain('<a href="/stats">आँकड़े</a>');
  });
});

describe('caching of /stats', () => {
  it('serves the same numbers until STATS_CACHE_SECONDS have passed, then the new ones, with a matching max-age', async () => {
    let clock = TEST_NOW;
    const cached = await buildTestApp(t.db, { env: { STATS_CACHE_SECONDS: '300' }, now: () => clock, geo: app.geo });
    try {
      await verify(await addDonor(t.db, app.geo));
      const first = await browser(cached.app).get('/stats?lang=en');
      expect(totals(first.text)[0]).toBe('1 Verified donors');
      expect(first.headers['cache-control']).toBe('public, max-age=300');

      await verify(await addDonor(t.db, app.geo));
      clock = new Date(TEST_NOW.getTime() + 299_000);
      const within = await browser(cached.app).get('/stats?lang=hi');
      expect(totals(within.text)[0]).toBe('1 सत्यापित रक्तदाता');
      expect(within.headers['cache-control']).toBe('public, max-age=1');
      expect(within.text).toContain('15/06/2026 12:00'); // when the numbers were computed

      clock = new Date(TEST_NOW.getTime() + 300_000);
      const after = await browser(cached.app).get('/stats?lang=en');
      expect(totals(after.text)[0]).toBe('2 Verified donors');
      expect(after.headers['cache-control']).toBe('public, max-age=300');
      expect(after.text).toContain('15/06/2026 12:05');
    } finally {
      cached.close();
    }
  });

  it('is never stored by shared caches for a signed-in volunteer, whose page carries their name', async () => {
    await createAccount(t.db, app.geo, { username: 'stats-reader' });
    const agent = browser(app.app);
    expect((await signIn(agent, 'stats-reader')).status).toBe(303);
    const res = await agent.get('/stats?lang=en');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
  });
});

describe('SnapshotCache', () => {
  it('shares one computation among callers that arrive while it runs', async () => {
    let calls = 0;
    let finish: (value: number) => void = () => undefined;
    const cache = new SnapshotCache(
      () => {
        calls += 1;
        return new Promise<number>((resolve) => (finish = resolve));
      },
      60_000,
      () => TEST_NOW,
    );
    const waiting = [cache.get(), cache.get(), cache.get()];
    finish(42);
    expect((await Promise.all(waiting)).map((c) => c.value)).toEqual([42, 42, 42]);
    expect((await cache.get()).value).toBe(42);
    expect(calls).toBe(1);
  });

  it('does not remember a failure: the next caller tries again', async () => {
    let calls = 0;
    const cache = new SnapshotCache<number>(
      () => {
        calls += 1;
        return calls === 1 ? Promise.reject(new Error('database down')) : Promise.resolve(7);
      },
      60_000,
      () => TEST_NOW,
    );
    await expect(cache.get()).rejects.toThrow('database down');
    expect((await cache.get()).value).toBe(7);
    expect(calls).toBe(2);
  });
});

describe('statsView', () => {
  it('formats lakhs and crores with Indian grouping and draws bars relative to the largest value', () => {
    const view = statsView(
      {
        totals: { verifiedDonors: 12_345_678, requestsReceived: 100_000, requestsFulfilled: 99_999, unitsArranged: 0, donations: 1_000 },
        byGroup: [{ group: 'O+', donors: 12_000_000 }, { group: 'bombay', donors: 45_678 }],
        byState: [{ stateCode: 'UP', donors: 12_345_678 }],
        months: [{ month: '2026-06', received: 100_000, fulfilled: 50_000 }],
      },
      TEST_NOW,
      'hi',
      (key) => key,
      app.geo,
    );
    expect(view.totals.map((x) => x.value)).toEqual(['1,23,45,678', '1,00,000', '99,999', '0', '1,000']);
    expect(view.groups).toEqual([
      { label: 'O+', value: '1,20,00,000', width: 100 },
      { label: 'stats.bombay', value: '45,678', width: 1 },
    ]);
    expect(view.states).toEqual([{ label: 'उत्तर प्रदेश', value: '1,23,45,678', width: 100 }]);
    expect(view.months).toEqual([{ label: 'जून 2026', received: { value: '1,00,000', width: 100 }, fulfilled: { value: '50,000', width: 50 } }]);
  });
});
