import { util, type Context, type DynamoDBTransactWriteItemsRequest } from '@aws-appsync/utils';
import type { MutationCancelOrderArgs } from '../../generated/graphql';
import type { Actor } from '../lib/order-access';
import type { CancellationStash } from '../lib/order-cancellation';
import type { OrderRecord } from '../lib/order-record';
import { nowTimestamp } from '../lib/order-time';
import { paymentInProgress, raisePaymentInProgress, type PayableOrder } from '../lib/payment';
import { raiseTransitionFailure } from '../lib/order-transitions';
import { TRANSITION_ORDER_ITEM, transitionWrite, type TransactItem } from '../lib/order-writes';
import { salesKey, salesUpdateOnCancelled } from '../lib/sales';
import { ordersTableName } from '../lib/tables';

type CancellationReason = { type: string | null; item?: Record<string, unknown> | null };

/**
 * -> CANCELLED in one transaction: the order (with the refund from step 2 on its payment), the
 * event, the queue place and customer slot given back, and the day's sales (one more
 * cancellation; a refund comes off the revenue). The sales update has no condition of its own:
 * the order's status-and-version condition in the same transaction guards it.
 */
export function request(ctx: Context<MutationCancelOrderArgs, CancellationStash>): DynamoDBTransactWriteItemsRequest {
  const order = ctx.stash.order as OrderRecord;
  const table = ordersTableName(ctx.env);
  const at = nowTimestamp();
  const refund = ctx.stash.refund?.outcome === 'REFUNDED' ? ctx.stash.refund : null;
  const sales: TransactItem = {
    table,
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues(salesKey(order.businessDate)),
    update: salesUpdateOnCancelled(order, refund?.amount ?? 0),
  };
  const written = transitionWrite({
    table,
    order,
    to: 'CANCELLED',
    at,
    actor: ctx.stash.actor as Actor,
    reason: ctx.stash.reason ?? null,
    // statusReason is the staff's reason, or cleared (a failed payment's reason no longer applies).
    set: refund
      ? { cancelledAt: at, statusReason: null, refundHold: null, payment: { ...order.payment, refunded: true, refundId: refund.refundId } }
      : { cancelledAt: at, statusReason: null },
    extraItems: [sales],
  });
  ctx.stash.updated = written.order;
  return written.request;
}

export function response(ctx: Context<MutationCancelOrderArgs, CancellationStash>): OrderRecord {
  const order = ctx.stash.order as OrderRecord;
  if (ctx.error) {
    const reasons = ((ctx.result as { cancellationReasons?: CancellationReason[] | null } | null)?.cancellationReasons ?? []) as CancellationReason[];
    // payOrder took its lock after step 1 read the order (the lock moves the version).
    const current = reasons[TRANSITION_ORDER_ITEM]?.item as PayableOrder | null | undefined;
    if (current && current.status === order.status && paymentInProgress(current)) raisePaymentInProgress(order.id);
  }
  raiseTransitionFailure(ctx, order, 'CANCELLED');
  return ctx.stash.updated as OrderRecord;
}
