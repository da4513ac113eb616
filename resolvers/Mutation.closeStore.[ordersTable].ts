import { util, type Context, type DynamoDBUpdateItemRequest } from '@aws-appsync/utils';
import type { Store } from '../generated/graphql';
import { cognitoUserId } from './lib/identity';
import { storeKey, storeUpdate, toStore, type StoreRecord } from './lib/store';

/**
 * Closes the store: placeOrder answers STORE_CLOSED; orders already placed go on (creating the store with the default settings if it was never set up).
 * Deliberately unconditional: it sets one flag, so repeating it or racing another manager's
 * open/close leaves a correct store whichever lands last, and it never touches queueLength.
 */
export function request(ctx: Context): DynamoDBUpdateItemRequest {
  return {
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues(storeKey()),
    update: storeUpdate({ open: false }, util.time.nowISO8601(), cognitoUserId(ctx.identity)),
  };
}

export function response(ctx: Context): Store {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return toStore(ctx.result as StoreRecord);
}
