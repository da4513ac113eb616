import { runtime, util, type Context, type DynamoDBGetItemRequest } from '@aws-appsync/utils';
import { get } from '@aws-appsync/utils/dynamodb';
import type { MutationPlaceOrderArgs } from '../../generated/graphql';
import { orderKey } from '../lib/order-keys';
import type { PlacementStash } from '../lib/order-placement';
import type { OrderRecord } from '../lib/order-record';

/** A retry: the order the idempotency key placed, as it is now (paid, ready, ... since). */
export function request(ctx: Context<MutationPlaceOrderArgs, PlacementStash>): DynamoDBGetItemRequest {
  const { existingOrderId } = ctx.stash;
  if (!existingOrderId) runtime.earlyReturn(null);
  return get<OrderRecord>({ key: orderKey(existingOrderId), consistentRead: true });
}

export function response(ctx: Context<MutationPlaceOrderArgs, PlacementStash>): null {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const order = ctx.result as OrderRecord | null;
  // The record and its order are written in one transaction; one without the other is a bug.
  if (!order) util.error(`Order ${ctx.stash.existingOrderId} of this idempotency key is missing.`, 'InternalFailure');
  ctx.stash.order = order;
  return null;
}
