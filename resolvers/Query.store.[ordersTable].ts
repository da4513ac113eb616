import { util, type Context, type DynamoDBGetItemRequest } from '@aws-appsync/utils';
import { get } from '@aws-appsync/utils/dynamodb';
import type { Store } from '../generated/graphql';
import { storeKey, toStore, type StoreRecord } from './lib/store';

export function request(): DynamoDBGetItemRequest {
  return get<StoreRecord>({ key: storeKey() });
}

export function response(ctx: Context): Store {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return toStore(ctx.result as StoreRecord | null);
}
