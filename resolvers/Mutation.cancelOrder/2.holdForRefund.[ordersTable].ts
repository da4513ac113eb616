import { runtime, type Context, type DynamoDBTransactWriteItemsRequest } from '@aws-appsync/utils';
import type { MutationCancelOrderArgs } from '../../generated/graphql';
import { holdForRefundRequest, type CancellationStash, type HeldOrder } from '../lib/order-cancellation';
import { nowTimestamp } from '../lib/order-time';
import { raiseTransitionFailure } from '../lib/order-transitions';
import { ordersTableName } from '../lib/tables';

/**
 * Step 2 of cancelOrder: before a paid order is refunded, holds it (conditional on the status and
 * version step 1 read), so no staff move can slip in between the refund and the cancellation.
 * Nothing to refund: skipped, step 4's own condition is enough.
 */
export function request(ctx: Context<MutationCancelOrderArgs, CancellationStash>): DynamoDBTransactWriteItemsRequest {
  const order = ctx.stash.order as HeldOrder;
  const payment = order.payment;
  if (!payment?.chargeId || payment.refunded || !payment.amount) runtime.earlyReturn(ctx.prev.result);
  return holdForRefundRequest(ordersTableName(ctx.env), order, nowTimestamp());
}

export function response(ctx: Context<MutationCancelOrderArgs, CancellationStash>): HeldOrder {
  const order = ctx.stash.order as HeldOrder;
  raiseTransitionFailure(ctx, order, 'CANCELLED');
  const held = { ...order, version: order.version + 1 };
  ctx.stash.order = held;
  return held;
}
