import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { connectDatabase } from '../src/db/connect';
import { loadGeoDirectory } from '../src/geo/geo-directory';
import { createLogger } from '../src/logger';
import { poolBusy, serveUnderBench } from './child-server';

// The portal as the bench measures it: built by createApp exactly as src/server.ts builds it,
// in a process of its own so its memory is its own. The bench migrates the database before
// starting it, and background tasks stay off (WORKER_IN_PROCESS=false is the bench's setting).

const config = loadConfig();
const logger = createLogger(config.logLevel);
const db = await connectDatabase(config.database, logger);
const geo = await loadGeoDirectory(db);
const { app, close } = createApp({ config, db, logger, geo });
const server = app.listen(0, '127.0.0.1', () => {
  serveUnderBench(server, (server.address() as AddressInfo).port, {
    busy: () => poolBusy(db.pool),
    close: async () => {
      close();
      await db.close();
    },
  });
});
