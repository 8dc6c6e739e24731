import { Router, type Request } from 'express';
import { clientIp, recordAudit } from '../audit/audit';
import { flash, requireAdmin } from '../auth/current-volunteer';
import type { Database } from '../db/database';
import type { FieldErrors } from '../web/form-errors';
import { listRecentNotifications, NOTIFICATION_STATUSES, retryFailedNotification, type NotificationStatus } from './notifications.queries';
import { maskRecipient } from './transport';

// /admin/notifications: what the outbox has sent, is sending or gave up on, and "retry now".

const LIST_SIZE = 100;

function isStatus(value: string): value is NotificationStatus {
  return (NOTIFICATION_STATUSES as readonly string[]).includes(value);
}

export function notificationAdminRoutes({ db, now }: { db: Database; now: () => Date }) {
  const router = Router();

  router.get('/admin/notifications', requireAdmin, async (req, res) => {
    const raw = req.query.status;
    const status = typeof raw === 'string' ? raw.trim() : '';
    const errors: FieldErrors = {};
    if (raw !== undefined && typeof raw !== 'string') errors.status = { key: 'errors.invalid' };
    else if (status && !isStatus(status)) errors.status = { key: 'notifications_admin.errors.status' };
    const rows = Object.keys(errors).length
      ? []
      : await listRecentNotifications(db, { status: isStatus(status) ? status : undefined, limit: LIST_SIZE });
    res.status(Object.keys(errors).length ? 422 : 200).render('admin/notifications', {
      values: { status: errors.status ? '' : status },
      errors,
      statuses: NOTIFICATION_STATUSES,
      listSize: LIST_SIZE,
      messages: rows.map((r) => ({ ...r, recipient: maskRecipient(r.recipient) })),
    });
  });

  router.post('/admin/notifications/:id/retry', requireAdmin, async (req: Request, res, next) => {
    const id = /^\d{1,15}$/.test(String(req.params.id)) ? Number(req.params.id) : undefined;
    if (id === undefined) return next();
    const outcome = await db.withTransaction(async (tx) => {
      const result = await retryFailedNotification(tx, id, now());
      if (result === 'retried') {
        await recordAudit(tx, { actor: req.volunteer, action: 'notification_retried', ip: clientIp(req), details: { notificationId: id } });
      }
      return result;
    });
    if (!outcome) return next();
    flash(req, outcome === 'retried' ? 'notifications_admin.flash.retried' : 'notifications_admin.flash.not_failed', { id });
    res.redirect(303, '/admin/notifications');
  });

  return router;
}
