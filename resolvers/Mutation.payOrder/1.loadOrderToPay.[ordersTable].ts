import { util, type Context, type DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { MutationPayOrderArgs } from '../../generated/graphql';
import { cognitoUserId } from '../lib/identity';
import { invalidTransition, loadOrderRequest, loadOrderResponse, orderNotFound } from '../lib/order-transitions';
import { PAYABLE_STATUSES, paymentInProgress, raisePaymentInProgress, type PayableOrder, type PaymentStash } from '../lib/payment';

export function request(ctx: Context<MutationPayOrderArgs, PaymentStash>): DynamoDBGetItemRequest {
  return loadOrderRequest(ctx.args.input.orderId);
}

/**
 * Only the owner pays; to anyone else the order does not exist. A retry of the key that paid
 * returns the order as it is; another key on a paid order is ORDER_ALREADY_PAID.
 */
export function response(ctx: Context<MutationPayOrderArgs, PaymentStash>): PayableOrder {
  const { orderId, idempotencyKey, cardToken } = ctx.args.input;
  const order = loadOrderResponse(ctx, orderId) as PayableOrder;
  if (order.customerId !== cognitoUserId(ctx.identity)) orderNotFound(orderId);
  ctx.stash.order = order;
  const lock = order.paymentLock;
  if (lock && lock.key === idempotencyKey && lock.cardToken !== cardToken) {
    util.error(`idempotencyKey ${idempotencyKey} was already used with another card token.`, 'IDEMPOTENCY_KEY_REUSED', null, { orderId });
  }
  if (order.payment?.chargeId) {
    if (lock?.key === idempotencyKey) {
      ctx.stash.alreadyPaid = true;
      return order;
    }
    util.error(`Order ${orderId} is already paid.`, 'ORDER_ALREADY_PAID', null, { orderId });
  }
  if (!PAYABLE_STATUSES.includes(order.status)) invalidTransition(orderId, order.status, 'PAID');
  if (paymentInProgress(order) && lock?.key !== idempotencyKey) raisePaymentInProgress(orderId, ctx.env);
  return order;
}
