import { util, type Context, type DynamoDBBatchGetItemRequest } from '@aws-appsync/utils';
import type { MutationExpireOrderArgs } from '../../generated/graphql';
import { orderKey, storeKey } from '../lib/order-keys';
import type { OrderRecord, StoreRecord } from '../lib/order-record';
import { epochMillisOf, MINUTE_MILLIS } from '../lib/order-time';
import { invalidTransition, orderNotFound } from '../lib/order-transitions';
import type { TransitionStash } from '../lib/order-transition-steps';
import { raiseRefundInProgress, refundInProgress } from '../lib/order-cancellation';
import { DEFAULT_SETTINGS } from '../lib/store';
import { ordersTableName } from '../lib/tables';

type Found = { data: Record<string, (Record<string, unknown> | null)[]> };

/** The order and the store's collection window, in one read. */
export function request(ctx: Context<MutationExpireOrderArgs, TransitionStash>): DynamoDBBatchGetItemRequest {
  const keys = [orderKey(ctx.args.orderId), storeKey()].map((key) => util.dynamodb.toMapValues(key));
  return { operation: 'BatchGetItem', tables: { [ordersTableName(ctx.env)]: { keys, consistentRead: true } } };
}

/** Only a READY order whose collection window has passed expires; anything else is INVALID_TRANSITION. */
export function response(ctx: Context<MutationExpireOrderArgs, TransitionStash>): OrderRecord {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const [order, store] = ((ctx.result as Found).data[ordersTableName(ctx.env)] ?? []) as [OrderRecord | null, StoreRecord | null];
  if (!order) orderNotFound(ctx.args.orderId);
  // Unpaid orders expire through settleOrder, which first settles a payment that may be under way.
  if (order.status !== 'READY') invalidTransition(order.id, order.status, 'EXPIRED');
  if (refundInProgress(order)) raiseRefundInProgress(order.id);
  const windowMinutes = store?.collectionWindowMinutes ?? DEFAULT_SETTINGS.collectionWindowMinutes;
  const due = epochMillisOf(order.readyAt ?? order.statusAt) + windowMinutes * MINUTE_MILLIS;
  if (util.time.nowEpochMilliSeconds() < due) {
    util.error(`Order ${order.id} is within its ${windowMinutes}-minute collection window.`, 'INVALID_TRANSITION', null, { from: order.status, to: 'EXPIRED' });
  }
  ctx.stash.order = order;
  return order;
}
