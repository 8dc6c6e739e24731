import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCRATCH_PREFIX, type BenchResults } from '../bench/bench';
import { scratchDatabasesLike } from '../bench/bench.queries';
import type { RunResult } from '../bench/load';
import { compareWithBaseline, evaluateTargets, totalErrors, type Measurements, type ScenarioResult } from '../bench/report';
import { createPooledDatabase } from '../src/db/pool';
import { loadGeoDirectory } from '../src/geo/geo-directory';
import { addDonor } from './helpers/records';
import { createTestDatabase, usingRealPostgres, type TestDatabase } from './helpers/test-db';

// The benchmark tool (`npm run bench`) as an operator runs it: a real child process. The smoke run
// needs a PostgreSQL server (it makes its own scratch database there), so it runs only on the
// PostgreSQL pass of the suite; CI also runs it once more on its own after the tests.

const ROOT = path.resolve(import.meta.dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const COMMITTED_RESULTS = path.join(ROOT, 'bench', 'results.json');

function runBench(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(TSX, ['bench/run.ts', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const fileHash = (file: string) => (fs.existsSync(file) ? createHash('sha256').update(fs.readFileSync(file)).digest('hex') : 'absent');

function run(connections: number, over: Partial<RunResult> = {}): RunResult {
  return {
    connections, durationSeconds: 10, responses: 1000, reqPerSec: 100, statusCodes: { 200: 1000 }, errors: 0, rssMB: 120,
    latencyMs: { p50: 5, p90: 10, p99: 20, max: 30 },
    ...over,
  };
}

describe('npm run bench', () => {
  let t: TestDatabase | undefined;
  beforeAll(async () => {
    if (usingRealPostgres) t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('without DATABASE_URL refuses, says how to run it, and writes nothing', async () => {
    const before = fileHash(COMMITTED_RESULTS);
    const result = await runBench(['--smoke']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('npm run bench needs DATABASE_URL');
    expect(result.stderr).toContain('npm run bench -- --smoke');
    expect(fileHash(COMMITTED_RESULTS)).toBe(before);
  });

  it('with a connection count that is not a number explains the options', async () => {
    const result = await runBench(['--connections', '1,many'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--connections must list whole numbers');
    expect(result.stderr).toContain('Usage: DATABASE_URL=');
  });

  it('judges the targets at the highest connection count: matching p99 under 50 ms, public pages at 80% of the baseline, lost registrations as errors', () => {
    const scenarios: ScenarioResult[] = [
      { name: 'baseline-fortunes', kind: 'baseline', method: 'GET', path: '/fortunes', runs: [run(1, { reqPerSec: 1000 }), run(8, { reqPerSec: 2000 })] },
      { name: 'home', kind: 'public', method: 'GET', path: '/', runs: [run(1, { reqPerSec: 900 }), run(8, { reqPerSec: 1500 })] },
      { name: 'matching-dense', kind: 'volunteer', method: 'GET', path: '/volunteer/requests/1', runs: [run(1, { latencyMs: { p50: 1, p90: 2, p99: 80, max: 90 } }), run(8, { latencyMs: { p50: 9, p90: 30, p99: 49.9, max: 60 } })] },
      { name: 'matching-sparse', kind: 'volunteer', method: 'GET', path: '/volunteer/requests/2', runs: [run(1), run(8, { latencyMs: { p50: 9, p90: 30, p99: 50, max: 60 } })] },
      { name: 'register-donor', kind: 'form', method: 'POST', path: '/donors', runs: [run(1, { rssMB: 310 }), run(8, { rssMB: 280, statusCodes: { 303: 990, 500: 10 }, errors: 10 })] },
    ];
    const measurements: Measurements = { scenarios: compareWithBaseline(scenarios), pageWeight: [], registrations: { accepted: 1990, stored: 1985, inFlight: 9 } };

    const home = measurements.scenarios.find((s) => s.name === 'home')!;
    expect(home.runs.map((r) => r.vsBaseline)).toEqual([0.9, 0.75]);
    expect(measurements.scenarios.find((s) => s.name === 'register-donor')!.runs[0]!.vsBaseline).toBeUndefined();
    // 10 unexpected statuses, and 5 posts answered 303 whose donor is not in the database.
    expect(totalErrors(measurements)).toBe(15);

    const verdict = Object.fromEntries(evaluateTargets(measurements).map((t) => [t.name, [t.actual, t.pass]]));
    expect(verdict['matching-dense p99 at 8 connections']).toEqual(['49.9 ms', true]);
    expect(verdict['matching-sparse p99 at 8 connections']).toEqual(['50 ms', false]);
    expect(verdict['queue p99 at 8 connections']).toEqual(['not measured', false]);
    expect(verdict['home req/s vs baseline, every connection count']).toEqual(['75% (lowest)', false]);
    expect(verdict['errors and unexpected statuses']).toEqual(['15', false]);
    expect(verdict['portal RSS at 8 connections (peak)']).toEqual(['280 MB', true]);
  });

  it.skipIf(!usingRealPostgres)('on a database that holds real donors refuses before touching anything: no bench account, the donor kept', async () => {
    const db = t!.db;
    const donorId = await addDonor(db, await loadGeoDirectory(db), { full_name: 'Meena Kumari' });
    const result = await runBench(['--duration', '1'], { DATABASE_URL: t!.url });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Refusing to run: this database holds 1 real donors and 0 real blood requests');
    expect(await db.many('select username from volunteers')).toEqual([]);
    expect(await db.one('select full_name from donors where id = $1', [donorId])).toEqual({ full_name: 'Meena Kumari' });
  });

  it.skipIf(!usingRealPostgres)('--smoke on a PostgreSQL server measures every scenario at 1 and 8 connections without a failed request, and leaves nothing behind', async () => {
    const serverUrl = process.env.TEST_DATABASE_URL!;
    const admin = createPooledDatabase({ connectionString: serverUrl, max: 1, kind: 'postgres' });
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rm-bench-test-')), 'smoke.json');
    const committedBefore = fileHash(COMMITTED_RESULTS);
    try {
      const scratchBefore = await scratchDatabasesLike(admin, SCRATCH_PREFIX);
      const result = await runBench(['--smoke', '--out', out], { DATABASE_URL: serverUrl });
      expect(result.stderr).not.toContain('The bench failed');
      expect(result.code).toBe(0);

      // The printed table: a row per scenario and connection count, then the page weights and targets.
      expect(result.stdout).toMatch(/scenario\s+conns\s+req\/s\s+p50 ms\s+p99 ms\s+errors\s+RSS MB\s+vs baseline/);
      expect(result.stdout).toMatch(/^matching-dense\s+8\s+\d+\.\d\s+/m);
      expect(result.stdout).toContain(`results: ${out}`);

      const results = JSON.parse(fs.readFileSync(out, 'utf8')) as BenchResults;
      expect(results.mode).toBe('smoke');
      expect(results.scenarios.map((s) => s.name)).toEqual([
        'baseline-fortunes', 'home', 'donor-form', 'register-donor', 'track-form', 'queue', 'matching-dense', 'matching-sparse',
      ]);
      for (const scenario of results.scenarios) {
        expect(scenario.runs.map((r) => r.connections)).toEqual([1, 8]);
        for (const r of scenario.runs) {
          expect(r.responses).toBeGreaterThan(0);
          expect(r.errors).toBe(0);
          expect(r.rssMB).toBeGreaterThan(0);
          if (scenario.method === 'GET' && scenario.kind !== 'baseline') expect(r.vsBaseline).toBeGreaterThan(0);
        }
      }
      expect(results.errors).toBe(0);
      // Every registration the form accepted is a donor row (the bench counted them before removing them).
      expect(results.registrations.accepted).toBeGreaterThan(0);
      expect(results.registrations.stored).toBeGreaterThanOrEqual(results.registrations.accepted);
      expect(results.dataset.verified_donors).toBeGreaterThan(0);
      expect(results.fixtures.dense.verifiedDonors).toBeGreaterThan(results.fixtures.sparse.verifiedDonors);
      expect(results.pageWeight.map((p) => [p.path, p.status])).toEqual([['/', 200], ['/donors/new', 200], ['/requests/new', 200]]);
      expect(results.pageWeight.every((p) => p.cssBytes > 0 && p.totalBytes === p.htmlBytes + p.cssBytes + p.jsBytes)).toBe(true);
      expect(results.git.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(results.targets.length).toBeGreaterThan(5);

      // Its scratch database is gone and the committed results were not touched.
      expect(await scratchDatabasesLike(admin, SCRATCH_PREFIX)).toEqual(scratchBefore);
      expect(fileHash(COMMITTED_RESULTS)).toBe(committedBefore);
    } finally {
      await admin.close();
    }
  }, 180_000);
});
