import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { createApp } from '../src/app';
import { prepareDatabase } from '../src/bootstrap';
import { loadConfig } from '../src/config';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { createPooledDatabase } from '../src/db/pool';
import { loadGeoDirectory } from '../src/geo/geo-directory';
import { createLogger } from '../src/logger';
import { DEMO_PASSWORD, loadDemoData } from '../src/seed/demo-data';

// `npm run screenshots`: the portal on a throw-away in-memory database with the demo data,
// photographed at a phone's width in Debian's Chromium (apt-get install -y chromium).
// Writes docs/screenshots/*.png for the README.

const OUT = path.resolve(import.meta.dirname, '../docs/screenshots');
const WIDTH = 390;

const embedded = await startEmbeddedPostgres();
const db = createPooledDatabase({ connectionString: embedded.connectionString, max: 1, kind: 'embedded', onClose: () => embedded.stop() });
await prepareDatabase(db);
const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'warn', BCRYPT_COST: '4' });
await loadDemoData(db, { now: new Date(), bcryptCost: 4 });
const { app, close } = createApp({ config, db, logger: createLogger('warn'), geo: await loadGeoDirectory(db) });
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
fs.mkdirSync(OUT, { recursive: true });

async function shoot(page: Page, name: string, url: string) {
  await page.goto(base + url);
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
  console.log(`docs/screenshots/${name}.png`);
}

async function signedIn(username: string, lang: 'hi' | 'en') {
  const context = await browser.newContext({ viewport: { width: WIDTH, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${base}/login?lang=${lang}`);
  await page.fill('#username', username);
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('button[type=submit].button');
  return page;
}

try {
  const visitor = await (await browser.newContext({ viewport: { width: WIDTH, height: 800 } })).newPage();
  await shoot(visitor, 'home-hi', '/?lang=hi');
  await shoot(visitor, 'donor-form-en', '/donors/new?lang=en&state=UP');
  await shoot(visitor, 'request-form-hi', '/requests/new?lang=hi&state=UP');
  await shoot(visitor, 'track-en', '/requests/track?lang=en');
  await shoot(visitor, 'eligibility-hi', '/eligibility?lang=hi');
  await shoot(visitor, 'stats-en', '/stats?lang=en');
  await shoot(visitor, 'donor-sign-in-hi', '/me/login?lang=hi');
  await shoot(visitor, 'camps-hi', '/camps?lang=hi');
  const firstCamp = await visitor.getAttribute('main a[href^="/camps/"]:not([href$=".ics"])', 'href');
  if (firstCamp) await shoot(visitor, 'camp-en', `${firstCamp}?lang=en`);
  // A form sent with mistakes: the error summary and messages per field.
  await visitor.goto(`${base}/donors/new?lang=en&state=UP`);
  await visitor.fill('#full_name', 'Asha');
  await visitor.fill('#phone', '12345');
  await visitor.click('form button[type=submit]:not([name])');
  await visitor.screenshot({ path: path.join(OUT, 'donor-form-errors-en.png'), fullPage: false });
  console.log('docs/screenshots/donor-form-errors-en.png');

  const volunteer = await signedIn('demo-prayagraj', 'hi');
  await shoot(volunteer, 'volunteer-queue-hi', '/volunteer');
  const firstRequest = await volunteer.getAttribute('.queue a[href^="/volunteer/requests/"]', 'href');
  if (firstRequest) await shoot(volunteer, 'volunteer-request-hi', firstRequest);
  await shoot(volunteer, 'volunteer-add-donor-hi', '/volunteer/donors/new');

  // A verified request: take it on, then open the first matching donor to call.
  const broker = await signedIn('demo-prayagraj', 'en');
  await shoot(broker, 'volunteer-requests-en', '/volunteer/requests');
  const openRequest = await broker.getAttribute('.queue a[href^="/volunteer/requests/"]', 'href');
  if (openRequest) {
    await broker.goto(base + openRequest);
    await broker.click(`form[action="${openRequest}/take"] button`);
    const call = await broker.getAttribute('#matches a[href*="donor="]', 'href');
    await shoot(broker, 'volunteer-matching-en', call ?? openRequest);
  }
  await shoot(broker, 'volunteer-camps-en', '/volunteer/camps');

  const admin = await signedIn('demo-admin', 'en');
  await shoot(admin, 'admin-volunteers-en', '/admin/volunteers');
  await shoot(admin, 'admin-audit-en', '/admin/audit');
} finally {
  await browser.close();
  server.close();
  close();
  await db.close();
}
