import { runtime, util, type Context, type DynamoDBGetItemRequest } from '@aws-appsync/utils';
import { get } from '@aws-appsync/utils/dynamodb';
import { needsEstimate, type EstimateStash } from '../lib/order-estimate';
import { storeKey } from '../lib/order-keys';
import type { QueueSource } from '../lib/order-queue';
import type { StoreRecord } from '../lib/order-record';

export function request(ctx: Context<unknown, EstimateStash, undefined, QueueSource>): DynamoDBGetItemRequest {
  if (!needsEstimate(ctx.source as QueueSource)) runtime.earlyReturn(null);
  return get<StoreRecord>({ key: storeKey() });
}

export function response(ctx: Context<unknown, EstimateStash, undefined, QueueSource>): null {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const store = ctx.result as StoreRecord | null;
  if (store) ctx.stash.prepMinutes = store.prepMinutesPerOrder;
  return null;
}
