// The life of a blood request. Every status change in the app goes through a conditional
// UPDATE whose "from" statuses come from here, so an illegal move matches no row.
//
//   pending_verification ──verify──▶ open ──take──▶ in_progress ──enough units donated──▶ fulfilled
//          │                          │  ◀─release─┘     │
//          └──reject──▶ closed ◀──────┴───close──────────┘
//   open / in_progress / pending_verification ──needed_by passed (job)──▶ expired

export const REQUEST_STATUSES = ['pending_verification', 'open', 'in_progress', 'fulfilled', 'closed', 'expired'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export type RequestTransition = 'verify' | 'reject' | 'take' | 'release' | 'fulfil' | 'close' | 'expire';

export const TRANSITIONS: Record<RequestTransition, { from: readonly RequestStatus[]; to: RequestStatus }> = {
  verify: { from: ['pending_verification'], to: 'open' },
  reject: { from: ['pending_verification'], to: 'closed' },
  take: { from: ['open', 'in_progress'], to: 'in_progress' },
  // Released with nothing pledged or donated, a request goes back to waiting for a volunteer.
  release: { from: ['in_progress'], to: 'open' },
  fulfil: { from: ['open', 'in_progress'], to: 'fulfilled' },
  close: { from: ['open', 'in_progress'], to: 'closed' },
  expire: { from: ['pending_verification', 'open', 'in_progress'], to: 'expired' },
};

/** Requests a volunteer is still working on: matching, contacts and donations happen only here. */
export const ACTIVE_STATUSES: readonly RequestStatus[] = ['open', 'in_progress'];

export function canApply(transition: RequestTransition, from: string): boolean {
  return (TRANSITIONS[transition].from as readonly string[]).includes(from);
}

export function isActive(status: string): boolean {
  return (ACTIVE_STATUSES as readonly string[]).includes(status);
}

export const CLOSE_REASONS = ['arranged_elsewhere', 'no_longer_needed', 'patient_discharged', 'patient_died', 'duplicate', 'unreachable', 'other'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export const CONTACT_OUTCOMES = ['called', 'no_answer', 'declined', 'agreed', 'donated'] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

export interface Progress {
  units: number;
  pledged: number;
  donated: number;
  /** Units still to find: neither donated nor promised. */
  remaining: number;
  fulfilled: boolean;
}

/** How far a request has got: donated units count first; pledges fill the rest, never beyond what is needed. */
export function requestProgress(units: number, pledged: number, donated: number): Progress {
  const d = Math.max(0, donated);
  const p = Math.max(0, Math.min(pledged, units - Math.min(d, units)));
  return { units, pledged: p, donated: d, remaining: Math.max(0, units - d - p), fulfilled: d >= units };
}
