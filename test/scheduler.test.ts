import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../src/bootstrap';
import { loadConfig } from '../src/config';
import { connectDatabase } from '../src/db/connect';
import type { PooledDatabase } from '../src/db/pool';
import { createLogger } from '../src/logger';
import { enqueueNotification } from '../src/notifications/outbox';
import { startScheduler, type Task } from '../src/worker/scheduler';
import { buildTasks } from '../src/worker/tasks';
import { TEST_NOW } from './helpers/test-app';
import { freePort } from './helpers/server-process';
import { createTestDatabase, usingRealPostgres, type TestDatabase } from './helpers/test-db';

// Background tasks: the scheduler's promises (one run at a time, errors logged, a clean stop),
// the task list, and the processes that run it: `npm run worker` and the web server itself.

const ROOT = path.resolve(import.meta.dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger('debug', sink), lines };
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

describe('the scheduler', () => {
  it('runs each task at once, then again after its interval, never two runs of a task at the same time', async () => {
    const { logger } = capturingLogger();
    let runs = 0;
    let inFlight = 0;
    let mostAtOnce = 0;
    const slow: Task = {
      name: 'slow',
      everyMs: 5,
      async run() {
        runs += 1;
        inFlight += 1;
        mostAtOnce = Math.max(mostAtOnce, inFlight);
        await sleep(30);
        inFlight -= 1;
      },
    };
    const seen: Date[] = [];
    const quick: Task = { name: 'quick', everyMs: 20, run: async (now) => seen.push(now) };
    const scheduler = startScheduler([slow, quick], { logger, now: () => TEST_NOW });
    await until(() => runs >= 4 && seen.length >= 4);
    await scheduler.stop();
    expect(mostAtOnce).toBe(1);
    expect(seen.every((d) => d.getTime() === TEST_NOW.getTime())).toBe(true);
  });

  it('logs a failing run with the task\'s name and keeps the schedule', async () => {
    const { logger, lines } = capturingLogger();
    let runs = 0;
    const flaky: Task = {
      name: 'flaky',
      everyMs: 5,
      async run() {
        runs += 1;
        if (runs === 1) throw new Error('database went away');
      },
    };
    const scheduler = startScheduler([flaky], { logger });
    await until(() => runs >= 3);
    await scheduler.stop();
    expect(lines).toContainEqual(expect.objectContaining({ level: 50, task: 'flaky', msg: 'task failed; it will run again on schedule', err: expect.objectContaining({ message: 'database went away' }) }));
  });

  it('stop() tells running tasks, waits for them to finish, and runs nothing afterwards', async () => {
    const { logger } = capturingLogger();
    let started = 0;
    let finished = false;
    let sawAbort = false;
    const task: Task = {
      name: 'long',
      everyMs: 5,
      async run(_now, signal) {
        started += 1;
        await sleep(100);
        sawAbort = signal.aborted;
        finished = true;
      },
    };
    const scheduler = startScheduler([task], { logger });
    await until(() => started === 1);
    await scheduler.stop();
    expect(finished).toBe(true);
    expect(sawAbort).toBe(true);
    await sleep(50);
    expect(started).toBe(1);
  });

  it('stop() with a time limit gives up waiting on a stuck task and says so', async () => {
    const { logger, lines } = capturingLogger();
    let started = false;
    const stuck: Task = {
      name: 'stuck',
      everyMs: 1_000,
      run: async () => {
        started = true;
        await sleep(2_000);
      },
    };
    const scheduler = startScheduler([stuck], { logger });
    await until(() => started);
    const begun = Date.now();
    await scheduler.stop({ timeoutMs: 50 });
    expect(Date.now() - begun).toBeLessThan(1_000);
    expect(lines).toContainEqual(expect.objectContaining({ level: 40, tasks: ['stuck'] }));
  });

  it('refuses two tasks with one name, or a task without a positive interval', () => {
    const { logger } = capturingLogger();
    const task: Task = { name: 'twice', everyMs: 10, run: async () => undefined };
    expect(() => startScheduler([task, task], { logger })).toThrow(/two scheduled tasks are named twice/);
    expect(() => startScheduler([{ ...task, everyMs: 0 }], { logger })).toThrow(/everyMs must be positive/);
  });
});

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('the task list', () => {
  it('delivers notifications every WORKER_POLL_SECONDS with the configured transports, attempts and links', async () => {
    const { logger, lines } = capturingLogger();
    const config = loadConfig({ WORKER_POLL_SECONDS: '7', NOTIFY_MAX_ATTEMPTS: '3', PUBLIC_BASE_URL: 'https://raktdaan.example.org' });
    const tasks = buildTasks({ db: t.db, config, logger, now: () => TEST_NOW });
    const deliver = tasks.find((task) => task.name === 'deliver-notifications')!;
    expect(deliver.everyMs).toBe(7_000);
    expect(new Set(tasks.map((task) => task.name)).size).toBe(tasks.length);

    const id = await enqueueNotification(t.db, { channel: 'sms', recipient: '+919876543210', template: 'request_verified', language: 'en', payload: { reference: 'PM-7K3QX9' }, at: TEST_NOW });
    expect(await deliver.run(TEST_NOW, new AbortController().signal)).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await t.db.one('select status from notifications where id = $1', [id])).toEqual({ status: 'sent' });
    expect(lines).toContainEqual(
      expect.objectContaining({ notificationId: id, to: '+********3210', text: expect.stringContaining('https://raktdaan.example.org/requests/track') }),
    );
  });
});

