import { util, type DynamoDBTransactWriteItemsRequest } from '@aws-appsync/utils';
import type { Actor } from './order-access';
import { dueIndexKeys, orderKey } from './order-keys';
import type { OrderRecord } from './order-record';
import type { TransitionStash } from './order-transition-steps';
import { staleAt } from './payment';

/**
 * What cancelOrder's steps hand on in ctx.stash:
 *   1.loadCancellableOrder   order (as read), actor, reason
 *   2.holdForRefund          order (held: its version moved, refundHold set) and hold, when there is a charge to refund
 *   3.refundPayment          refund: the payments Lambda's answer when a charge was refunded
 *   4.recordCancellation     updated: the cancelled order, the result
 */
export type CancellationStash = TransitionStash & {
  actor?: Actor;
  reason?: string | null;
  refund?: { outcome: 'REFUNDED'; refundId: string; amount: number } | null;
  hold?: RefundHold;
};

export const MAX_REASON_LENGTH = 500;

/**
 * The hold a cancellation takes on a paid order before refunding it. Without it a barista's
 * startPreparing (or markReady, ...) landing between the refund and the recorded cancellation
 * would win, and the order would go on being made with its money already given back. While it
 * is held, staff moves answer CANCELLATION_IN_PROGRESS; recording the cancellation clears it; a
 * refund that fails leaves it, and cancelling again completes it, with the same refund key.
 * A hold nobody completes within PAYMENT_LOCK_SECONDS is due: the sweeper's settleOrder
 * completes the refund and the cancellation as the hold's actor asked (by, role, reason).
 *
 * `key` is random, made when the hold is first taken: the gateway's idempotency key for the
 * refund, which nobody can derive from the order's id, so nobody can use it first.
 */
export type RefundHold = { at: string; key: string; by: string; role: Actor['role']; reason: string | null };
export type HeldOrder = OrderRecord & { refundHold?: RefundHold | null };

export function refundInProgress(order: HeldOrder): boolean {
  return Boolean(order.refundHold);
}

export function raiseRefundInProgress(orderId: string): never {
  return util.error(`Order ${orderId} is being cancelled and refunded; it cannot move meanwhile.`, 'CANCELLATION_IN_PROGRESS', null, { orderId });
}

export function refundIdempotencyKey(hold: RefundHold): string {
  return `refund_${hold.key}`;
}

/** One conditional update, as a one-item transaction so a lost race returns the order as it is now. */
export function holdForRefundRequest(
  table: string,
  order: HeldOrder,
  hold: Omit<RefundHold, 'key'>,
  env: Record<string, string>,
): { request: DynamoDBTransactWriteItemsRequest; hold: RefundHold } {
  const held: RefundHold = { ...hold, key: order.refundHold?.key ?? util.autoId() };
  const due = dueIndexKeys(staleAt(hold.at, env), order.id);
  const request: DynamoDBTransactWriteItemsRequest = {
    operation: 'TransactWriteItems',
    transactItems: [
      {
        table,
        operation: 'UpdateItem',
        key: util.dynamodb.toMapValues(orderKey(order.id)),
        update: {
          expression: 'SET #hold = :hold, #version = :next, #gsi4pk = :gsi4pk, #gsi4sk = :gsi4sk',
          expressionNames: { '#hold': 'refundHold', '#version': 'version', '#gsi4pk': 'gsi4pk', '#gsi4sk': 'gsi4sk' },
          expressionValues: util.dynamodb.toMapValues({ ':hold': held, ':next': order.version + 1, ':gsi4pk': due.gsi4pk, ':gsi4sk': due.gsi4sk }),
        },
        condition: {
          expression: '#status = :status AND #version = :version',
          expressionNames: { '#status': 'status', '#version': 'version' },
          expressionValues: util.dynamodb.toMapValues({ ':status': order.status, ':version': order.version }),
          returnValuesOnConditionCheckFailure: true,
        },
      },
    ],
  };
  return { request, hold: held };
}
