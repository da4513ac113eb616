import { runtime, util, type Context, type DynamoDBTransactWriteItemsRequest } from '@aws-appsync/utils';
import type { MutationPlaceOrderArgs } from '../../generated/graphql';
import { changesIndexKeys, customerIndexKeys, dueIndexKeys, idempotencyKey, orderKey, statusIndexKeys } from '../lib/order-keys';
import { IDEMPOTENCY_TTL_SECONDS, type PlacementStash } from '../lib/order-placement';
import type { IdempotencyRecord, OrderRecord } from '../lib/order-record';
import { businessDateOf, epochMillisOf, MINUTE_MILLIS, timestampOf } from '../lib/order-time';
import { PLACEMENT, PLACEMENTS_PER_HOUR, placementItems } from '../lib/order-writes';
import { DEFAULT_SETTINGS } from '../lib/store';
import { ordersTableName } from '../lib/tables';

type CancellationReason = { type: string | null; item?: Record<string, unknown> | null };

/**
 * The order, its idempotency record, a customer slot and one of the account's placements this
 * hour: all or nothing. The order has no number and no queue place yet: both come with payment,
 * so an order that is never paid consumes neither. It is due for expiry at the end of the
 * store's payment window.
 */
export function request(ctx: Context<MutationPlaceOrderArgs, PlacementStash>): DynamoDBTransactWriteItemsRequest {
  if (ctx.stash.existingOrderId) runtime.earlyReturn(null);
  const { input } = ctx.args;
  const { customerId, now, priced, store } = ctx.stash;
  if (!priced || !store) util.error('placeOrder ran its steps out of order.', 'InternalFailure');
  const id = util.autoId();
  const payBy = timestampOf(epochMillisOf(now) + (store.paymentWindowMinutes ?? DEFAULT_SETTINGS.paymentWindowMinutes) * MINUTE_MILLIS);
  const order: OrderRecord = {
    ...orderKey(id),
    kind: 'ORDER',
    id,
    orderNumber: null,
    businessDate: businessDateOf(now),
    customerId,
    pickupName: input.pickupName.trim(),
    pickupSlot: input.pickupSlot ?? null,
    notes: input.notes ?? null,
    lines: priced.lines,
    itemCount: priced.itemCount,
    total: priced.total,
    currency: priced.currency,
    status: 'PENDING_PAYMENT',
    statusReason: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    statusAt: now,
    paidAt: null,
    readyAt: null,
    collectedAt: null,
    payment: null,
    idempotencyKey: input.idempotencyKey,
    holdsPlace: false,
    payBy,
    ...dueIndexKeys(payBy, id),
    ...customerIndexKeys(customerId, now, id),
    ...statusIndexKeys('PENDING_PAYMENT', now, id),
    ...changesIndexKeys(now, id),
  };
  const nowSeconds = util.time.nowEpochSeconds();
  const idempotency: IdempotencyRecord = {
    ...idempotencyKey(customerId, input.idempotencyKey),
    orderId: id,
    fingerprint: ctx.stash.fingerprint,
    createdAt: now,
    expiresAt: nowSeconds + IDEMPOTENCY_TTL_SECONDS,
  };
  ctx.stash.order = order;
  return {
    operation: 'TransactWriteItems',
    transactItems: placementItems(ordersTableName(ctx.env), order, idempotency, store.customerOrderLimit, nowSeconds),
  };
}

/**
 * A cancelled transaction names the rule that stopped it, by item: the idempotency record first
 * (a concurrent retry of the same order won: answer with its order), then the store (closed, or
 * full), then the customer's limit, then the account's placements this hour.
 */
export function response(ctx: Context<MutationPlaceOrderArgs, PlacementStash>): null {
  if (!ctx.error) return null;
  ctx.stash.order = undefined;
  const reasons = ((ctx.result as { cancellationReasons?: CancellationReason[] | null } | null)?.cancellationReasons ?? []) as CancellationReason[];
  const failed = (index: number) => reasons[index]?.type === 'ConditionalCheckFailed';
  if (failed(PLACEMENT.idempotency)) {
    const used = reasons[PLACEMENT.idempotency]?.item as IdempotencyRecord | null | undefined;
    if (used && used.fingerprint === ctx.stash.fingerprint) {
      ctx.stash.existingOrderId = used.orderId;
      return null;
    }
    util.error('This idempotency key was used for a different order.', 'IDEMPOTENCY_KEY_REUSED', null, { orderId: used?.orderId ?? null });
  }
  if (failed(PLACEMENT.store)) {
    const store = reasons[PLACEMENT.store]?.item;
    if (!store || store.open !== true) util.error('The store is closed.', 'STORE_CLOSED');
    util.error('The queue is full; try again in a few minutes.', 'CAPACITY_FULL', null, { capacity: store.capacity });
  }
  if (failed(PLACEMENT.customer)) {
    const limit = ctx.stash.store?.customerOrderLimit;
    util.error(`You already have ${limit} open orders; pay, collect or cancel one first.`, 'LIMIT_REACHED', null, { limit });
  }
  if (failed(PLACEMENT.rate)) {
    util.error(`This account has placed ${PLACEMENTS_PER_HOUR} orders this hour; try again later.`, 'RATE_LIMITED', null, { limit: PLACEMENTS_PER_HOUR });
  }
  return util.error(ctx.error.message, ctx.error.type);
}
