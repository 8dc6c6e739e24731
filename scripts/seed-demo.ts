import { parseArgs } from 'node:util';
import { prepareDatabase } from '../src/bootstrap';
import { connectDatabase } from '../src/db/connect';
import { DEMO_PASSWORD, DemoSeedError, loadDemoData, type DemoSummary } from '../src/seed/demo-data';
import { configAndLogger, fail } from './script-support';

// `npm run seed [-- --force]`: loads the demo dataset (accounts, donors, requests, all marked is_demo)
// for trying the portal locally. Running it again replaces the earlier demo rows.

const USAGE = 'Usage: npm run seed [-- --force]\n  --force  load demo data even when NODE_ENV=production';

let force = false;
try {
  const { values } = parseArgs({ options: { force: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  force = values.force;
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`);
}

// Checked before anything else, so that a production environment is never touched by mistake.
if (process.env.NODE_ENV === 'production' && !force) {
  fail(
    'Refusing to load demo data: NODE_ENV is production. Demo accounts share a published password.\n' +
      'Use --force only on a throwaway copy of the database.',
  );
}

const { config, logger } = configAndLogger();
let db;
try {
  db = await connectDatabase(config.database, logger);
} catch (err) {
  // Typically the embedded database held by a running portal.
  fail((err as Error).message);
}
try {
  await prepareDatabase(db, logger);
  const summary = await loadDemoData(db, { now: new Date(), bcryptCost: config.auth.bcryptCost });
  process.stdout.write(summaryText(summary));
} catch (err) {
  process.stderr.write(`${err instanceof DemoSeedError ? err.message : `Loading demo data failed: ${(err as Error).message}`}\n`);
  process.exitCode = 1;
} finally {
  await db.close();
}

function summaryText(s: DemoSummary): string {
  const replaced = s.replaced.donors + s.replaced.requests > 0
    ? ` (replacing ${s.replaced.donors} donors and ${s.replaced.requests} requests of an earlier run)`
    : '';
  const open = s.requests.filter((r) => r.status === 'open').length;
  const lines = [
    `Demo data loaded${replaced}; every row is marked is_demo.`,
    `  ${s.accounts.length} accounts (${s.accounts.filter((a) => a.created).length} new)`,
    `  ${s.donors.verified + s.donors.pending} donors: ${s.donors.verified} verified, ${s.donors.pending} pending verification` +
      (s.donors.skipped ? ` (${s.donors.skipped} skipped: phone number used by a record that is not demo data)` : ''),
    `  ${s.requests.length} blood requests: ${open} open, ${s.requests.length - open} pending verification`,
    `  ${s.camps} donation camps with their partner organisations (see /camps)`,
    '',
    `Sign in at /login, every account with the password: ${DEMO_PASSWORD}`,
    ...s.accounts.map((a) => `  ${a.username.padEnd(18)} ${a.role.padEnd(10)} ${a.area}`),
  ];
  const first = s.requests[0];
  if (first) {
    const phone = `${first.contactPhone.slice(0, 3)} ${first.contactPhone.slice(3, 8)} ${first.contactPhone.slice(8)}`;
    lines.push('', `Track a demo request at /requests/track: ${first.reference} with phone ${phone}`);
  }
  return `${lines.join('\n')}\n`;
}
