import type { Server } from 'node:http';
import { createApp } from './app';
import { prepareDatabase } from './bootstrap';
import { ConfigError, loadConfig } from './config';
import { connectDatabase } from './db/connect';
import { loadGeoDirectory } from './geo/geo-directory';
import { createLogger } from './logger';
import { startBackgroundTasks } from './worker/tasks';

// Starts the portal: configuration, database (embedded or server), migrations, HTTP.
// On SIGTERM/SIGINT it stops accepting connections, lets requests in flight finish
// (up to SHUTDOWN_TIMEOUT_MS), closes the database and exits 0.

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const db = await connectDatabase(config.database, logger);
  await prepareDatabase(db, logger);
  const geo = await loadGeoDirectory(db);
  const { app, close } = createApp({ config, db, logger, geo });
  // Message delivery and other periodic work, unless a separate `npm run worker` does it.
  const tasks = config.worker.inProcess ? startBackgroundTasks({ db, config, logger }) : undefined;

  const server: Server = app.listen(config.port, config.host, () => {
    const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
    logger.info(`Raktdaan Mitra is ready on http://${shown}:${config.port}`);
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const deadline = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
    deadline.unref();
    // A keep-alive connection whose request finishes after this point would otherwise stay open
    // (and hold the exit back) until the browser or the keep-alive timeout closes it.
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    sweep.unref();
    // Tasks stop with the requests, and both finish before the database closes under them.
    const tasksStopped = tasks?.stop({ timeoutMs: config.shutdownTimeoutMs });
    server.close(async () => {
      clearTimeout(deadline);
      clearInterval(sweep);
      await tasksStopped;
      // A request whose browser hung up has no connection left but may still be running: wait until
      // the pool has stayed idle for a moment (up to the deadline) so it can finish its queries.
      await db.settled(config.shutdownTimeoutMs);
      close();
      await db.close();
      logger.info('stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
    // Logged once the listening socket is closed: from here on, new connections are refused.
    logger.info({ signal, shutdownTimeoutMs: config.shutdownTimeoutMs }, 'shutting down');
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
