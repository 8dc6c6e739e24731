import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInIndia } from '../src/domain/dates';
import { DEMO_PASSWORD, demoPhone, loadDemoData } from '../src/seed/demo-data';
import { districtId } from '../test/helpers/fixtures';
import { register } from '../test/helpers/attendance';
import { addCamp } from '../test/helpers/public-camp-fixtures';
import { A11yLedger, describeFindings, open, submit, type Finding } from './support/a11y-scan';
import { addressesIn, sentWithErrors, signInStaff, tomorrow, visit, type At, type Lang, type Visit } from './support/a11y-visits';
import { PHONE, chromiumMissing, launchChromium } from './support/browser';
import { startPortal, type Portal } from './support/portal';

// Issue 8: axe-core (WCAG 2.0/2.1 A and AA rules) on every page a visitor, a donor, a volunteer
// and an admin can open, in Hindi and English, on a 360 px phone (staff pages also on a desktop),
// including every form sent back with its errors. Any serious or critical finding fails the test
// with the rule, the fix and the offending elements.

const LANGS: Lang[] = ['hi', 'en'];
const DESKTOP = { width: 1280, height: 900 };

interface Ids {
  prayagraj: number;
  upcomingCamp: number;
  /** A camp no demo donor holds a seat at yet, for the donors' own registrations. */
  freeCamp: number;
  /** A camp being held today, with registrations: attendance and walk-ins are open. */
  todayCamp: number;
  cancelledCamp: number;
  heldCamp: number;
  organisation: number;
  pendingDonor: number;
  verifiedDonor: number;
  pendingRequest: number;
  openRequest: number;
  bombayRequest: number;
  volunteerAccount: number;
  /** Phones of two verified donors outside Prayagraj, who sign in to /me (one per language): their
   * donations must not empty the Prayagraj volunteer's list of donors to call. */
  donorPhones: Record<Lang, string>;
}