// ---- the processes ----------------------------------------------------------------------------

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(script: string, env: Record<string, string>): Running {
  const child = spawn(TSX, [script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), NODE_ENV: 'test', HOST: '127.0.0.1', LOG_LEVEL: 'info', WORKER_POLL_SECONDS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

describe('processes that run the tasks', () => {
  // The processes use this file's PostgreSQL database (TEST_DATABASE_URL), or an embedded one in a
  // temporary DATA_DIR that the test opens only while no process runs.
  let server: TestDatabase | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rm-worker-'));
  const target = (): Record<string, string> => (server ? { DATABASE_URL: server.url } : { DATA_DIR: dataDir });

  async function inDatabase<T>(fn: (db: PooledDatabase) => Promise<T>): Promise<T> {
    if (server) return fn(server.db);
    const db = await connectDatabase({ url: undefined, poolSize: 1, dataDir }, createLogger('silent'));
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }

  const queueMessage = (recipient: string) =>
    inDatabase(async (db) => (await enqueueNotification(db, { channel: 'sms', recipient, template: 'donor_verified', language: 'hi' }))!);
  const statusOf = (id: number) => inDatabase((db) => db.one<{ status: string }>('select status from notifications where id = $1', [id]));

  beforeAll(async () => {
    if (usingRealPostgres) server = t;
    else await inDatabase((db) => prepareDatabase(db));
  });
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('npm run worker delivers queued messages to the log with the number masked, and stops cleanly on SIGTERM', async () => {
    const id = await queueMessage('+919876500001');
    const worker = start('scripts/worker.ts', target());
    try {
      await until(() => worker.output().includes('notification sent') || worker.child.exitCode !== null, 20_000);
    } finally {
      worker.child.kill('SIGTERM');
    }
    expect(await worker.exited).toBe(0);
    const output = worker.output();
    expect(output).toContain('"to":"+********0001"');
    expect(output).toContain('रक्तदान मित्र: आपका रक्तदाता पंजीकरण सत्यापित हो गया है');
    expect(output).not.toContain('9876500001');
    expect(output).toContain('worker stopped');
    expect(await statusOf(id)).toEqual({ status: 'sent' });
  });

  it.skipIf(usingRealPostgres)('npm run worker explains that it cannot share the embedded database with a running process', async () => {
    const held = await connectDatabase({ url: undefined, poolSize: 1, dataDir }, createLogger('silent'));
    try {
      const worker = start('scripts/worker.ts', target());
      expect(await worker.exited).toBe(1);
      expect(worker.output()).toMatch(/in use by another process \(pid \d+\)/);
      expect(worker.output()).toContain('npm run worker cannot share the embedded database with the web process');
    } finally {
      await held.close();
    }
  });

  it('the web server delivers in its own process by default, and still stops cleanly on SIGTERM', async () => {
    const id = await queueMessage('+919876500002');
    const web = start('src/server.ts', { ...target(), PORT: String(await freePort()) });
    try {
      await until(() => web.output().includes('notification sent') || web.child.exitCode !== null, 30_000);
    } finally {
      web.child.kill('SIGTERM');
    }
    expect(await web.exited).toBe(0);
    expect(web.output()).toContain('background tasks started');
    expect(web.output()).toMatch(/"msg":"stopped"/);
    expect(await statusOf(id)).toEqual({ status: 'sent' });
  });

  it('the web server leaves delivery to a separate worker when WORKER_IN_PROCESS=false', async () => {
    const id = await queueMessage('+919876500003');
    const web = start('src/server.ts', { ...target(), PORT: String(await freePort()), WORKER_IN_PROCESS: 'false' });
    try {
      await until(() => web.output().includes('is ready on') || web.child.exitCode !== null, 30_000);
      // Two poll intervals: an in-process worker would have sent it by now.
      await sleep(2_000);
    } finally {
      web.child.kill('SIGTERM');
    }
    expect(await web.exited).toBe(0);
    expect(web.output()).not.toContain('background tasks started');
    expect(await statusOf(id)).toEqual({ status: 'pending' });
  });
});
