import { Router } from 'express';
import type { Database } from '../db/database';
import { isFullyMigrated } from '../db/migrate';

export function healthRoutes({ db }: { db: Database }) {
  const router = Router();

  // The process is up and serving HTTP.
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // The database answers and every migration is applied: safe to send traffic here.
  router.get('/readyz', async (req, res) => {
    try {
      const migrated = await isFullyMigrated(db);
      res.status(migrated ? 200 : 503).json({ status: migrated ? 'ready' : 'migrations pending', database: db.kind });
    } catch (err) {
      req.log.warn({ err }, 'readiness check failed');
      res.status(503).json({ status: 'database unavailable', database: db.kind });
    }
  });

  return router;
}
