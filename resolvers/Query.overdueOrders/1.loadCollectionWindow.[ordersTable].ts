import { util, type Context, type DynamoDBGetItemRequest } from '@aws-appsync/utils';
import { get } from '@aws-appsync/utils/dynamodb';
import type { QueryOverdueOrdersArgs } from '../../generated/graphql';
import { storeKey } from '../lib/order-keys';
import type { StoreRecord } from '../lib/order-record';
import { DEFAULT_SETTINGS } from '../lib/store';

export function request(): DynamoDBGetItemRequest {
  return get<StoreRecord>({ key: storeKey() });
}

/** The store's collection window in minutes (the default before the store was set up). */
export function response(ctx: Context<QueryOverdueOrdersArgs>): number {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const store = ctx.result as StoreRecord | null;
  return store?.collectionWindowMinutes ?? DEFAULT_SETTINGS.collectionWindowMinutes;
}
