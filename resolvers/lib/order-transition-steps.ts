import type { Context, DynamoDBGetItemRequest, DynamoDBTransactWriteItemsRequest } from '@aws-appsync/utils';
import type { OrderStatus } from '../../generated/graphql';
import type { Actor } from './order-access';
import { raiseRefundInProgress, refundInProgress } from './order-cancellation';
import type { OrderRecord } from './order-record';
import { checkTransition, loadOrderRequest, loadOrderResponse, raiseTransitionFailure } from './order-transitions';
import { transitionWrite, type Transition } from './order-writes';
import { ordersTableName } from './tables';

/**
 * The steps a transition is made of, each a pipeline function with its own name:
 *   1. load the order and check the lifecycle allows the move   -> ctx.stash.order
 *   2. write the move as one transaction                        -> ctx.stash.updated, the result
 * The pipeline's own handlers pass the last step's result through.
 */
export type TransitionStash = { order?: OrderRecord; updated?: OrderRecord };

export type TransitionOptions = Pick<Transition, 'set' | 'reason' | 'extraItems'>;

export function beginTransition(): Record<string, never> {
  return {};
}

export function endTransition(ctx: Context): OrderRecord {
  return ctx.prev.result as OrderRecord;
}

export function loadForTransition(orderId: string): DynamoDBGetItemRequest {
  return loadOrderRequest(orderId);
}

export function checkLoadedForTransition(ctx: Context<unknown, TransitionStash>, orderId: string, to: OrderStatus): OrderRecord {
  const order = loadOrderResponse(ctx, orderId);
  checkTransition(order, to);
  if (refundInProgress(order)) raiseRefundInProgress(order.id);
  ctx.stash.order = order;
  return order;
}

/** `at` is the transition's time: the caller also uses it for readyAt, collectedAt, ... */
export function writeTransition(
  ctx: Context<unknown, TransitionStash>,
  to: OrderStatus,
  actor: Actor,
  at: string,
  options: TransitionOptions = {},
): DynamoDBTransactWriteItemsRequest {
  const order = ctx.stash.order as OrderRecord;
  const written = transitionWrite({ table: ordersTableName(ctx.env), order, to, at, actor, ...options });
  ctx.stash.updated = written.order;
  return written.request;
}

export function transitionResult(ctx: Context<unknown, TransitionStash>, to: OrderStatus): OrderRecord {
  raiseTransitionFailure(ctx, ctx.stash.order as OrderRecord, to);
  return ctx.stash.updated as OrderRecord;
}
