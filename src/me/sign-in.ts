import type { Database } from '../db/database';
import { enqueueNotification } from '../notifications/outbox';
import { CODE_POLICY, codeMatches, generateCode, hashCode } from './login-codes';
import { consumeCode, countRecentCodes, countWrongAttempt, findDonorForSignIn, insertLoginCode, lockPhone, newestCodeForUpdate, pruneLoginCodes } from './login.queries';

// Donor sign-in with a one-time code. Whether a number is registered must not show: an
// unregistered number gets a code row (never sent), the same limits and the same answers, and
// both paths run the same queries except the one outbox insert.

export type CodeRequest = { accepted: true } | { accepted: false; retryAt: Date };

export async function requestSignInCode(db: Database, r: { phone: string; ip: string | undefined; at: Date; secret: string }): Promise<CodeRequest> {
  const { phone, at } = r;
  return db.withTransaction(async (tx) => {
    await lockPhone(tx, phone);
    const dayStart = new Date(at.getTime() - CODE_POLICY.dayMs);
    await pruneLoginCodes(tx, dayStart);
    const recent = await countRecentCodes(tx, phone, new Date(at.getTime() - CODE_POLICY.windowMs), dayStart);
    if (recent.in_window >= CODE_POLICY.perWindow) return { accepted: false, retryAt: new Date(recent.oldest_in_window!.getTime() + CODE_POLICY.windowMs) };
    if (recent.in_day >= CODE_POLICY.perDay) return { accepted: false, retryAt: new Date(recent.oldest_in_day!.getTime() + CODE_POLICY.dayMs) };

    const code = generateCode();
    await insertLoginCode(tx, { phone, codeHash: hashCode(r.secret, phone, code), expiresAt: new Date(at.getTime() + CODE_POLICY.ttlMs), ip: r.ip, at });
    const donor = await findDonorForSignIn(tx, phone);
    if (donor) {
      await enqueueNotification(tx, { channel: 'sms', recipient: phone, template: 'login_code', language: donor.preferred_language, payload: { code }, donorId: donor.id, at });
    }
    return { accepted: true };
  });
}

export type CodeCheck =
  | { ok: true; donorId: number }
  | { ok: false; reason: 'wrong'; attemptsLeft: number }
  /** Five wrong tries: the code is dead. */
  | { ok: false; reason: 'used_up' }
  /** No live code: expired, already used, or never asked for. */
  | { ok: false; reason: 'expired' };

export async function checkSignInCode(db: Database, c: { phone: string; code: string; at: Date; secret: string }): Promise<CodeCheck> {
  return db.withTransaction(async (tx): Promise<CodeCheck> => {
    const row = await newestCodeForUpdate(tx, c.phone);
    if (!row || row.consumed_at || row.expires_at.getTime() <= c.at.getTime()) return { ok: false, reason: 'expired' };
    if (row.attempts >= CODE_POLICY.maxAttempts) return { ok: false, reason: 'used_up' };
    const matches = codeMatches(c.secret, c.phone, c.code, row.code_hash);
    // Looked up again: the donor may have been erased since the code was sent.
    const donor = await findDonorForSignIn(tx, c.phone);
    if (matches && donor) {
      await consumeCode(tx, row.id, c.at);
      return { ok: true, donorId: donor.id };
    }
    const attempts = await countWrongAttempt(tx, row.id);
    return attempts >= CODE_POLICY.maxAttempts ? { ok: false, reason: 'used_up' } : { ok: false, reason: 'wrong', attemptsLeft: CODE_POLICY.maxAttempts - attempts };
  });
}
