import type { Logger } from 'pino';
import type { Database } from './db/database';
import { migrate } from './db/migrate';
import { seedGeography } from './geo/geo.queries';

/** Brings a database up to date: migrations, then reference data (states and districts). */
export async function prepareDatabase(db: Database, logger?: Logger): Promise<void> {
  const { applied } = await migrate(db, { seeds: [seedGeography] });
  if (applied.length) logger?.info({ applied }, 'applied migrations');
  else logger?.info('database schema is up to date');
}
