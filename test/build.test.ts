import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './helpers/server-process';
import { createTestDatabase, usingRealPostgres, type TestDatabase } from './helpers/test-db';

// What production runs: scripts/build.mjs bundles the TypeScript into plain JavaScript, and node
// runs that without the tsx loader (npm start, the Docker image). The bundle is built into a
// folder of its own and started from another working directory, so that it proves it finds
// views/, public/, locales/ and migrations/ wherever its file lies.

const ROOT = path.resolve(import.meta.dirname, '..');
const START_TIMEOUT_MS = 45_000;

function run(command: string, args: string[], options: { env?: Record<string, string>; cwd?: string } = {}) {
  const child = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), NODE_ENV: 'test', LOG_LEVEL: 'info', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitFor(what: string, ready: () => Promise<boolean>, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode} before ${what}:\n${output()}`);
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no ${what} within ${START_TIMEOUT_MS / 1000} s:\n${output()}`);
}

describe('the production build', () => {
  // Inside the checkout (dist/ is ignored by git): the bundle loads its packages from node_modules.
  fs.mkdirSync(path.join(ROOT, 'dist'), { recursive: true });
  const outdir = fs.mkdtempSync(path.join(ROOT, 'dist', 'test-build-'));
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'rm-build-cwd-'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rm-build-data-'));
  let t: TestDatabase | undefined;
  let target: Record<string, string>;

  beforeAll(async () => {
    if (usingRealPostgres) t = await createTestDatabase({ migrate: false });
    target = t ? { DATABASE_URL: t.url } : { DATA_DIR: dataDir };
  });
  afterAll(async () => {
    await t?.drop();
    for (const dir of [outdir, elsewhere, dataDir]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('bundles the server and the worker into plain JavaScript with source maps pointing at the TypeScript', async () => {
    const build = run(process.execPath, ['scripts/build.mjs', '--outdir', outdir]);
    expect(await build.exited, build.output()).toBe(0);
    const server = fs.readFileSync(path.join(outdir, 'server.js'), 'utf8');
    expect(server).toContain('//# sourceMappingURL=server.js.map');
    const map = JSON.parse(fs.readFileSync(path.join(outdir, 'server.js.map'), 'utf8')) as { sources: string[] };
    expect(map.sources.map((s) => path.resolve(outdir, s))).toContain(path.join(ROOT, 'src', 'server.ts'));
    expect(fs.existsSync(path.join(outdir, 'worker.js'))).toBe(true);
  });

  it('runs under plain node: migrates, serves the Hindi and English home pages and their hashed assets, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const server = run(process.execPath, ['--enable-source-maps', path.join(outdir, 'server.js')], {
      cwd: elsewhere,
      env: { HOST: '127.0.0.1', PORT: String(port), ...target },
    });
    const base = `http://127.0.0.1:${port}`;
    await waitFor('/readyz answering 200', () => fetch(`${base}/readyz`).then((r) => r.status === 200, () => false), server.child, server.output);

    const hindi = await fetch(`${base}/`);
    expect(hindi.status).toBe(200);
    const hindiPage = await hindi.text();
    expect(hindiPage).toContain('<html lang="hi">');
    expect(hindiPage).toContain('रक्तदान करें, जीवन बचाएँ');

    const english = await (await fetch(`${base}/?lang=en`)).text();
    expect(english).toContain('Give blood, save a life');

    const stylesheet = /href="(\/public\/h\/[0-9a-f]{10}\/css\/site\.css)"/.exec(hindiPage)?.[1];
    expect(stylesheet).toBeDefined();
    const css = await fetch(`${base}${stylesheet}`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(css.headers.get('cache-control')).toContain('immutable');

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('stopped');
  });

  it('runs the worker bundle, which stops cleanly on SIGTERM', async () => {
    // After the server has stopped: the embedded database admits one process at a time.
    const worker = run(process.execPath, ['--enable-source-maps', path.join(outdir, 'worker.js')], { cwd: elsewhere, env: target });
    await waitFor('"worker is running"', async () => worker.output().includes('worker is running'), worker.child, worker.output);
    expect(worker.output()).toContain('database schema is up to date');
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toContain('worker stopped');
  });

  it('refuses an output folder outside the checkout, where the bundle could not load its packages', async () => {
    const build = run(process.execPath, ['scripts/build.mjs', '--outdir', path.join(elsewhere, 'dist')]);
    expect(await build.exited).toBe(1);
    expect(build.output()).toContain('--outdir must be a folder inside');
    expect(fs.existsSync(path.join(elsewhere, 'dist'))).toBe(false);
  });
});
