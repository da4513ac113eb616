import { runtime, util, type Context, type DynamoDBQueryRequest } from '@aws-appsync/utils';
import type { EstimateStash } from '../lib/order-estimate';
import { countOf, paidAheadQuery, type QueueSource } from '../lib/order-queue';

export function request(ctx: Context<unknown, EstimateStash, undefined, QueueSource>): DynamoDBQueryRequest {
  const order = ctx.source as QueueSource;
  if (order.status !== 'PAID') runtime.earlyReturn(null);
  return paidAheadQuery(order);
}

export function response(ctx: Context<unknown, EstimateStash, undefined, QueueSource>): null {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  ctx.stash.ahead = countOf(ctx.result);
  return null;
}
