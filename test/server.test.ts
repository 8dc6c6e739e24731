import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, usingRealPostgres, type TestDatabase } from './helpers/test-db';

// The real entry point, as `npm start` runs it: a child process with its own environment.

const ROOT = path.resolve(import.meta.dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

interface Running {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

async function startServer(env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const child = spawn(TSX, ['src/server.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), NODE_ENV: 'test', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 45_000;
  while (!out.includes('is ready on') && Date.now() < deadline && child.exitCode === null) {
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, port, output: () => out, exited };
}

async function stop(server: Running): Promise<number | null> {
  server.child.kill('SIGTERM');
  return server.exited;
}

describe.skipIf(usingRealPostgres)('npm start on the embedded database', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rm-data-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('migrates, serves, refuses a second process on the same data, stops cleanly on SIGTERM, and keeps its data', async () => {
    const first = await startServer({ DATA_DIR: dataDir });
    expect(first.output()).toContain('using embedded PostgreSQL');
    const ready = await fetch(`http://127.0.0.1:${first.port}/readyz`);
    expect(ready.status).toBe(200);

    const second = await startServer({ DATA_DIR: dataDir });
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/in use by another process \(pid \d+\)/);

    const home = await fetch(`http://127.0.0.1:${first.port}/?lang=en`);
    expect(await home.text()).toContain('Give blood, save a life');
    expect(await stop(first)).toBe(0);
    expect(first.output()).toContain('stopped');
    expect(fs.existsSync(path.join(dataDir, 'raktdaan-mitra.lock'))).toBe(false);

    const again = await startServer({ DATA_DIR: dataDir });
    expect(again.output()).toContain('database schema is up to date');
    expect((await fetch(`http://127.0.0.1:${again.port}/readyz`)).status).toBe(200);
    expect(await stop(again)).toBe(0);
  });
});

describe.runIf(usingRealPostgres)('npm start with DATABASE_URL', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    await t.drop();
  });

  it('migrates the server database, serves, and stops cleanly on SIGTERM', async () => {
    const server = await startServer({ DATABASE_URL: t.url });
    expect(server.output()).toContain('using PostgreSQL server from DATABASE_URL');
    expect((await fetch(`http://127.0.0.1:${server.port}/readyz`)).status).toBe(200);
    expect(await stop(server)).toBe(0);
    const migrated = await t.db.one<{ n: number }>('select count(*)::int as n from schema_migrations');
    expect(migrated.n).toBeGreaterThan(0);
  });
});

describe('start-up configuration errors', () => {
  it('in production without secrets, the process stops with a message naming what is missing', async () => {
    const server = await startServer({ NODE_ENV: 'production' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('SESSION_SECRET: is required when NODE_ENV=production');
  });
});
