import { runtime, util, type Context, type DynamoDBUpdateItemRequest } from '@aws-appsync/utils';
import { operations, update } from '@aws-appsync/utils/dynamodb';
import type { MutationPlaceOrderArgs } from '../../generated/graphql';
import { counterKey } from '../lib/order-keys';
import { COUNTER_TTL_SECONDS, MAX_ORDER_NUMBER, type PlacementStash } from '../lib/order-placement';
import type { CounterRecord } from '../lib/order-record';
import { businessDateOf } from '../lib/order-time';

/**
 * The day's next order number: an atomic ADD that answers with the new value. It runs before
 * the order's transaction (which cannot return values), so a transaction that then fails (a
 * race for the last place in the queue) leaves a gap in the day's numbers, never a duplicate.
 */
export function request(ctx: Context<MutationPlaceOrderArgs, PlacementStash>): DynamoDBUpdateItemRequest {
  if (ctx.stash.existingOrderId) runtime.earlyReturn(null);
  return update<CounterRecord>({
    key: counterKey(businessDateOf(ctx.stash.now)),
    update: { lastNumber: operations.increment(1), expiresAt: util.time.nowEpochSeconds() + COUNTER_TTL_SECONDS },
    condition: { or: [{ lastNumber: { attributeExists: false } }, { lastNumber: { lt: MAX_ORDER_NUMBER } }] },
  });
}

export function response(ctx: Context<MutationPlaceOrderArgs, PlacementStash>): null {
  if (ctx.error) {
    if (ctx.error.type === 'DynamoDB:ConditionalCheckFailedException') util.error('The store has taken all the orders it can today.', 'CAPACITY_FULL');
    util.error(ctx.error.message, ctx.error.type);
  }
  ctx.stash.orderNumber = (ctx.result as CounterRecord).lastNumber;
  return null;
}
