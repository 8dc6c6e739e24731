import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prepareDatabase } from '../src/bootstrap';
import { createPooledDatabase, type PooledDatabase } from '../src/db/pool';
import { loadGeoDirectory } from '../src/geo/geo-directory';
import { loadSyntheticData } from '../src/seed/synthetic/load-synthetic';
import { createFortunes, dropFortunes } from './baseline/fortunes.queries';
import {
  createScratchDatabase, datasetSize, deleteAnonymousSessions, donorsWithPhonePrefix, dropScratchDatabase, serverVersion, type DatasetSize,
} from './bench.queries';
import { gitCommit, machine, REPO_DIR, serverSettings, shownSettings, withDatabase } from './environment';
import { checkBenchDatabase, cleanUpFixtures, prepareBenchVolunteer, prepareFixtures, type Fixtures } from './fixtures';
import { runLoad } from './load';
import type { BenchOptions } from './options';
import { measurePageWeight } from './page-weight';
import { compareWithBaseline, evaluateTargets, totalErrors, type Measurements, type ScenarioResult, type Target } from './report';
import { BASELINE_SCENARIO, portalScenarios, type Scenario } from './scenarios';
import { buildBenchServers, startChildServer, type ChildServer } from './servers';
import { formSessionPool, signIn } from './sessions';

// One bench run from start to end: the database and its fixtures, the two servers, page weight,
// every scenario at every connection count, then everything it created removed again.

export const SCRATCH_PREFIX = 'rm_bench_smoke_';
const WEIGHED_PAGES = ['/', '/donors/new', '/requests/new'];
// The smoke run's dataset: the synthetic seeder's, small enough to load in a fraction of a second.
const SMOKE_DATASET = { donors: 1000, requests: 100, seed: 7 };
// Anonymous sessions live 2 hours (src/web/security.ts); those made during a run expire after this.
const ANONYMOUS_SESSION_MS = 2 * 3600 * 1000 - 60_000;

export interface BenchResults extends Measurements {
  mode: 'full' | 'smoke';
  date: string;
  git: { commit: string; dirty: boolean };
  node: string;
  machine: ReturnType<typeof machine> & { loadAverageBefore: number[]; loadAverageAfter: number[] };
  database: { server: string; poolSize: number; scratch: boolean };
  /** Resident memory of each server once started, before any load. */
  idleRssMB: { portal: number; baseline: number };
  dataset: DatasetSize;
  settings: { durationSeconds: number; warmupSeconds: number; connections: number[]; serverEnv: Record<string, string> };
  fixtures: { volunteer: string; dense: FixtureSummary; sparse: FixtureSummary; registrationDistrict: { id: number; name: string; stateCode: string } };
  errors: number;
  appLog: { file: string; errorLines: number };
  targets: Target[];
  allTargetsMet: boolean;
}

type FixtureSummary = Omit<Fixtures['dense'], 'request'> & { request: { id: number; reference: string; bloodGroup: string; component: string; createdByBench: boolean } };

export async function runBench(options: BenchOptions, serverUrl: string, say: (line: string) => void): Promise<BenchResults> {
  const scratch = options.smoke ? `${SCRATCH_PREFIX}${process.pid}_${randomBytes(4).toString('hex')}` : undefined;
  const admin = scratch ? createPooledDatabase({ connectionString: serverUrl, max: 1, kind: 'postgres' }) : undefined;
  if (admin && scratch) {
    await createScratchDatabase(admin, scratch);
    say(`created scratch database ${scratch}`);
  }
  const url = scratch ? withDatabase(serverUrl, scratch) : serverUrl;
  const db = createPooledDatabase({ connectionString: url, max: 4, kind: 'postgres' });
  try {
    return await measure(db, url, options, say);
  } finally {
    await db.close();
    if (admin && scratch) {
      await dropScratchDatabase(admin, scratch);
      await admin.close();
      say(`dropped scratch database ${scratch}`);
    }
  }
}

