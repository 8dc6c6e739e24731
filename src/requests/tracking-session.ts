import type { Request } from 'express';

// A family may see a request's status page once this browser session has proved it:
// by submitting the request, or by giving its reference with the right contact phone.
const MAX_REMEMBERED = 10;

declare module 'express-session' {
  interface SessionData {
    allowedRequests?: string[];
  }
}

/**
 * Remembers the reference, and stores the session before the answer goes out: saved only after the
 * redirect (as express-session would), a failed save would leave a confirmed request whose status
 * page refuses the family. A failure here instead shows the "busy" page, and sending the form again
 * finds the same request by its form token.
 */
export async function allowRequestInSession(req: Request, reference: string): Promise<void> {
  const list = (req.session.allowedRequests ?? []).filter((r) => r !== reference);
  req.session.allowedRequests = [...list, reference].slice(-MAX_REMEMBERED);
  await new Promise<void>((resolve, reject) => req.session.save((err: unknown) => (err ? reject(err) : resolve())));
}

export function isRequestAllowedInSession(req: Request, reference: string): boolean {
  return req.session?.allowedRequests?.includes(reference) ?? false;
}
