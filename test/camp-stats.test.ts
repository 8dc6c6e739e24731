import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccount } from './helpers/accounts';
import { CLEAN_CAMPS, signedIn } from './helpers/attendance';
import { parseCsv } from './helpers/csv';
import { addCamp, addOrganisation, type CampOptions } from './helpers/public-camp-fixtures';
import { addDonor } from './helpers/records';
import { browser, buildTestApp, type TestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';

// What camps collected, for everyone on /stats and for admins as a CSV file: camps, partner
// organisations and districts, never a donor. Demo camps, organisations and donors are never counted.

let t: TestDatabase;
// STATS_CACHE_SECONDS=0: every page view computes afresh, so each story sees its own rows.
let app: TestApp;
let adminId: number;

beforeAll(async () => {
  t = await createTestDatabase();
  app = await buildTestApp(t.db, { env: { STATS_CACHE_SECONDS: '0' } });
  adminId = await createAccount(t.db, app.geo, { username: 'chief', role: 'admin' });
  await createAccount(t.db, app.geo, { username: 'prayagraj-1', state: 'UP', districts: ['Prayagraj'] });
});
afterAll(async () => {
  app.close();
  await t.drop();
});
beforeEach(async () => {
  await t.db.exec(CLEAN_CAMPS);
});

/** A held camp and the donations recorded at it (units per donor; one more by a demo donor if asked). */
async function heldCamp(options: Omit<CampOptions, 'units'> & { gifts: number[]; demoDonorUnits?: number }) {
  const { gifts, demoDonorUnits, ...camp } = options;
  const id = await addCamp(t.db, app.geo, { status: 'held', ...camp, units: gifts.reduce((a, b) => a + b, 0) });
  const district: [string, string] = camp.district ?? ['UP', 'Prayagraj'];
  const given = [...gifts.map((units) => ({ units, demo: false })), ...(demoDonorUnits ? [{ units: demoDonorUnits, demo: true }] : [])];
  for (const gift of given) {
    const donor = await addDonor(t.db, app.geo, { district });
    if (gift.demo) await t.db.exec('update donors set is_demo = true where id = $1', [donor]);
    await t.db.exec(
      `insert into donations (donor_id, camp_id, donated_on, units, component, source) values ($1, $2, $3, $4, 'whole_blood', 'camp')`,
      [donor, id, camp.date, gift.units],
    );
  }
  return id;
}

/** Each body row of a table as its cells' text. */
function tableRows(html: string, id: string): string[][] {
  const table = new RegExp(`<table[^>]*id="${id}"[^>]*>([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((tr) =>
    [...tr[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => cell[1]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim()),
  );
}

function tableHeader(html: string, id: string): string[] {
  const table = new RegExp(`<table[^>]*id="${id}"[^>]*>([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';
  const head = /<thead>([\s\S]*?)<\/thead>/.exec(table)?.[1] ?? '';
  return [...head.matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((m) => m[1]!.trim());
}

async function campsOfThreeKinds() {
  const university = await addOrganisation(t.db, app.geo, { name: 'Allahabad University NSS' });
  const rotary = await addOrganisation(t.db, app.geo, { name: 'Rotary Club Lucknow', district: ['UP', 'Lucknow'] });
  await heldCamp({ title: 'Senate Hall camp', organisationId: university, date: '2026-06-14', gifts: [1, 2], demoDonorUnits: 1 });
  await heldCamp({ title: 'Hazratganj camp', organisationId: rotary, district: ['UP', 'Lucknow'], date: '2026-05-10', gifts: [1] });
  await heldCamp({ title: 'Old campus camp', organisationId: university, date: '2025-03-01', gifts: [2, 2, 1] });
  // Demo data and a camp still to come are never counted.
  const demoOrganisation = await addOrganisation(t.db, app.geo, { name: 'Demo Organisation' });
  await t.db.exec('update partner_organisations set is_demo = true where id = $1', [demoOrganisation]);
  const demoCamp = await heldCamp({ title: 'Demo camp', organisationId: demoOrganisation, date: '2026-06-01', gifts: [4] });
  await t.db.exec('update camps set is_demo = true where id = $1', [demoCamp]);
  await addCamp(t.db, app.geo, { title: 'Camp still to come', organisationId: university, date: '2026-06-20' });
  return { university, rotary };
}

describe('camps on /stats', () => {
  it('shows units by camp, by organisation and by district and month, without demo rows', async () => {
    await campsOfThreeKinds();
    const res = await browser(app.app).get('/stats?lang=en');
    expect(res.status).toBe(200);
    expect(tableRows(res.text, 'stats-camps')).toEqual([
      ['Senate Hall camp · 14/06/2026 · Prayagraj, Uttar Pradesh', '3', '2'],
      ['Hazratganj camp · 10/05/2026 · Lucknow, Uttar Pradesh', '1', '1'],
      ['Old campus camp · 01/03/2025 · Prayagraj, Uttar Pradesh', '5', '3'],
    ]);
    expect(tableRows(res.text, 'stats-organisations')).toEqual([['Allahabad University NSS', '8', '2'], ['Rotary Club Lucknow', '1', '1']]);
    expect(tableHeader(res.text, 'stats-camp-districts')).toEqual(['Month', 'Prayagraj', 'Lucknow', 'All districts']);
    const months = tableRows(res.text, 'stats-camp-districts');
    expect(months).toHaveLength(12);
    expect(months[0]).toEqual(['Jul 2025', '0', '0', '0']);
    expect(months.at(-2)).toEqual(['May 2026', '0', '1', '1']);
    expect(months.at(-1)).toEqual(['Jun 2026', '3', '0', '3']);
    for (const hidden of ['Demo camp', 'Demo Organisation', 'Camp still to come']) expect(res.text).not.toContain(hidden);
  });

  it('reads in Hindi too', async () => {
    await campsOfThreeKinds();
    const res = await browser(app.app).get('/stats?lang=hi');
    expect(res.text).toContain('हाल के शिविरों में जुटाया गया रक्त');
    expect(res.text).toContain('सहयोगी संस्थाओं के साथ जुटाया गया रक्त');
    expect(tableRows(res.text, 'stats-camps')[0]).toEqual(['Senate Hall camp · 14/06/2026 · Prayagraj, उत्तर प्रदेश', '3', '2']);
    expect(tableHeader(res.text, 'stats-camp-districts')).toEqual(['महीना', 'Prayagraj', 'Lucknow', 'सभी ज़िले']);
    expect(tableRows(res.text, 'stats-camp-districts').at(-1)).toEqual(['जून 2026', '3', '0', '3']);
  });

  it('says so when no camp has been held yet', async () => {
    await addCamp(t.db, app.geo, { date: '2026-06-20' });
    const res = await browser(app.app).get('/stats?lang=en');
    expect(res.text).toContain('<p id="stats-camps">No blood-donation camp has been held yet.</p>');
    expect(res.text).not.toContain('id="stats-camp-districts"');
    expect((await browser(app.app).get('/stats?lang=hi')).text).toContain('अभी तक कोई रक्तदान शिविर आयोजित नहीं हुआ है।');
  });
});

describe('GET /admin/camps.csv', () => {
  it('gives admins one row per held camp, with spreadsheet formulas neutralised, and records the download', async () => {
    const { university } = await campsOfThreeKinds();
    await heldCamp({ title: '=HYPERLINK("http://evil.example")', organisationId: university, date: '2026-04-02', gifts: [1] });
    const admin = await signedIn(app, 'chief');
    expect((await admin.get('/admin?lang=en')).text).toContain('<a href="/admin/camps.csv">Held camps (CSV download)</a>');

    const res = await admin.get('/admin/camps.csv?lang=en');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename=camps-held-2026-06-15.csv');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parseCsv(res.text.replace(/^\uFEFF/, ''));
    expect(header).toEqual(['camp id', 'date', 'camp', 'district', 'state', 'organisation', 'units', 'donors']);
    expect(rows.map((r) => r.slice(1))).toEqual([
      ['14/06/2026', 'Senate Hall camp', 'Prayagraj', 'Uttar Pradesh', 'Allahabad University NSS', '3', '2'],
      ['10/05/2026', 'Hazratganj camp', 'Lucknow', 'Uttar Pradesh', 'Rotary Club Lucknow', '1', '1'],
      ['02/04/2026', `'=HYPERLINK("http://evil.example")`, 'Prayagraj', 'Uttar Pradesh', 'Allahabad University NSS', '1', '1'],
      ['01/03/2025', 'Old campus camp', 'Prayagraj', 'Uttar Pradesh', 'Allahabad University NSS', '5', '3'],
    ]);
    const exported = await t.db.one(`select actor_id, details from audit_events where action = 'camps_exported' order by id desc limit 1`);
    expect(exported).toEqual({ actor_id: adminId, details: { rows: 4, capped: false } });
    expect((await admin.get('/admin/audit?action=camps_exported&lang=en')).text).toContain('Held camps downloaded');

    const hindi = await admin.get('/admin/camps.csv?lang=hi');
    expect(parseCsv(hindi.text.replace(/^\uFEFF/, ''))[0]).toEqual(['शिविर आईडी', 'तारीख़', 'शिविर', 'ज़िला', 'राज्य', 'संस्था', 'यूनिट', 'रक्तदाता']);
  });

  it('is for admins only', async () => {
    const anonymous = await browser(app.app).get('/admin/camps.csv');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toBe(`/login?next=${encodeURIComponent('/admin/camps.csv')}`);
    const volunteer = await (await signedIn(app, 'prayagraj-1')).get('/admin/camps.csv');
    expect(volunteer.status).toBe(403);
    expect(volunteer.headers['content-type']).toMatch(/^text\/html/);
  });
});
