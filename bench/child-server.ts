import type { Server } from 'node:http';

// What a server started by the bench says to it over the IPC channel: its port once it listens,
// its resident memory when asked, when the work of a finished run has drained, and goodbye.

export type ToBench = { type: 'ready'; port: number } | { type: 'rss'; bytes: number } | { type: 'settled'; waitedMs: number };
export type FromBench = { type: 'rss' } | { type: 'settle' } | { type: 'stop' };

const SETTLE_POLL_MS = 20;
// Idle for this many polls in a row: a handler's next query follows its last within a millisecond.
const SETTLE_QUIET_POLLS = 3;
const SETTLE_TIMEOUT_MS = 30_000;

/**
 * When autocannon stops it drops its connections, but the handlers of requests in flight go on
 * (a slow page can take seconds). `busy` tells whether any still holds the database; the bench
 * waits for quiet before the next run, and before the pool is closed under them.
 */
export function serveUnderBench(server: Server, port: number, options: { busy: () => boolean; close: () => Promise<void> }): void {
  if (!process.send) throw new Error('Start this file through the bench (npm run bench): it talks to it over IPC.');
  const send = (message: ToBench) => process.send?.(message);

  async function settle(): Promise<number> {
    const start = Date.now();
    let quiet = 0;
    while (quiet < SETTLE_QUIET_POLLS && Date.now() - start < SETTLE_TIMEOUT_MS) {
      await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
      quiet = options.busy() ? 0 : quiet + 1;
    }
    return Date.now() - start;
  }

  let stopping = false;
  async function stop() {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeIdleConnections();
    await settle();
    await options.close();
    process.exit(0);
  }

  process.on('message', (message: FromBench) => {
    if (message.type === 'rss') send({ type: 'rss', bytes: process.memoryUsage().rss });
    else if (message.type === 'settle') void settle().then((waitedMs) => send({ type: 'settled', waitedMs }));
    else if (message.type === 'stop') void stop();
  });
  // The bench going away (even killed) must not leave a server behind.
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
  send({ type: 'ready', port });
}

/** Whether a pg pool has a query running or waiting. */
export function poolBusy(pool: { totalCount: number; idleCount: number; waitingCount: number }): boolean {
  return pool.waitingCount > 0 || pool.idleCount < pool.totalCount;
}
