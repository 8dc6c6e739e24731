import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { FromBench, ToBench } from './child-server';

// The servers under test run as child processes, so that the resident memory each reports is its
// own and not the load generator's; and as production runs the portal (`npm start`, the Docker
// image): bundled by scripts/build.mjs, under plain node without the tsx loader.

export interface ChildServer {
  name: string;
  url: string;
  pid: number;
  /** Resident set size of the server process, in bytes. */
  rss(): Promise<number>;
  /** Resolves once requests left in flight by a finished run have drained; gives the wait in ms. */
  settle(): Promise<number>;
  /** Samples RSS until the returned function is called, which gives the peak seen (bytes). */
  watchRss(everyMs?: number): () => Promise<number>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;

export async function startChildServer(name: string, entry: string, env: NodeJS.ProcessEnv, logFile: string): Promise<ChildServer> {
  const log = fs.openSync(logFile, 'a');
  const child = fork(entry, [], {
    execArgv: ['--enable-source-maps'],
    env,
    stdio: ['ignore', log, log, 'ipc'],
  });
  fs.closeSync(log);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${START_TIMEOUT_MS / 1000} s (see ${logFile})`)), START_TIMEOUT_MS);
    child.on('message', (m: ToBench) => {
      if (m.type !== 'ready') return;
      clearTimeout(timer);
      resolve(m.port);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} before it was ready (see ${logFile})`));
    });
  });
  return childServer(name, child, port, logFile);
}

function childServer(name: string, child: ChildProcess, port: number, logFile: string): ChildServer {
  const send = (m: FromBench) => child.send(m);
  /** Asks, and waits for the first answer of that type. */
  function ask(question: FromBench, answer: 'rss'): Promise<Extract<ToBench, { type: 'rss' }>>;
  function ask(question: FromBench, answer: 'settled'): Promise<Extract<ToBench, { type: 'settled' }>>;
  function ask(question: FromBench, answer: ToBench['type']): Promise<ToBench> {
    return new Promise((resolve, reject) => {
      const onExit = () => reject(new Error(`${name} has exited (its log: ${logFile})`));
      const onMessage = (m: ToBench) => {
        if (m.type !== answer) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
      if (!child.connected) onExit();
      else send(question);
    });
  }
  const rss = () => ask({ type: 'rss' }, 'rss').then((m) => m.bytes);
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    rss,
    settle: () => ask({ type: 'settle' }, 'settled').then((m) => m.waitedMs),
    watchRss(everyMs = 250) {
      let peak = 0;
      let pending: Promise<void> = Promise.resolve();
      const sample = () => {
        pending = rss().then((b) => void (peak = Math.max(peak, b)), () => undefined);
      };
      sample();
      const timer = setInterval(sample, everyMs);
      return async () => {
        clearInterval(timer);
        sample();
        await pending;
        return peak;
      };
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      if (child.connected) send({ type: 'stop' });
      else child.kill('SIGTERM');
      // The server first lets requests in flight finish (up to 30 s); past that it is stuck.
      const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export const BENCH_DIR = import.meta.dirname;
// Inside the checkout, where the bundles find node_modules.
const BUILD_DIR = path.join(BENCH_DIR, '..', 'dist', 'bench');

/** Bundles bench/serve.ts and bench/baseline/server.ts with the build production uses; gives their paths. */
export function buildBenchServers(): { portal: string; baseline: string } {
  execFileSync(process.execPath, [path.join(BENCH_DIR, '..', 'scripts', 'build.mjs'), '--bench', '--outdir', BUILD_DIR], { stdio: ['ignore', 'inherit', 'inherit'] });
  return { portal: path.join(BUILD_DIR, 'portal.js'), baseline: path.join(BUILD_DIR, 'baseline.js') };
}
