import { Router } from 'express';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { GeoDirectory } from '../geo/geo-directory';

export interface AdminDeps {
  db: Database;
  config: Config;
  geo: GeoDirectory;
  now: () => Date;
}

// Admin pages for volunteer accounts: being written (issue 4).
export function volunteerAdminRoutes(_deps: AdminDeps) {
  return Router();
}
