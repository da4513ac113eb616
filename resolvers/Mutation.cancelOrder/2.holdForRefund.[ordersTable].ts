import { runtime, type Context, type DynamoDBTransactWriteItemsRequest } from '@aws-appsync/utils';
import type { MutationCancelOrderArgs } from '../../generated/graphql';
import type { Actor } from '../lib/order-access';
import { holdForRefundRequest, type CancellationStash, type HeldOrder } from '../lib/order-cancellation';
import { nowTimestamp } from '../lib/order-time';
import { raiseTransitionFailure } from '../lib/order-transitions';
import { ordersTableName } from '../lib/tables';

/**
 * Step 2 of cancelOrder: before a paid order is refunded, holds it (conditional on the status and
 * version step 1 read), so no staff move can slip in between the refund and the cancellation.
 * The hold keeps who asked and why, so the sweeper can finish the cancellation if nobody retries.
 * Nothing to refund: skipped, step 4's own condition is enough.
 */
export function request(ctx: Context<MutationCancelOrderArgs, CancellationStash>): DynamoDBTransactWriteItemsRequest {
  const order = ctx.stash.order as HeldOrder;
  const payment = order.payment;
  if (!payment?.chargeId || payment.refunded || !payment.amount) runtime.earlyReturn(ctx.prev.result);
  const actor = ctx.stash.actor as Actor;
  const written = holdForRefundRequest(ordersTableName(ctx.env), order, { at: nowTimestamp(), by: actor.by, role: actor.role, reason: ctx.stash.reason ?? null }, ctx.env);
  ctx.stash.hold = written.hold;
  return written.request;
}

export function response(ctx: Context<MutationCancelOrderArgs, CancellationStash>): HeldOrder {
  const order = ctx.stash.order as HeldOrder;
  raiseTransitionFailure(ctx, order, 'CANCELLED');
  const held = { ...order, version: order.version + 1, refundHold: ctx.stash.hold };
  ctx.stash.order = held;
  return held;
}
