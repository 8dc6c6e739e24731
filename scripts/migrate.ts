import { prepareDatabase } from '../src/bootstrap';
import { loadConfig } from '../src/config';
import { connectDatabase } from '../src/db/connect';
import { createLogger } from '../src/logger';

// `npm run migrate`: applies pending migrations and reference data, then exits.
const config = loadConfig();
const logger = createLogger(config.logLevel);
const db = await connectDatabase(config.database, logger);
try {
  await prepareDatabase(db, logger);
} catch (err) {
  logger.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await db.close();
}
