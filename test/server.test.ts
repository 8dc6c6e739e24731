import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, stopServer as stop } from './helpers/server-process';
import { createTestDatabase, usingRealPostgres, type TestDatabase } from './helpers/test-db';

// The real entry point, as `npm start` runs it: a child process with its own environment.

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
