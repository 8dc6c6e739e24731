import { Router } from 'express';
import type { AdminDeps } from '../volunteers/volunteers.routes';

// Admin view and CSV export of the audit log: being written (issue 4).
export function auditRoutes(_deps: AdminDeps) {
  return Router();
}
