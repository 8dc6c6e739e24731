import { describe, expect, it } from 'vitest';
import { canApply, REQUEST_STATUSES, requestProgress, TRANSITIONS, type RequestTransition } from '../src/domain/request-lifecycle';

// Every (transition, status) pair, against a table written out by hand.

const ALLOWED: Record<RequestTransition, string[]> = {
  verify: ['pending_verification'],
  reject: ['pending_verification'],
  take: ['open', 'in_progress'],
  release: ['in_progress'],
  fulfil: ['open', 'in_progress'],
  close: ['open', 'in_progress'],
  expire: ['pending_verification', 'open', 'in_progress'],
};

describe('request lifecycle', () => {
  for (const transition of Object.keys(TRANSITIONS) as RequestTransition[]) {
    for (const status of REQUEST_STATUSES) {
      const allowed = ALLOWED[transition].includes(status);
      it(`${allowed ? 'allows' : 'refuses'} ${transition} from ${status}`, () => {
        expect(canApply(transition, status)).toBe(allowed);
      });
    }
  }

  it('never leaves fulfilled, closed or expired', () => {
    for (const end of ['fulfilled', 'closed', 'expired']) {
      expect(Object.keys(TRANSITIONS).filter((tr) => canApply(tr as RequestTransition, end))).toEqual([]);
    }
  });
});

describe('request progress', () => {
  it('counts donated units first and pledges only up to what is still needed', () => {
    expect(requestProgress(3, 1, 1)).toEqual({ units: 3, pledged: 1, donated: 1, remaining: 1, fulfilled: false });
    expect(requestProgress(3, 5, 1)).toEqual({ units: 3, pledged: 2, donated: 1, remaining: 0, fulfilled: false });
    expect(requestProgress(2, 0, 2)).toEqual({ units: 2, pledged: 0, donated: 2, remaining: 0, fulfilled: true });
    expect(requestProgress(2, 1, 3)).toEqual({ units: 2, pledged: 0, donated: 3, remaining: 0, fulfilled: true });
    expect(requestProgress(4, 0, 0)).toEqual({ units: 4, pledged: 0, donated: 0, remaining: 4, fulfilled: false });
  });
});
