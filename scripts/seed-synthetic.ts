import { parseArgs } from 'node:util';
import { prepareDatabase } from '../src/bootstrap';
import { connectDatabase } from '../src/db/connect';
import {
  checkSyntheticOptions, loadSyntheticData, SyntheticSeedError, type LoadProgress, type SyntheticSummary, type TableLoad,
} from '../src/seed/synthetic/load-synthetic';
import { configAndLogger, fail } from './script-support';

// `npm run seed:synthetic -- --donors 1000000 --requests 50000 [--seed N] [--force]`: fills a
// PostgreSQL database with the synthetic national dataset for performance work. Progress goes to
// stderr, the summary to stdout.

const USAGE = `Usage: npm run seed:synthetic -- [--donors N] [--requests N] [--seed N] [--force]
  --donors N    synthetic donors to load (default 1000000)
  --requests N  synthetic blood requests to load (default 50000)
  --seed N      seed of the random generator: the same seed gives the same rows (default 1)
  --force       load even though the database holds real donors or requests (they are kept)
Needs DATABASE_URL (a PostgreSQL server). Running it again replaces the earlier synthetic rows.`;

const number = (n: number) => n.toLocaleString('en-IN');

function wholeNumber(text: string, name: string): number {
  if (!/^\d+$/.test(text)) fail(`${name} must be a whole number, not "${text}".\n${USAGE}`);
  return Number(text);
}

let options: { donors: number; requests: number; seed: number; force: boolean };
try {
  const { values } = parseArgs({
    options: {
      donors: { type: 'string', default: '1000000' },
      requests: { type: 'string', default: '50000' },
      seed: { type: 'string', default: '1' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  options = {
    donors: wholeNumber(values.donors, '--donors'),
    requests: wholeNumber(values.requests, '--requests'),
    seed: wholeNumber(values.seed, '--seed'),
    force: values.force,
  };
  checkSyntheticOptions(options);
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`);
}

// Checked before connecting: without DATABASE_URL the app would start the embedded database.
if (!process.env.DATABASE_URL) {
  fail('The synthetic dataset needs a PostgreSQL server: set DATABASE_URL (the embedded database is too small for it).');
}
if (process.env.NODE_ENV === 'production' && !options.force) {
  fail('Refusing to load synthetic data: NODE_ENV is production. Use --force only on a database of its own.');
}

const { config, logger } = configAndLogger();
const db = await connectDatabase(config.database, logger);
try {
  await prepareDatabase(db, logger);
  const summary = await loadSyntheticData(db, { ...options, now: new Date(), onProgress: progressPrinter() });
  process.stdout.write(summaryText(summary));
} catch (err) {
  process.stderr.write(`${err instanceof SyntheticSeedError ? err.message : `Loading synthetic data failed: ${(err as Error).message}`}\n`);
  process.exitCode = 1;
} finally {
  await db.close();
}

/** A line every two seconds and at the end of each table, not one per chunk. */
function progressPrinter(): (p: LoadProgress) => void {
  let lastAt = 0;
  return (p) => {
    const now = Date.now();
    if (now - lastAt < 2000 && p.rows < p.total) return;
    lastAt = now;
    process.stderr.write(`${p.table}: ${number(p.rows)} of ${number(p.total)} (${number(p.rowsPerSecond)} rows/s)\n`);
  };
}

function tableLine(t: TableLoad): string {
  return `${number(t.rows)} in ${t.seconds.toFixed(1)} s, ${number(t.rowsPerSecond)} rows/s ` +
    `(COPY ${t.copySeconds.toFixed(1)} s, then indexes and foreign keys ${(t.seconds - t.copySeconds).toFixed(1)} s)`;
}

function summaryText(s: SyntheticSummary): string {
  const cleared = {
    truncated: ` (replacing ${number(s.replaced.donors)} donors and ${number(s.replaced.requests)} requests of an earlier run; tables emptied)`,
    deleted: ` (replacing ${number(s.replaced.donors)} donors and ${number(s.replaced.requests)} requests of an earlier run)`,
    nothing: '',
  }[s.cleared];
  const kept = s.kept.donors + s.kept.requests > 0 ? `\n  kept ${number(s.kept.donors)} real donors and ${number(s.kept.requests)} real requests` : '';
  return [
    `Synthetic data loaded${cleared}; every row is marked is_demo.`,
    `  donors:   ${tableLine(s.donors)}`,
    `  requests: ${tableLine(s.requests)}; ${number(s.events)} timeline events`,
    `  total ${s.seconds.toFixed(1)} s, including VACUUM ANALYZE${kept}`,
    '',
  ].join('\n');
}
