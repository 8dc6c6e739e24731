import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { Channel } from '../notifications/outbox';
import { channelsOnLog, transportsFromConfig } from '../notifications/transport-config';
import type { Transport } from '../notifications/transport';
import { expireRequests, sendEligibilityReminders } from '../matching/periodic-jobs';
import { deliverDue } from '../notifications/worker';
import { pruneExpiredRateLimits } from '../web/rate-limit.queries';
import { startScheduler, type Scheduler, type Task } from './scheduler';

export interface TaskDeps {
  db: Database;
  config: Config;
  logger: Logger;
  /** The clock, replaceable in tests. */
  now?: () => Date;
  /** Replaces the transports the configuration chooses (tests). */
  transports?: Record<Channel, Transport>;
}

/**
 * Every periodic task of the portal, in one list. Add a task here with a name, an interval and
 * an idempotent `run` (a run may be cut short by a stop, and two processes may run the same
 * task, so claim work in the database rather than in memory).
 *
 *   deliver-notifications   sends the outbox, every WORKER_POLL_SECONDS
 *   expire-requests         requests past their needed-by date become expired, every 10 minutes
 *   eligibility-reminders   "you can donate again" to donors who opted in, every hour
 *   prune-rate-limits       deletes rate-limit counters whose window has ended, every 10 minutes
 */
export function buildTasks(deps: TaskDeps): Task[] {
  const { db, config, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const transports = deps.transports ?? transportsFromConfig(config.notifications, logger);
  const context = { baseUrl: config.publicBaseUrl, helpline: config.contact.helplinePhone };

  return [
    {
      name: 'deliver-notifications',
      everyMs: config.worker.pollMs,
      run: (_at, signal) => deliverDue({ db, transports, logger, now }, { maxAttempts: config.notifications.maxAttempts, context, signal }),
    },
    { name: 'expire-requests', everyMs: 10 * 60_000, run: () => expireRequests(db, now()) },
    { name: 'eligibility-reminders', everyMs: 60 * 60_000, run: () => sendEligibilityReminders(db, now()) },
    { name: 'prune-rate-limits', everyMs: 10 * 60_000, run: () => pruneExpiredRateLimits(db) },
  ];
}

/** Starts the tasks on timers; warns when production messages would only reach the log. */
export function startBackgroundTasks(deps: TaskDeps): Scheduler {
  const onLog = channelsOnLog(deps.config.notifications);
  if (deps.config.production && onLog.length && !deps.transports) {
    deps.logger.warn({ channels: onLog }, 'messages on these channels are only written to the log: set NOTIFY_*_TRANSPORT to send them');
  }
  return startScheduler(buildTasks(deps), { logger: deps.logger, now: deps.now });
}
