import type { Database } from '../db/database';
import { todayInIndia } from '../domain/dates';
import { donorsBecomingEligible } from '../donors/donors.queries';
import { notifyDonor } from '../notifications/notify';
import { expireOverdueRequests } from '../requests/requests.queries';

// The two jobs that keep requests and donors current without anyone clicking: requests past
// their needed-by date expire, and donors who opted in hear when they may donate again.
// Both are safe to run twice or in two processes at once.

/** Expires overdue requests in batches; returns how many. */
export async function expireRequests(db: Database, at: Date): Promise<number> {
  const today = todayInIndia(at);
  let total = 0;
  for (;;) {
    const ids = await db.withTransaction((tx) => expireOverdueRequests(tx, today, at));
    total += ids.length;
    if (ids.length === 0) return total;
  }
}

/** Queues "you can donate again" for donors whose next eligible date has come; once per date (dedupe key). */
export async function sendEligibilityReminders(db: Database, at: Date): Promise<number> {
  const today = todayInIndia(at);
  let total = 0;
  for (;;) {
    const queued = await db.withTransaction(async (tx) => {
      const due = await donorsBecomingEligible(tx, today);
      for (const donor of due) {
        await notifyDonor(tx, donor, 'eligible_again', { date: donor.eligible_from }, { dedupeKey: `eligible_again:${donor.id}:${donor.eligible_from}` });
      }
      return due.length;
    });
    total += queued;
    if (queued === 0) return total;
  }
}