describe.skipIf(chromiumMissing)('accessibility: axe-core finds nothing serious or critical on any page', () => {
  let portal: Portal;
  let browser: Browser;
  let ids: Ids;
  const ledger = new A11yLedger();

  beforeAll(async () => {
    portal = await startPortal();
    const { db } = portal.t;
    await loadDemoData(db, { now: new Date(), bcryptCost: 4 });
    const prayagraj = districtId(portal.geo, 'UP', 'Prayagraj');
    const one = async (sql: string, values: unknown[] = []) => (await db.one<{ id: number }>(sql, values)).id;
    const organisation = await one("select id from partner_organisations where district_id = $1 order by id limit 1", [prayagraj]);
    // The demo data has no camp in the past; a held camp shows its results on /camps and /stats.
    const heldCamp = await addCamp(db, portal.geo, {
      title: 'Demo camp held last week', organisationId: organisation, date: addDays(todayInIndia(new Date()), -7), status: 'held', units: 31, registered: 0,
    });
    const freeCamp = await addCamp(db, portal.geo, {
      title: 'Demo camp with seats free', organisationId: organisation, date: addDays(todayInIndia(new Date()), 10), capacity: 30,
    });
    const todayCamp = await addCamp(db, portal.geo, { title: 'Demo camp held today', organisationId: organisation, date: todayInIndia(new Date()) });
    const registrants = await db.many<{ id: number }>("select id from donors where district_id = $1 and status = 'verified' order by id limit 3", [prayagraj]);
    for (const donor of registrants) await register(db, todayCamp, donor.id);
    ids = {
      prayagraj,
      freeCamp,
      todayCamp,
      organisation,
      heldCamp,
      upcomingCamp: await one("select id from camps where district_id = $1 and status = 'planned' order by camp_date limit 1", [prayagraj]),
      cancelledCamp: await one("select id from camps where status = 'cancelled' limit 1"),
      pendingDonor: await one("select id from donors where district_id = $1 and status = 'pending_verification' order by id limit 1", [prayagraj]),
      verifiedDonor: await one("select id from donors where district_id = $1 and status = 'verified' order by id limit 1", [prayagraj]),
      pendingRequest: await one("select id from blood_requests where district_id = $1 and status = 'pending_verification' order by id limit 1", [prayagraj]),
      openRequest: await one("select id from blood_requests where district_id = $1 and status = 'open' order by id limit 1", [prayagraj]),
      bombayRequest: await one('select id from blood_requests where is_bombay order by id limit 1'),
      volunteerAccount: await one("select id from volunteers where username = 'demo-prayagraj'"),
      donorPhones: { hi: '', en: '' },
    };
    const [hi, en] = await db.many<{ phone: string }>("select phone from donors where district_id <> $1 and status = 'verified' order by id limit 2", [prayagraj]);
    ids.donorPhones = { hi: hi!.phone, en: en!.phone };
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    if (ledger.scans) {
      const lesser = [...new Set(ledger.lesser.map((f) => `${f.rule} (${f.impact})`))];
      console.log(
        `axe: ${ledger.scans} scans of ${ledger.pages.size} page states, ${ledger.rulesRun.size} rules run; ` +
          `serious/critical: ${ledger.blocking.length}; moderate/minor: ${lesser.join(', ') || 'none'}; ` +
          `needing review: ${[...ledger.undecided].map(([rule, seen]) => `${rule}×${seen.length}`).join(', ') || 'none'}`,
      );
      if (process.env.AXE_DETAILS) for (const [rule, seen] of ledger.undecided) console.log(`${rule}:\n  ${seen.join('\n  ')}`);
    }
  });

  /** Runs the visits in a fresh browser context and scans the page each one leaves open. */
  async function scanVisits(
    visits: Visit[],
    lang: Lang,
    viewport: { width: number; height: number },
    before?: (page: Page, at: At) => Promise<void>,
  ): Promise<void> {
    const context = await browser.newContext({ viewport });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const at = addressesIn(portal.url, lang);
    const findings: Finding[] = [];
    const broken: string[] = [];
    try {
      if (before) await before(page, at);
      for (const v of visits) {
        try {
          await v.go(page, at);
          findings.push(...(await ledger.scan(page, `${v.name} [${lang}, ${viewport.width}px]`)));
        } catch (err) {
          broken.push(`${v.name}: ${(err as Error).message.split('\n')[0]}`);
        }
      }
    } finally {
      await context.close();
    }
    expect({ unreachable: broken, violations: describeFindings(findings) }).toEqual({ unreachable: [], violations: '' });
  }

  const publicPages = (): Visit[] => [
    visit('home', '/'),
    visit('eligibility', '/eligibility'),
    visit('privacy notice', '/privacy'),
    visit('donor form', '/donors/new?state=UP'),
    sentWithErrors('donor form with errors', '/donors/new?state=UP', 'form[action="/donors"]'),
    visit('donor form for a camp', `/donors/new?camp=${ids.upcomingCamp}`),
    visit('donor thanks', '/donors/thanks'),
    visit('donor thanks, with a camp seat', `/donors/thanks?camp=${ids.freeCamp}&seat=registered`),
    visit('donor thanks, camp full', `/donors/thanks?camp=${ids.freeCamp}&seat=full`),
    visit('request form', '/requests/new?state=UP'),
    sentWithErrors('request form with errors', '/requests/new?state=UP', 'form[action="/requests"]'),
    visit('track form', '/requests/track'),
    sentWithErrors('track form with errors', '/requests/track', 'form[action="/requests/track"]'),
    sentWithErrors('track form, no such request', '/requests/track', 'form[action="/requests/track"]', {
      fill: { '#reference': 'PM-2345AB', '#contact_phone': '9876543210' },
    }),
    visit('camps', '/camps'),
    visit('camps in a district', `/camps?state_code=UP&district_id=${ids.prayagraj}`),
    visit('camps, unknown state', '/camps?state_code=ZZ', 422),
    visit('upcoming camp', `/camps/${ids.upcomingCamp}`),
    visit('cancelled camp', `/camps/${ids.cancelledCamp}`),
    visit('held camp', `/camps/${ids.heldCamp}`),
    visit('camp seat page, signed out', `/camps/${ids.upcomingCamp}/registered`),
    visit('stats', '/stats'),
    visit('donor sign-in', '/me/login'),
    sentWithErrors('donor sign-in with errors', '/me/login', 'form[action="/me/login"]'),
    visit('donor goodbye', '/me/goodbye'),
    visit('volunteer sign-in', '/login'),
    sentWithErrors('volunteer sign-in with errors', '/login', 'form[action="/login"]'),
    sentWithErrors('volunteer sign-in, wrong password', '/login', 'form[action="/login"]', { fill: { '#username': 'nobody', '#password': 'not the password' } }),
    visit('page not found', '/no-such-page', 404),
    visit('camp not found', '/camps/999999', 404),
    {
      name: 'server error (500)',
      async go(page, at) {
        // A missing table is a fault the portal did not expect: it answers with its 500 page.
        await portal.t.db.exec('alter table camps rename to camps_away');
        try {
          await open(page, at('/camps'), 500);
        } finally {
          await portal.t.db.exec('alter table camps_away rename to camps');
        }
      },
    },
    {
      name: 'form expired (403)',
      async go(page, at) {
        await open(page, at('/requests/track'));
        await page.locator('form[action="/requests/track"] input[name=_csrf]').evaluate((input) => input.setAttribute('value', 'forged'));
        await submit(page, 'form[action="/requests/track"]', 403);
      },
    },
  ];

  /** A family asks for blood and follows the request. */
  const familyPages = (): Visit[] => {
    let reference = '';
    return [
      {
        name: 'request sent',
        async go(page, at) {
          await open(page, at('/requests/new?state=UP'));
          await page.fill('#patient_name', 'Demo Sunita Devi');
          await page.fill('#patient_age', '54');
          await page.selectOption('#blood_group', 'O-');
          await page.check('input[name=component][value=red_cells]');
          await page.fill('#units', '2');
          await page.check('input[name=urgency][value=emergency]');
          await page.fill('#needed_by', tomorrow());
          await page.fill('#hospital_name', 'Swaroop Rani Nehru Hospital');
          await page.fill('#hospital_city', 'Prayagraj');
          await page.selectOption('#district_id', String(ids.prayagraj));
          await page.fill('#pincode', '211002');
          await page.fill('#contact_name', 'Demo Amit Kumar');
          await page.fill('#contact_phone', '9123456789');
          await page.check('#consent');
          await submit(page, 'form[action="/requests"]', 303);
          reference = /\/requests\/(PM-[A-Z0-9]+)\/submitted$/.exec(new URL(page.url()).pathname)?.[1] ?? '';
          if (!reference) throw new Error(`no submitted page: ${page.url()}`);
        },
      },
      {
        name: 'request tracking',
        async go(page, at) {
          await open(page, at(`/requests/track?ref=${reference}`));
          await page.fill('#contact_phone', '9123456789');
          await submit(page, 'form[action="/requests/track"]', 303);
          if (new URL(page.url()).pathname !== `/requests/track/${reference}`) throw new Error(`no tracking page: ${page.url()}`);
        },
      },
    ];
  };

  /** A registered donor signs in with a code and looks after their record. */
  const donorPages = (phone: string): Visit[] => [
    {
      name: 'sign-in code page',
      async go(page, at) {
        await open(page, at('/me/login'));
        await page.fill('#phone', phone.replace('+91', ''));
        await submit(page, 'form[action="/me/login"]', 303);
        if (new URL(page.url()).pathname !== '/me/login/code') throw new Error(`no code page: ${page.url()}`);
      },
    },
    sentWithErrors('sign-in code with errors', '/me/login/code', 'form[action="/me/login/code"]'),
    sentWithErrors('sign-in code, wrong code', '/me/login/code', 'form[action="/me/login/code"]', { fill: { '#code': '000000' } }),
    {
      name: 'donor home',
      async go(page, at) {
        const { code } = await portal.t.db.one<{ code: string }>(
          "select payload->>'code' as code from notifications where template = 'login_code' and recipient = $1 order by id desc limit 1",
          [phone],
        );
        await open(page, at('/me/login/code'));
        await page.fill('#code', code);
        await submit(page, 'form[action="/me/login/code"]', 303);
        if (new URL(page.url()).pathname !== '/me') throw new Error(`not signed in: ${page.url()}`);
      },
    },
    sentWithErrors('pause with a past date', '/me', 'form[action="/me/pause"]', { fill: { '#paused_until': '2020-01-01' } }),
    visit('my contact details', '/me/contact'),
    sentWithErrors('contact details with errors', '/me/contact', 'form[action="/me/contact"]'),
    visit('my location', '/me/location'),
    sentWithErrors('location with errors', '/me/location', 'form[action="/me/location"]'),
    visit('record a donation', '/me/donations/new'),
    sentWithErrors('donation with errors', '/me/donations/new', 'form[action="/me/donations"]'),
    {
      name: 'donor home with a donation',
      async go(page, at) {
        await open(page, at('/me/donations/new'));
        await page.fill('#donated_on', addDays(todayInIndia(new Date()), -1));
        await page.check('input[name=component][value=whole_blood]');
        await page.fill('#units', '1');
        await submit(page, 'form[action="/me/donations"]', 303);
        if (new URL(page.url()).pathname !== '/me') throw new Error(`donation not recorded: ${page.url()}`);
      },
    },
    visit('my health', '/me/health'),
    sentWithErrors('health with errors', '/me/health', 'form[action="/me/health"]'),
    visit('erase my data', '/me/erase'),
    sentWithErrors('erase without confirming', '/me/erase', 'form[action="/me/erase"]'),
    visit('camp, signed in', `/camps/${ids.freeCamp}`),
    sentWithErrors('camp seat, unknown request', `/camps/${ids.freeCamp}`, `form[action="/camps/${ids.freeCamp}/register"]`, { fill: { '#for_request': 'XYZ' } }),
    {
      name: 'camp seat taken',
      async go(page, at) {
        await open(page, at(`/camps/${ids.freeCamp}`));
        await submit(page, `form[action="/camps/${ids.freeCamp}/register"]`, 303);
        if (new URL(page.url()).pathname !== `/camps/${ids.freeCamp}/registered`) throw new Error(`no seat: ${page.url()}`);
      },
    },
    visit('camp, holding a seat', `/camps/${ids.freeCamp}`),
  ];

  /** A district volunteer's working pages. */
  const volunteerPages = (): Visit[] => {
    const donor = `/volunteer/donors/${ids.pendingDonor}`;
    const verifiedDonor = `/volunteer/donors/${ids.verifiedDonor}`;
    const request = `/volunteer/requests/${ids.openRequest}`;
    const camp = `/volunteer/camps/${ids.upcomingCamp}`;
    const todayCamp = `/volunteer/camps/${ids.todayCamp}`;
    const organisation = `/volunteer/organisations/${ids.organisation}`;
    return [
      visit('queue', '/volunteer'),
      visit('queue, requests only', '/volunteer?kind=request'),
      visit('pending donor record', donor),
      sentWithErrors('reject without a reason', donor, `form[action="${donor}/reject"]`),
      sentWithErrors('empty note', donor, `form[action="${donor}/notes"]`),
      visit('verified donor record', verifiedDonor),
      sentWithErrors('deferral with errors', verifiedDonor, `form[action="${verifiedDonor}/deferrals"]`),
      visit('pending request record', `/volunteer/requests/${ids.pendingRequest}`),
      visit('open request record', request),
      {
        name: 'request taken on, a donor to call',
        async go(page, at) {
          await open(page, at(request));
          const take = page.locator(`form[action="${request}/take"]`);
          if (await take.count()) await submit(page, `form[action="${request}/take"]`, 303);
          const call = await page.locator('#matches a[href*="donor="]').first().getAttribute('href');
          if (!call) throw new Error('no donor to call in #matches');
          await open(page, at(call));
        },
      },
      {
        name: 'call outcome with errors',
        async go(page, at) {
          const call = await page.locator('#matches a[href*="donor="]').first().getAttribute('href');
          await open(page, at(call ?? request));
          await submit(page, `form[action*="${request}/contacts"]`, 422);
        },
      },
      sentWithErrors('close request with errors', request, `form[action="${request}/close"]`),
      visit('active requests', '/volunteer/requests'),
      visit('my requests', '/volunteer/requests?mine=1'),
      visit('add a donor', '/volunteer/donors/new?state=UP'),
      sentWithErrors('add a donor with errors', '/volunteer/donors/new?state=UP', 'form[action="/volunteer/donors"]'),
      visit('add a request', '/volunteer/requests/new?state=UP'),
      sentWithErrors('add a request with errors', '/volunteer/requests/new?state=UP', 'form[action="/volunteer/requests"]'),
      visit('camps (staff)', '/volunteer/camps'),
      visit('new camp', '/volunteer/camps/new'),
      sentWithErrors('new camp with errors', '/volunteer/camps/new', 'form[action="/volunteer/camps/new"]'),
      visit('camp (staff)', camp),
      sentWithErrors('cancel camp without a reason', camp, `form[action="${camp}/cancel"]`),
      visit('edit camp', `${camp}/edit`),
      sentWithErrors('edit camp with errors', `${camp}/edit`, `form[action="${camp}/edit"]`),
      visit('attendance before the camp day', `${camp}/attendance`),
      visit('attendance on the camp day', `${todayCamp}/attendance`),
      visit('attendance, bad walk-in number', `${todayCamp}/attendance?phone=12`, 422),
      visit('attendance, walk-in found', `${todayCamp}/attendance?phone=${demoPhone(203).slice(3)}`),
      visit('attendance, walk-in not registered', `${todayCamp}/attendance?phone=9111122233`),
      visit('add a walk-in donor', `/volunteer/donors/new?camp=${ids.todayCamp}`),
      visit('attendance of a held camp', `/volunteer/camps/${ids.heldCamp}/attendance`),
      visit('organisations', '/volunteer/organisations'),
      visit('new organisation', '/volunteer/organisations/new'),
      sentWithErrors('new organisation with errors', '/volunteer/organisations/new', 'form[action="/volunteer/organisations/new"]'),
      visit('organisation', organisation),
      sentWithErrors('organisation with errors', organisation, `form[action="${organisation}"]`),
      visit('change password', '/account/password'),
      sentWithErrors('change password with errors', '/account/password', 'form[action="/account/password"]'),
    ];
  };

  /** The admin's pages. */
  const adminPages = (): Visit[] => {
    const account = `/admin/volunteers/${ids.volunteerAccount}`;
    return [
      visit('admin home', '/admin'),
      visit('volunteer accounts', '/admin/volunteers'),
      visit('new volunteer account', '/admin/volunteers/new'),
      sentWithErrors('new volunteer account with errors', '/admin/volunteers/new', 'form[action="/admin/volunteers/new"]'),
      visit('volunteer account', account),
      sentWithErrors('volunteer details with errors', account, `form[action="${account}/details"]`),
      visit('audit log', '/admin/audit'),
      visit('audit log, bad filter', '/admin/audit?from=yesterday', 422),
      visit('notifications outbox', '/admin/notifications'),
      visit('notifications, bad filter', '/admin/notifications?status=lost', 422),
      visit('Bombay request (admin)', `/volunteer/requests/${ids.bombayRequest}`),
    ];
  };

  for (const lang of LANGS) {
    it(`public pages and their error states, ${lang}, phone`, () => scanVisits(publicPages(), lang, PHONE), 300_000);

    it(`a family's request and its tracking page, ${lang}, phone`, () => scanVisits(familyPages(), lang, PHONE));

    it(`a signed-in donor's pages, ${lang}, phone`, () => scanVisits(donorPages(ids.donorPhones[lang]), lang, PHONE), 300_000);

    for (const viewport of [PHONE, DESKTOP]) {
      const width = viewport === PHONE ? 'phone' : 'desktop';
      it(`a volunteer's pages, ${lang}, ${width}`, () =>
        scanVisits(volunteerPages(), lang, viewport, (page, at) => signInStaff(page, at, 'demo-prayagraj', DEMO_PASSWORD)), 300_000);

      it(`the admin's pages, ${lang}, ${width}`, () =>
        scanVisits(adminPages(), lang, viewport, (page, at) => signInStaff(page, at, 'demo-admin', DEMO_PASSWORD)));
    }
  }
});
