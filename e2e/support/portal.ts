import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { loadGeoDirectory, type GeoDirectory } from '../../src/geo/geo-directory';
import { createLogger } from '../../src/logger';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/test-db';

// The portal for browser journeys: a fresh database (embedded PGlite, or a scratch database on the
// server named by TEST_DATABASE_URL, as in the unit tests), the real app on a loopback port, the real
// clock, and every log line kept so a journey can check what was (not) logged.

export interface Portal {
  url: string;
  t: TestDatabase;
  geo: GeoDirectory;
  rawLogs: string[];
  close(): Promise<void>;
}

export async function startPortal(env: Record<string, string> = {}): Promise<Portal> {
  const t = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'e2e-session-secret-of-at-least-32-characters',
    BCRYPT_COST: '4',
    POST_RATE_LIMIT: '10000',
    TRACK_RATE_LIMIT: '10000',
    LOGIN_RATE_LIMIT: '10000',
    ...env,
  });
  const rawLogs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      rawLogs.push(String(chunk));
      done();
    },
  });
  const geo = await loadGeoDirectory(t.db);
  const { app, close } = createApp({ config, db: t.db, logger: createLogger('info', sink), geo });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    t,
    geo,
    rawLogs,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      close();
      await t.drop();
    },
  };
}
