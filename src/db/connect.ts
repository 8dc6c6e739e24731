import type { Logger } from 'pino';
import type { Config } from '../config';
import { startEmbeddedPostgres } from './embedded';
import { createPooledDatabase, type PooledDatabase } from './pool';

/** Connects to DATABASE_URL, or starts the embedded database when it is unset. */
export async function connectDatabase(config: Config['database'], logger: Logger): Promise<PooledDatabase> {
  const onIdleError = (err: Error) => logger.warn({ err }, 'idle database connection failed; it will be replaced');
  if (config.url) {
    const db = createPooledDatabase({ connectionString: config.url, max: config.poolSize, kind: 'postgres', onIdleError });
    logger.info({ database: redactUrl(config.url), poolSize: config.poolSize }, 'using PostgreSQL server from DATABASE_URL');
    return db;
  }
  const embedded = await startEmbeddedPostgres(config.dataDir);
  logger.info({ dataDir: config.dataDir }, 'using embedded PostgreSQL (PGlite); set DATABASE_URL to use a server');
  return createPooledDatabase({
    connectionString: embedded.connectionString,
    max: 1,
    kind: 'embedded',
    onIdleError,
    onClose: () => embedded.stop(),
  });
}

function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
