import { runtime, util, type Context, type DynamoDBTransactWriteItemsRequest } from '@aws-appsync/utils';
import type { MutationPayOrderArgs } from '../../generated/graphql';
import { orderKey } from '../lib/order-keys';
import { holdsPlace } from '../lib/order-record';
import { nowTimestamp } from '../lib/order-time';
import { invalidTransition, orderNotFound } from '../lib/order-transitions';
import { takeQueuePlace } from '../lib/order-writes';
import { lockCondition, lockUpdate, PAYABLE_STATUSES, raisePaymentInProgress, type PayableOrder, type PaymentLock, type PaymentStash } from '../lib/payment';
import { ordersTableName } from '../lib/tables';

/** Index of the store's item in the lock's transaction, when the order takes its queue place. */
const STORE_ITEM = 1;

/**
 * Takes the payment lock and, for an order that has none yet, a place in the queue: one
 * transaction, so no card is charged for an order the queue has no room for, and a failed
 * condition comes back with the item as it is now (returnValuesOnConditionCheckFailure).
 * A retry with the same key keeps the lock's attempt, so the gateway sees the same key again.
 */
export function request(ctx: Context<MutationPayOrderArgs, PaymentStash>): DynamoDBTransactWriteItemsRequest {
  if (ctx.stash.alreadyPaid) runtime.earlyReturn(ctx.stash.order, { skipTo: 'END' });
  const order = ctx.stash.order as PayableOrder;
  const { idempotencyKey, cardToken } = ctx.args.input;
  const at = nowTimestamp();
  const previous = order.paymentLock?.key === idempotencyKey ? order.paymentLock : null;
  const lock: PaymentLock = { key: idempotencyKey, cardToken, held: true, at, attempt: previous?.attempt ?? util.autoId(), since: previous?.since ?? at };
  const table = ordersTableName(ctx.env);
  ctx.stash.locked = { ...order, paymentLock: lock, holdsPlace: true, version: order.version + 1 };
  return {
    operation: 'TransactWriteItems',
    transactItems: [
      {
        table,
        operation: 'UpdateItem',
        key: util.dynamodb.toMapValues(orderKey(order.id)),
        update: lockUpdate(order, lock, ctx.env),
        condition: { ...lockCondition(order, idempotencyKey), returnValuesOnConditionCheckFailure: true },
      },
      ...(holdsPlace(order) ? [] : [takeQueuePlace(table)]),
    ],
  };
}

type CancellationReason = { type: string | null; item?: Record<string, unknown> | null };

/** Someone changed the order since step 1 (say what it is now), or the queue is closed or full. */
export function response(ctx: Context<MutationPayOrderArgs, PaymentStash>): PayableOrder {
  const { orderId, idempotencyKey } = ctx.args.input;
  if (ctx.error) {
    const reasons = ((ctx.result as { cancellationReasons?: CancellationReason[] | null } | null)?.cancellationReasons ?? []) as CancellationReason[];
    const reason = reasons[0];
    const store = reasons[STORE_ITEM];
    if (reason?.type !== 'ConditionalCheckFailed' && store?.type === 'ConditionalCheckFailed') {
      if (!store.item || store.item.open !== true) util.error('The store is closed; the order was not charged.', 'STORE_CLOSED', null, { orderId });
      util.error('The queue is full; try again in a few minutes. The order was not charged.', 'CAPACITY_FULL', null, { orderId, capacity: store.item.capacity });
    }
    if (!reason || reason.type !== 'ConditionalCheckFailed') util.error(ctx.error.message, ctx.error.type);
    const current = reason.item as PayableOrder | null | undefined;
    if (!current) orderNotFound(orderId);
    if (current.payment?.chargeId) {
      if (current.paymentLock?.key !== idempotencyKey) util.error(`Order ${orderId} is already paid.`, 'ORDER_ALREADY_PAID', null, { orderId });
      // A concurrent request with this key paid it in between: answer as a retry would be.
      ctx.stash.alreadyPaid = true;
      ctx.stash.order = current;
      return current;
    }
    // Our own key holds the lock: a concurrent copy of this request is charging or recording it
    // (between its steps the order may already read PAID without the payment): a retry will see
    // the outcome, so this is "in progress", never a refused transition.
    if (current.paymentLock?.key === idempotencyKey) raisePaymentInProgress(orderId, ctx.env);
    if (!PAYABLE_STATUSES.includes(current.status)) invalidTransition(orderId, current.status, 'PAID');
    raisePaymentInProgress(orderId, ctx.env);
  }
  return ctx.stash.locked as PayableOrder;
}
