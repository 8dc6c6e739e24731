import type { Logger } from 'pino';
import type { Database } from '../db/database';
import type { Channel, Template } from './outbox';
import {
  claimDueNotifications, markGivenUp, markSent, releaseClaims, scheduleRetry, type ClaimedNotification,
} from './notifications.queries';
import { MessageDataError, renderMessage, type MessageContext } from './templates';
import { DeliveryError, maskRecipient, withoutPersonalData, type Transport } from './transport';

// Delivers the outbox: claim due messages (short transaction), send each outside any
// transaction, then record the outcome. A worker that dies between claim and outcome leaves its
// rows 'sending' until their lock runs out, and the next run takes them again: at least once.

export interface DeliveryDeps {
  db: Database;
  transports: Record<Channel, Transport>;
  logger: Logger;
  now: () => Date;
}

export interface DeliveryOptions {
  batchSize?: number;
  /** After this many attempts a message that keeps failing is marked failed (NOTIFY_MAX_ATTEMPTS). */
  maxAttempts?: number;
  /** How long a claim holds; longer than a batch of sends can take, shorter than anyone will wait. */
  lockMs?: number;
  /** Links and helpline the texts may carry. */
  context?: MessageContext;
  /** Stop sending (the process is stopping): claimed messages not yet tried go back to the queue, as attempts not made. */
  signal?: AbortSignal | undefined;
}

export interface DeliveryResult {
  sent: number;
  retried: number;
  failed: number;
}

export const DEFAULT_MAX_ATTEMPTS = 8;
const DEFAULT_BATCH_SIZE = 20;
const DEFAULT_LOCK_MS = 5 * 60_000;

/** Minutes to wait after the 1st, 2nd, … failed attempt; the last value repeats. */
export const RETRY_DELAYS_MINUTES = [1, 5, 15, 60, 180, 360, 720] as const;

export function retryDelayMs(failedAttempts: number): number {
  const index = Math.min(Math.max(failedAttempts, 1), RETRY_DELAYS_MINUTES.length) - 1;
  return RETRY_DELAYS_MINUTES[index]! * 60_000;
}

/** Messages that are useless once late: a sign-in code lives 10 minutes. */
const USEFUL_FOR_MS: Partial<Record<Template, number>> = { login_code: 10 * 60_000 };

const MAX_ERROR_LENGTH = 300;

function errorText(err: unknown): string {
  const raw = err instanceof Error ? `${err.message}` : String(err);
  return withoutPersonalData(raw).slice(0, MAX_ERROR_LENGTH);
}

export async function deliverDue(deps: DeliveryDeps, options: DeliveryOptions = {}): Promise<DeliveryResult> {
  const { db, now } = deps;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const lockMs = options.lockMs ?? DEFAULT_LOCK_MS;
  const claimedAt = now();
  const claimed = await claimDueNotifications(db, claimedAt, new Date(claimedAt.getTime() + lockMs), options.batchSize ?? DEFAULT_BATCH_SIZE);
  // Slow sends must not outlast the claim (another worker would then send the rest again):
  // what is left when three quarters of it are gone goes back to the queue.
  const sendBefore = claimedAt.getTime() + lockMs * 0.75;
  const result: DeliveryResult = { sent: 0, retried: 0, failed: 0 };

  for (const [index, message] of claimed.entries()) {
    if (options.signal?.aborted || now().getTime() >= sendBefore) {
      await releaseClaims(db, claimed.slice(index), now());
      break;
    }
    const outcome = await deliverOne(deps, message, maxAttempts, options.context ?? {});
    result[outcome] += 1;
  }
  return result;
}

async function deliverOne(deps: DeliveryDeps, message: ClaimedNotification, maxAttempts: number, context: MessageContext): Promise<keyof DeliveryResult> {
  const { db, transports, logger, now } = deps;
  const log = { notificationId: message.id, channel: message.channel, template: message.template, attempt: message.attempts };
  const giveUp = async (status: 'failed' | 'cancelled', error: string) => {
    await markGivenUp(db, message.id, message.attempts, now(), status, error);
    logger.warn({ ...log, error }, status === 'cancelled' ? 'notification cancelled' : 'notification failed');
    return 'failed' as const;
  };

  // Claimed more often than allowed: earlier claims never finished (the worker died while sending it).
  if (message.attempts > maxAttempts) return giveUp('failed', `gave up after ${message.attempts - 1} attempts that never finished`);

  const usefulFor = USEFUL_FOR_MS[message.template as Template];
  if (usefulFor !== undefined && now().getTime() - message.created_at.getTime() > usefulFor) {
    return giveUp('cancelled', 'expired before it could be delivered');
  }

  let rendered;
  try {
    rendered = renderMessage(message.template, message.language, message.payload, context);
  } catch (err) {
    // A payload that cannot make a text will not make one next time either.
    return giveUp('failed', err instanceof MessageDataError ? errorText(err) : `cannot render the message: ${errorText(err)}`);
  }

  const transport = transports[message.channel];
  try {
    await transport.send({ id: message.id, channel: message.channel, recipient: message.recipient, ...rendered });
  } catch (err) {
    const error = `${transport.name}: ${errorText(err)}`;
    // Anything that is not a DeliveryError (a bug, a library surprise) is retried: it may pass next time.
    if (err instanceof DeliveryError && err.permanent) return giveUp('failed', error);
    if (message.attempts >= maxAttempts) return giveUp('failed', `gave up after ${message.attempts} attempts; ${error}`.slice(0, MAX_ERROR_LENGTH));
    const nextAt = new Date(now().getTime() + retryDelayMs(message.attempts));
    const updated = await scheduleRetry(db, message.id, message.attempts, now(), nextAt, error);
    logger.warn({ ...log, error, nextAttemptAt: nextAt.toISOString(), held: updated === 1 }, 'notification will be retried');
    return 'retried';
  }

  const marked = await markSent(db, message.id, now());
  logger.info({ ...log, transport: transport.name, to: maskRecipient(message.recipient), recorded: marked === 1 }, 'notification sent');
  return 'sent';
}
