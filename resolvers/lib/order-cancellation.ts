import type { Actor } from './order-access';
import type { TransitionStash } from './order-transition-steps';

/**
 * What cancelOrder's steps hand on in ctx.stash:
 *   1.loadCancellableOrder   order (as read), actor, reason
 *   2.refundPayment          refund: the payments Lambda's answer when a charge was refunded
 *   3.recordCancellation     updated: the cancelled order, the result
 */
export type CancellationStash = TransitionStash & {
  actor?: Actor;
  reason?: string | null;
  refund?: { outcome: 'REFUNDED'; refundId: string; amount: number } | null;
};

export const MAX_REASON_LENGTH = 500;
