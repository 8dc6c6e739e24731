import { Router } from 'express';
import type { GeoDirectory } from './geo-directory';

export function geoRoutes({ geo }: { geo: GeoDirectory }) {
  const router = Router();

  // Districts of a state, for the forms' progressive enhancement (public/js/districts.js).
  router.get('/districts.json', (req, res) => {
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    if (!geo.hasState(state)) {
      res.status(404).json({ error: 'unknown state' });
      return;
    }
    res.set('Cache-Control', 'public, max-age=86400');
    res.json(geo.districtsOf(state).map((d) => ({ id: d.id, name: d.name })));
  });

  return router;
}
