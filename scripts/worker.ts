import { prepareDatabase } from '../src/bootstrap';
import { ConfigError, loadConfig } from '../src/config';
import { connectDatabase } from '../src/db/connect';
import { DataDirInUseError } from '../src/db/embedded';
import { createLogger } from '../src/logger';
import { startBackgroundTasks } from '../src/worker/tasks';

// `npm run worker`: the background tasks (message delivery, …) without the web server, for a
// deployment that runs them in their own process (then set WORKER_IN_PROCESS=false on the web).
// With the embedded database only one process may open DATA_DIR, so this needs DATABASE_URL,
// or the web process stopped (which runs the same tasks itself by default).

let config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(1);
}
const logger = createLogger(config.logLevel);

let db;
try {
  db = await connectDatabase(config.database, logger);
} catch (err) {
  if (!(err instanceof DataDirInUseError)) throw err;
  console.error(
    `${err.message}\nnpm run worker cannot share the embedded database with the web process. Either set DATABASE_URL ` +
      '(both processes on one PostgreSQL server, the web one with WORKER_IN_PROCESS=false), or stop the web process: ' +
      'by default it runs these tasks itself.',
  );
  process.exit(1);
}
await prepareDatabase(db, logger);
const tasks = startBackgroundTasks({ db, config, logger });
logger.info('worker is running');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'worker stopping');
  await tasks.stop({ timeoutMs: config!.shutdownTimeoutMs });
  await db!.close();
  logger.info('worker stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