async function measure(db: PooledDatabase, url: string, options: BenchOptions, say: (line: string) => void): Promise<BenchResults> {
  const startedAt = new Date();
  // Other work on the machine skews every number; the load averages show whether there was any.
  const loadAverageBefore = os.loadavg().map((l) => Math.round(l * 100) / 100);
  await prepareDatabase(db);
  if (options.smoke) {
    const loaded = await loadSyntheticData(db, { ...SMOKE_DATASET, force: false, now: startedAt });
    say(`loaded ${loaded.donors.rows} synthetic donors and ${loaded.requests.rows} requests`);
  }
  await checkBenchDatabase(db);
  const geo = await loadGeoDirectory(db);
  const volunteer = await prepareBenchVolunteer(db, startedAt);
  const dataset = await datasetSize(db);
  const fixtures = await prepareFixtures(db, geo, volunteer, startedAt);
  say(`dataset: ${dataset.donors} donors (${dataset.verified_donors} verified), ${dataset.requests} requests; dense ${fixtures.dense.name} (${fixtures.dense.verifiedDonors}), sparse ${fixtures.sparse.name} (${fixtures.sparse.verifiedDonors})`);
  await createFortunes(db);

  const settings = serverSettings(url);
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'raktdaan-bench-'));
  const logFile = path.join(logDir, 'servers.log');
  const servers: ChildServer[] = [];
  let measurements: Measurements;
  let idleRssMB: BenchResults['idleRssMB'];
  try {
    const env = { ...process.env, ...settings };
    const entries = buildBenchServers();
    const portal = await startChildServer('portal', entries.portal, env, logFile);
    servers.push(portal);
    const baseline = await startChildServer('baseline', entries.baseline, env, logFile);
    servers.push(baseline);
    idleRssMB = { portal: megabytes(await portal.rss()), baseline: megabytes(await baseline.rss()) };
    say(`portal on ${portal.url} (pid ${portal.pid}), baseline on ${baseline.url} (pid ${baseline.pid}); their log: ${logFile}`);

    const pageWeight = [];
    for (const page of WEIGHED_PAGES) pageWeight.push(await measurePageWeight(portal.url, page));
    const top = Math.max(...options.connections);
    const scenarios = portalScenarios({
      fixtures,
      volunteerCookie: await signIn(portal.url, volunteer.username, volunteer.password),
      donorFormSessions: await formSessionPool(portal.url, '/donors/new', 2 * top),
    });

    const { results, accepted, inFlight } = await runScenarios([BASELINE_SCENARIO, ...scenarios], { portal, baseline }, options, say);
    const stored = await donorsWithPhonePrefix(db, fixtures.phonePrefix);
    measurements = { scenarios: compareWithBaseline(results), pageWeight, registrations: { accepted, stored, inFlight } };
  } finally {
    for (const server of servers.reverse()) await server.stop();
    await cleanUp(db, fixtures, startedAt, say);
  }

  const targets = evaluateTargets(measurements);
  return {
    mode: options.smoke ? 'smoke' : 'full',
    date: startedAt.toISOString(),
    git: gitCommit(REPO_DIR),
    node: process.version,
    machine: { ...machine(), loadAverageBefore, loadAverageAfter: os.loadavg().map((l) => Math.round(l * 100) / 100) },
    database: { server: await serverVersion(db), poolSize: Number(settings.DATABASE_POOL_SIZE), scratch: options.smoke },
    idleRssMB,
    dataset,
    settings: { durationSeconds: options.durationSeconds, warmupSeconds: options.warmupSeconds, connections: options.connections, serverEnv: shownSettings(settings) },
    fixtures: {
      volunteer: volunteer.username,
      dense: summary(fixtures.dense),
      sparse: summary(fixtures.sparse),
      registrationDistrict: { id: fixtures.registration.districtId, name: geo.districtName(fixtures.registration.districtId), stateCode: fixtures.registration.stateCode },
    },
    ...measurements,
    errors: totalErrors(measurements),
    appLog: { file: logFile, errorLines: countErrorLines(logFile) },
    targets,
    allTargetsMet: targets.every((t) => t.pass),
  };
}

/** Every scenario at every connection count, each after a warm-up at the highest count. */
async function runScenarios(scenarios: Scenario[], servers: { portal: ChildServer; baseline: ChildServer }, options: BenchOptions, say: (line: string) => void) {
  const top = Math.max(...options.connections);
  const results: ScenarioResult[] = [];
  let accepted = 0;
  let inFlight = 0;
  for (const scenario of scenarios) {
    const server = scenario.kind === 'baseline' ? servers.baseline : servers.portal;
    const warmup = await runLoad(server, scenario, top, options.warmupSeconds);
    const runs = [];
    for (const connections of options.connections) {
      const run = await runLoad(server, scenario, connections, options.durationSeconds);
      say(`${scenario.name.padEnd(18)} ${String(connections).padStart(3)} conns: ${run.reqPerSec} req/s, p99 ${run.latencyMs.p99} ms, ${run.errors} errors`);
      runs.push(run);
    }
    // Registrations are checked against the donor rows afterwards, warm-up included.
    if (scenario.kind === 'form') {
      accepted += [warmup, ...runs].reduce((n, r) => n + (r.statusCodes[scenario.expect] ?? 0), 0);
      inFlight += [warmup, ...runs].reduce((n, r) => n + r.connections, 0);
    }
    results.push({ name: scenario.name, kind: scenario.kind, method: scenario.method, path: scenario.path, runs });
  }
  return { results, accepted, inFlight };
}

const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

function summary(d: Fixtures['dense']): FixtureSummary {
  const { request, ...district } = d;
  return { ...district, request: { id: request.id, reference: request.reference, bloodGroup: request.blood_group, component: request.component, createdByBench: request.createdByBench } };
}

/** Each step on its own, so one failure does not leave the rest behind. */
async function cleanUp(db: PooledDatabase, fixtures: Fixtures, startedAt: Date, say: (line: string) => void) {
  const steps: Array<[string, () => Promise<unknown>]> = [
    ['bench donors and requests', async () => {
      const removed = await cleanUpFixtures(db, fixtures);
      say(`removed ${removed.donors} registered donors and ${removed.requests} bench requests`);
    }],
    ['anonymous sessions', () => deleteAnonymousSessions(db, new Date(startedAt.getTime() + ANONYMOUS_SESSION_MS))],
    ['baseline table', () => dropFortunes(db)],
  ];
  for (const [what, step] of steps) {
    await step().catch((err: unknown) => say(`could not remove the ${what}: ${(err as Error).message}`));
  }
}

/** pino writes level 50 (error) and 60 (fatal) for failures, including every 5xx. */
function countErrorLines(file: string): number {
  if (!fs.existsSync(file)) return 0;
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => /"level":(50|60)\b/.test(l) || /^\s*(Error|TypeError)\b/.test(l)).length;
}
