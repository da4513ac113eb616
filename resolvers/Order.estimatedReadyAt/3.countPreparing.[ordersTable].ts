import { runtime, util, type Context, type DynamoDBQueryRequest } from '@aws-appsync/utils';
import type { EstimateStash } from '../lib/order-estimate';
import { countOf, preparingQuery, type QueueSource } from '../lib/order-queue';

export function request(ctx: Context<unknown, EstimateStash, undefined, QueueSource>): DynamoDBQueryRequest {
  if ((ctx.source as QueueSource).status !== 'PAID') runtime.earlyReturn(null);
  return preparingQuery();
}

export function response(ctx: Context<unknown, EstimateStash, undefined, QueueSource>): null {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  ctx.stash.preparing = countOf(ctx.result);
  return null;
}
