import { runtime, util, type Context, type DynamoDBQueryRequest } from '@aws-appsync/utils';
import { countOf, paidAheadQuery, type QueueSource } from './lib/order-queue';

/** 1 + the PAID orders paid before this one; null for any other status. */
export function request(ctx: Context<unknown, Record<string, unknown>, undefined, QueueSource>): DynamoDBQueryRequest {
  const order = ctx.source as QueueSource;
  if (order.status !== 'PAID') runtime.earlyReturn(null);
  return paidAheadQuery(order);
}

export function response(ctx: Context<unknown, Record<string, unknown>, undefined, QueueSource>): number {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return countOf(ctx.result) + 1;
}
