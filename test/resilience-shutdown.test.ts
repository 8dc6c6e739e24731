import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { createPooledDatabase } from '../src/db/pool';
import { GeoDirectory } from '../src/geo/geo-directory';
import { validDonorForm } from './helpers/fixtures';
import { startServer, waitForOutput, type RunningServer } from './helpers/server-process';
import { hiddenValue } from './helpers/test-app';
import { createTestDatabase, usingRealPostgres, type TestDatabase } from './helpers/test-db';

// A deploy or restart sends SIGTERM while someone is still sending a form on a slow connection.
// The server stops taking new connections, lets that form finish (up to SHUTDOWN_TIMEOUT_MS),
// closes the database and exits 0; a request that outlives the deadline is cut, and it still exits 0.

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rm-shutdown-'));
let t: TestDatabase | undefined;

/** Where the server keeps its data: the scratch database on a real server, or an embedded one in dataDir. */
const databaseEnv = (): Record<string, string> => (t ? { DATABASE_URL: t.url } : { DATA_DIR: dataDir });

beforeAll(async () => {
  // The server migrates its database itself, as in production.
  if (usingRealPostgres) t = await createTestDatabase({ migrate: false });
});
afterAll(async () => {
  await t?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The donors stored under a phone number, read after the server has gone. */
async function donorsWithPhone(phone: string): Promise<number> {
  if (t) return (await t.db.one<{ n: number }>('select count(*)::int as n from donors where phone = $1', [phone])).n;
  const embedded = await startEmbeddedPostgres(dataDir);
  const db = createPooledDatabase({ connectionString: embedded.connectionString, max: 1, kind: 'embedded', onClose: () => embedded.stop() });
  try {
    return (await db.one<{ n: number }>('select count(*)::int as n from donors where phone = $1', [phone])).n;
  } finally {
    await db.close();
  }
}

/**
 * A donor form sent the way a slow phone connection sends it: the headers and half the body now,
 * the rest when finish() is called. `answer` settles with the response, or with how the connection ended.
 */
async function startSlowDonorForm(server: RunningServer, phone: string) {
  // The districts the form offers, as the page's script fetches them.
  const districts = (await (await fetch(`http://127.0.0.1:${server.port}/districts.json?state=UP`)).json()) as Array<{ id: number; name: string }>;
  const geo = new GeoDirectory([{ code: 'UP', name: 'Uttar Pradesh', name_hi: null }], districts.map((d) => ({ ...d, state_code: 'UP' })));
  const page = await fetch(`http://127.0.0.1:${server.port}/donors/new?lang=en`);
  const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = hiddenValue(await page.text(), '_csrf');
  const body = new URLSearchParams({ ...(validDonorForm(geo, { phone }) as Record<string, string>), _csrf: csrf }).toString();
  const half = Math.floor(body.length / 2);
  const req = http.request({
    host: '127.0.0.1',
    port: server.port,
    method: 'POST',
    path: '/donors',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
  });
  const answer = new Promise<{ status?: number; location?: string; error?: string; at: number }>((resolve) => {
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, location: res.headers.location, at: Date.now() }));
    });
    req.on('error', (err) => resolve({ error: (err as NodeJS.ErrnoException).code ?? err.message, at: Date.now() }));
  });
  req.write(body.slice(0, half));
  // Give the server time to start on the request: it is in flight when the signal comes.
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { answer, finish: () => req.end(body.slice(half)) };
}

function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

describe('SIGTERM while a form is being sent', () => {
  it('refuses new connections, finishes the form and stores it, closes the database and exits 0', async () => {
    const server = await startServer({ ...databaseEnv(), SHUTDOWN_TIMEOUT_MS: '5000' });
    const form = await startSlowDonorForm(server, '+91 98111 22334');

    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    await waitForOutput(server, 'shutting down');
    expect(await connectionRefused(server.port)).toBe(true);

    form.finish();
    const answer = await form.answer;
    expect(answer).toMatchObject({ status: 303, location: '/donors/thanks' });
    expect(await server.exited).toBe(0);
    const exitMs = Date.now() - signalledAt;
    // "stopped" is logged after the database has been closed. It comes soon after the last answer,
    // not at the deadline: the form's keep-alive connection is closed once it is idle.
    expect(server.output()).toContain('stopped');
    expect(exitMs).toBeLessThan(2_500);
    if (!t) expect(fs.existsSync(path.join(dataDir, 'raktdaan-mitra.lock'))).toBe(false);
    expect(await donorsWithPhone('+919811122334')).toBe(1);
    console.info('graceful shutdown', JSON.stringify({ backend: t ? 'postgres' : 'embedded', inFlightAnsweredAfterMs: answer.at - signalledAt, exitAfterMs: exitMs }));
  });

  it('cuts a request that outlives SHUTDOWN_TIMEOUT_MS, and still exits 0', async () => {
    const server = await startServer({ ...databaseEnv(), SHUTDOWN_TIMEOUT_MS: '800' });
    const form = await startSlowDonorForm(server, '+91 98111 22335');

    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    // The rest of the form never comes: at the deadline the server closes the connection.
    const answer = await form.answer;
    expect(answer.status).toBeUndefined();
    expect(answer.error).toMatch(/ECONNRESET|socket hang up/);
    expect(answer.at - signalledAt).toBeGreaterThanOrEqual(750);
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('stopped');
    expect(await donorsWithPhone('+919811122335')).toBe(0);
    console.info('shutdown deadline', JSON.stringify({ backend: t ? 'postgres' : 'embedded', cutAfterMs: answer.at - signalledAt, exitAfterMs: Date.now() - signalledAt }));
  });
});
