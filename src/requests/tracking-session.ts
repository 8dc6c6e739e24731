import type { Request } from 'express';

// A family may see a request's status page once this browser session has proved it:
// by submitting the request, or by giving its reference with the right contact phone.
const MAX_REMEMBERED = 10;

declare module 'express-session' {
  interface SessionData {
    allowedRequests?: string[];
  }
}

export function allowRequestInSession(req: Request, reference: string) {
  const list = (req.session.allowedRequests ?? []).filter((r) => r !== reference);
  req.session.allowedRequests = [...list, reference].slice(-MAX_REMEMBERED);
}

export function isRequestAllowedInSession(req: Request, reference: string): boolean {
  return req.session?.allowedRequests?.includes(reference) ?? false;
}
