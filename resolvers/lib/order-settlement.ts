import { util } from '@aws-appsync/utils';
import type { PaymentResult } from '../../lambdas/payments/contract';
import { isStale, paymentInProgress, PAYABLE_STATUSES, type PayableOrder } from './payment';
import type { HeldOrder } from './order-cancellation';
import { epochMillisOf } from './order-time';

/**
 * settleOrder (the sweeper, over IAM) finishes what nobody else will, for an order dueOrders lists:
 *   charge   a payment lock gone stale: its attempt's answer was lost, or kept failing. The
 *            gateway's record of charges made with the attempt's key says what happened:
 *            charged -> PAID (numbered, with the sales); not charged -> PAYMENT_FAILED, the lock
 *            released and the queue place given back.
 *   refund   a refund hold gone stale: the refund is sent again with the hold's key (the gateway
 *            answers a repeat with the first refund) -> CANCELLED as the hold's actor asked.
 *   expire   an unpaid order past its payment window with no payment under way -> EXPIRED, its
 *            customer slot given back.
 * A gateway that still does not answer leaves the order as it is; the next sweep tries again.
 *
 * What its steps hand on in ctx.stash:
 *   1.loadOrderToSettle      order, mode
 *   2.askGateway             outcome (the gateway's answer; none for expire)
 *   3.numberSettledOrder     orderNumber, for a charge the gateway has on record
 *   4.recordSettlement       updated, the result
 */
export type SettlementMode = 'charge' | 'refund' | 'expire';

export type SettlementStash = {
  order?: PayableOrder & HeldOrder;
  mode?: SettlementMode;
  outcome?: PaymentResult;
  orderNumber?: number;
  updated?: PayableOrder;
};

/** What is due on the order now, or null when nothing is (settled meanwhile, or not yet due). */
export function settlementMode(order: PayableOrder & HeldOrder, env: Record<string, string>): SettlementMode | null {
  if (paymentInProgress(order)) return order.paymentLock && isStale(order.paymentLock.at, env) ? 'charge' : null;
  if (order.refundHold) return isStale(order.refundHold.at, env) ? 'refund' : null;
  const unpaid = PAYABLE_STATUSES.includes(order.status);
  if (unpaid && order.payBy && epochMillisOf(order.payBy) <= util.time.nowEpochMilliSeconds()) return 'expire';
  return null;
}

export const NOT_CHARGED_REASON = 'The payment could not be completed; the card was not charged.';
export const UNPAID_REASON = 'Not paid within the payment window.';
