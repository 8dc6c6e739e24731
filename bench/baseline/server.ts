import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { loadConfig } from '../../src/config';
import { createPooledDatabase } from '../../src/db/pool';
import { ROOT_DIR } from '../../src/paths';
import { poolBusy, serveUnderBench } from '../child-server';
import { listFortunes, type Fortune } from './fortunes.queries';

// The yardstick: the smallest honest Express 5 + pg + EJS page (TechEmpower "Fortunes": one query,
// one row added at request time, sorted, rendered as an escaped table). It runs on the same
// machine, database server and pool size as the portal, so the ratio of the two says how much
// the portal's own work costs. The pool comes from src/db/pool.ts, a thin wrapper over pg.Pool,
// since only src/db/ may import pg.

const config = loadConfig();
if (!config.database.url) throw new Error('The baseline needs DATABASE_URL.');
const db = createPooledDatabase({ connectionString: config.database.url, max: config.database.poolSize, kind: 'postgres' });

const app = express();
app.disable('x-powered-by');
app.set('view engine', 'ejs');
// From the root, not import.meta.dirname: the bench runs this file bundled into dist/bench/.
app.set('views', path.join(ROOT_DIR, 'bench', 'baseline'));
app.set('view cache', true);

app.get('/fortunes', async (_req, res) => {
  const fortunes: Fortune[] = await listFortunes(db);
  fortunes.push({ id: 0, message: 'Additional fortune added at request time.' });
  fortunes.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  res.render('fortunes', { fortunes });
});

const server = app.listen(0, '127.0.0.1', () => {
  serveUnderBench(server, (server.address() as AddressInfo).port, { busy: () => poolBusy(db.pool), close: () => db.close() });
});
