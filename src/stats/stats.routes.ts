import { Router } from 'express';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { GeoDirectory } from '../geo/geo-directory';
import { campStatsView } from './camp-stats';
import { computePublicStats } from './public-stats';
import { SnapshotCache } from './stats-cache';
import { statsView } from './stats-view';

export function statsRoutes({ db, config, geo, now }: { db: Database; config: Config; geo: GeoDirectory; now: () => Date }) {
  const router = Router();
  const cache = new SnapshotCache((at) => computePublicStats(db, at), config.stats.cacheSeconds * 1000, now);

  router.get('/stats', async (req, res) => {
    const { value, computedAt, expiresAt } = await cache.get();
    const t = res.locals.t as (key: string) => string;
    // Browsers and proxies may keep the page exactly as long as this process keeps the numbers.
    // A signed-in volunteer's page carries their name and a sign-out token, so it is never shared.
    const maxAge = Math.max(0, Math.ceil((expiresAt - now().getTime()) / 1000));
    res.set('Cache-Control', req.volunteer ? 'private, no-store' : `public, max-age=${maxAge}`);
    res.render('stats/index', {
      stats: statsView(value, computedAt, req.lang, t, geo),
      camps: campStatsView(value.camps, req.lang, geo),
    });
  });

  return router;
}
