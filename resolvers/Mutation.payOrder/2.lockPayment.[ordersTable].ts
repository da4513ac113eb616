import { runtime, util, type Context, type DynamoDBTransactWriteItemsRequest } from '@aws-appsync/utils';
import type { MutationPayOrderArgs } from '../../generated/graphql';
import { orderKey } from '../lib/order-keys';
import { nowTimestamp } from '../lib/order-time';
import { invalidTransition, orderNotFound } from '../lib/order-transitions';
import { lockCondition, lockUpdate, PAYABLE_STATUSES, raisePaymentInProgress, type PayableOrder, type PaymentStash } from '../lib/payment';
import { ordersTableName } from '../lib/tables';

/**
 * Takes the payment lock: one conditional update, sent as a one-item transaction so a failed
 * condition comes back with the order as it is now (returnValuesOnConditionCheckFailure).
 */
export function request(ctx: Context<MutationPayOrderArgs, PaymentStash>): DynamoDBTransactWriteItemsRequest {
  if (ctx.stash.alreadyPaid) runtime.earlyReturn(ctx.stash.order, { skipTo: 'END' });
  const order = ctx.stash.order as PayableOrder;
  const { idempotencyKey, cardToken } = ctx.args.input;
  const lock = { key: idempotencyKey, cardToken, held: true, at: nowTimestamp() };
  ctx.stash.locked = { ...order, paymentLock: lock, version: order.version + 1 };
  return {
    operation: 'TransactWriteItems',
    transactItems: [
      {
        table: ordersTableName(ctx.env),
        operation: 'UpdateItem',
        key: util.dynamodb.toMapValues(orderKey(order.id)),
        update: lockUpdate(order, lock),
        condition: { ...lockCondition(order, idempotencyKey), returnValuesOnConditionCheckFailure: true },
      },
    ],
  };
}

type CancellationReason = { type: string | null; item?: PayableOrder | null };

/** Someone changed the order since step 1: say what it is now. */
export function response(ctx: Context<MutationPayOrderArgs, PaymentStash>): PayableOrder {
  const { orderId, idempotencyKey } = ctx.args.input;
  if (ctx.error) {
    const reasons = ((ctx.result as { cancellationReasons?: CancellationReason[] | null } | null)?.cancellationReasons ?? []) as CancellationReason[];
    const reason = reasons[0];
    if (!reason || reason.type !== 'ConditionalCheckFailed') util.error(ctx.error.message, ctx.error.type);
    const current = reason.item;
    if (!current) orderNotFound(orderId);
    if (current.payment?.chargeId) {
      if (current.paymentLock?.key !== idempotencyKey) util.error(`Order ${orderId} is already paid.`, 'ORDER_ALREADY_PAID', null, { orderId });
      // A concurrent request with this key paid it in between: answer as a retry would be.
      ctx.stash.alreadyPaid = true;
      ctx.stash.order = current;
      return current;
    }
    if (!PAYABLE_STATUSES.includes(current.status)) invalidTransition(orderId, current.status, 'PAID');
    raisePaymentInProgress(orderId);
  }
  return ctx.stash.locked as PayableOrder;
}
