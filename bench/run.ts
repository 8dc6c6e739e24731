import fs from 'node:fs';
import path from 'node:path';
import { runBench } from './bench';
import { parseOptions, USAGE, UsageError, type BenchOptions } from './options';
import { DatasetError } from './fixtures';
import { formatReport } from './report';
import { BENCH_DIR } from './servers';

// `npm run bench [-- --smoke] [--duration 10] [--connections 1,8,32] [--out file]`
// Measures the portal against a baseline app on the PostgreSQL server of DATABASE_URL; prints a
// table and writes the results as JSON. Exit code: 0 when it worked (and, in a full run, every
// target was met), 1 otherwise; a smoke run fails only when a request failed.

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

let options: BenchOptions;
try {
  const parsed = parseOptions(process.argv.slice(2), BENCH_DIR);
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  options = parsed;
} catch (err) {
  if (err instanceof UsageError) fail(`${err.message}\n\n${USAGE}`);
  throw err;
}

const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  fail(
    'npm run bench needs DATABASE_URL: a PostgreSQL server (the embedded database cannot take the load).\n' +
      '  Full run:  DATABASE_URL=postgres://…/raktdaan_bench npm run bench   (load a dataset first with npm run seed:synthetic)\n' +
      '  Smoke run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- --smoke   (makes and drops its own database)',
  );
}

const say = (line: string) => process.stderr.write(`bench: ${line}\n`);
let results;
try {
  say(`${options.smoke ? 'smoke run' : 'full run'}: ${options.durationSeconds} s per run at ${options.connections.join(', ')} connections`);
  results = await runBench(options, serverUrl, say);
} catch (err) {
  fail(err instanceof DatasetError ? err.message : `The bench failed: ${(err as Error).stack ?? String(err)}`);
}

fs.mkdirSync(path.dirname(options.out), { recursive: true });
fs.writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(formatReport(results, results.targets));
process.stdout.write(`\nresults: ${options.out}\n`);
if (results.appLog.errorLines > 0) say(`the servers logged ${results.appLog.errorLines} error lines: see ${results.appLog.file}`);

if (results.errors > 0) {
  say(`${results.errors} requests failed or answered with an unexpected status: the tool or the app is broken`);
  process.exit(1);
}
if (!options.smoke && !results.allTargetsMet) {
  say('some targets were not met (see the table above)');
  process.exit(1);
}
process.exit(0);
