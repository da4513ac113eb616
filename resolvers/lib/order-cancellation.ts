import { util, type DynamoDBTransactWriteItemsRequest } from '@aws-appsync/utils';
import type { Actor } from './order-access';
import { orderKey } from './order-keys';
import type { OrderRecord } from './order-record';
import type { TransitionStash } from './order-transition-steps';

/**
 * What cancelOrder's steps hand on in ctx.stash:
 *   1.loadCancellableOrder   order (as read), actor, reason
 *   2.holdForRefund          order (held: its version moved, refundHold set), when there is a charge to refund
 *   3.refundPayment          refund: the payments Lambda's answer when a charge was refunded
 *   4.recordCancellation     updated: the cancelled order, the result
 */
export type CancellationStash = TransitionStash & {
  actor?: Actor;
  reason?: string | null;
  refund?: { outcome: 'REFUNDED'; refundId: string; amount: number } | null;
};

export const MAX_REASON_LENGTH = 500;

/**
 * The hold a cancellation takes on a paid order before refunding it. Without it a barista's
 * startPreparing (or markReady, ...) landing between the refund and the recorded cancellation
 * would win, and the order would go on being made with its money already given back. While it
 * is held, staff moves answer CANCELLATION_IN_PROGRESS; recording the cancellation clears it; a
 * refund that fails leaves it, and cancelling again (the refund key is per order) completes it.
 */
export type RefundHold = { at: string };
export type HeldOrder = OrderRecord & { refundHold?: RefundHold | null };

export function refundInProgress(order: HeldOrder): boolean {
  return Boolean(order.refundHold);
}

export function raiseRefundInProgress(orderId: string): never {
  return util.error(`Order ${orderId} is being cancelled and refunded; it cannot move meanwhile.`, 'CANCELLATION_IN_PROGRESS', null, { orderId });
}

/** One conditional update, as a one-item transaction so a lost race returns the order as it is now. */
export function holdForRefundRequest(table: string, order: HeldOrder, at: string): DynamoDBTransactWriteItemsRequest {
  return {
    operation: 'TransactWriteItems',
    transactItems: [
      {
        table,
        operation: 'UpdateItem',
        key: util.dynamodb.toMapValues(orderKey(order.id)),
        update: {
          expression: 'SET #hold = :hold, #version = :next',
          expressionNames: { '#hold': 'refundHold', '#version': 'version' },
          expressionValues: util.dynamodb.toMapValues({ ':hold': { at }, ':next': order.version + 1 }),
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
}
