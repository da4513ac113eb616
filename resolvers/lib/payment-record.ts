import { util, type DynamoDBTransactWriteItemsRequest } from '@aws-appsync/utils';
import type { PaymentResult } from '../../lambdas/payments/contract';
import type { Actor } from './order-access';
import type { OrderRecord } from './order-record';
import { epochMillisOf } from './order-time';
import { transitionWrite, type TransactItem } from './order-writes';
import { paymentOf, staleAt, type PayableOrder } from './payment';
import { salesKey, salesUpdateOnCancelled, salesUpdateOnPaid } from './sales';

type Written = { request: DynamoDBTransactWriteItemsRequest; order: OrderRecord };

/**
 * The payment's outcome as one transaction, for payOrder (the gateway's answer) and settleOrder
 * (the gateway's record of an attempt whose answer was lost).
 */

/** CHARGED -> PAID with the payment, the day's number, the audit event and the day's sales. */
export function paidWrite(table: string, order: PayableOrder, charge: Extract<PaymentResult, { outcome: 'CHARGED' }>, orderNumber: number, at: string, actor: Actor): Written {
  return transitionWrite({
    table,
    order,
    to: 'PAID',
    at,
    actor,
    set: { paidAt: at, orderNumber, payment: paymentOf(charge), paymentLock: { ...order.paymentLock, held: false }, statusReason: null },
    extraItems: [{ table, operation: 'UpdateItem', key: util.dynamodb.toMapValues(salesKey(order.businessDate)), update: salesUpdateOnPaid(order) }],
  });
}

/**
 * A refusal (or no charge at all) -> PAYMENT_FAILED with the reason, the lock released and the
 * queue place given back, so the customer can pay again (with a new key: the gateway answers the
 * old one with the same refusal). It stays due for expiry at the end of its payment window, or a
 * lock's life from now if that window has passed, so a retry right after a late failure has time.
 */
export function paymentFailedWrite(table: string, order: PayableOrder, reason: string, at: string, actor: Actor, env: Record<string, string>): Written {
  const grace = staleAt(at, env);
  const due = order.payBy && epochMillisOf(order.payBy) > epochMillisOf(grace) ? order.payBy : grace;
  return transitionWrite({ table, order, to: 'PAYMENT_FAILED', at, actor, reason, due, set: { paymentLock: { ...order.paymentLock, held: false } } });
}

/**
 * -> CANCELLED: the order (with the refund on its payment, when there was one), the event, the
 * queue place and customer slot given back, and the day's sales (one more cancellation; a refund
 * comes off the revenue). The sales update has no condition of its own: the order's
 * status-and-version condition in the same transaction guards it. For cancelOrder, and for
 * settleOrder completing a cancellation whose refund was left unfinished.
 */
export function cancellationWrite(
  table: string,
  order: OrderRecord,
  actor: Actor,
  reason: string | null,
  refund: { refundId: string; amount: number } | null,
  at: string,
): Written {
  const sales: TransactItem = {
    table,
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues(salesKey(order.businessDate)),
    update: salesUpdateOnCancelled(order, refund?.amount ?? 0),
  };
  return transitionWrite({
    table,
    order,
    to: 'CANCELLED',
    at,
    actor,
    reason,
    // statusReason is the staff's reason, or cleared (a failed payment's reason no longer applies).
    set: refund
      ? { cancelledAt: at, statusReason: null, refundHold: null, payment: { ...order.payment, refunded: true, refundId: refund.refundId } }
      : { cancelledAt: at, statusReason: null },
    extraItems: [sales],
  });
}
