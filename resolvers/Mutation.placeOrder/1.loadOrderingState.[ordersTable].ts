import { util, type Context, type DynamoDBBatchGetItemRequest } from '@aws-appsync/utils';
import type { MutationPlaceOrderArgs } from '../../generated/graphql';
import { customerKey, idempotencyKey, storeKey } from '../lib/order-keys';
import type { PlacementStash } from '../lib/order-placement';
import type { CustomerRecord, IdempotencyRecord, StoreRecord } from '../lib/order-record';
import { ordersTableName } from '../lib/tables';

type Found = { data: Record<string, (Record<string, unknown> | null)[]>; unprocessedKeys: Record<string, unknown[]> };

/** The store, the customer's active-order count and this idempotency key's record, in one read. */
export function request(ctx: Context<MutationPlaceOrderArgs, PlacementStash>): DynamoDBBatchGetItemRequest {
  const { customerId } = ctx.stash;
  const keys = [storeKey(), customerKey(customerId), idempotencyKey(customerId, ctx.args.input.idempotencyKey)];
  return {
    operation: 'BatchGetItem',
    tables: { [ordersTableName(ctx.env)]: { keys: keys.map((key) => util.dynamodb.toMapValues(key)), consistentRead: true } },
  };
}

/**
 * A key already used: the same order again is a retry (answered with the first order), another
 * order is a mistake. Otherwise the store must be open with room, and the customer below the
 * limit. These checks spare the menu read for requests that would fail anyway; the transaction
 * checks the same conditions again, atomically.
 */
export function response(ctx: Context<MutationPlaceOrderArgs, PlacementStash>): null {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const table = ordersTableName(ctx.env);
  const found = ctx.result as Found;
  if ((found.unprocessedKeys[table] ?? []).length > 0) util.error('The store could not be read; try again.', 'DynamoDB:ProvisionedThroughputExceededException');
  const [store, customer, used] = (found.data[table] ?? []) as [StoreRecord | null, CustomerRecord | null, IdempotencyRecord | null];

  if (used && used.expiresAt >= util.time.nowEpochSeconds()) {
    if (used.fingerprint !== ctx.stash.fingerprint) {
      util.error('This idempotency key was used for a different order.', 'IDEMPOTENCY_KEY_REUSED', null, { orderId: used.orderId });
    }
    ctx.stash.existingOrderId = used.orderId;
    return null;
  }
  if (!store || !store.open) util.error('The store is closed.', 'STORE_CLOSED');
  if ((store.queueLength ?? 0) >= store.capacity) util.error('The queue is full; try again in a few minutes.', 'CAPACITY_FULL', null, { capacity: store.capacity });
  if ((customer?.activeOrders ?? 0) >= store.customerOrderLimit) {
    util.error(`You already have ${store.customerOrderLimit} open orders; pay, collect or cancel one first.`, 'LIMIT_REACHED', null, { limit: store.customerOrderLimit });
  }
  ctx.stash.store = store;
  return null;
}
