import { util, type Context, type DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { MutationCancelOrderArgs } from '../../generated/graphql';
import { cognitoActor, isStaff } from '../lib/order-access';
import type { CancellationStash } from '../lib/order-cancellation';
import type { OrderRecord } from '../lib/order-record';
import { paymentInProgress, raisePaymentInProgress } from '../lib/payment';
import { checkTransition, CUSTOMER_CANCELLABLE, invalidTransition, loadOrderRequest, loadOrderResponse, orderNotFound } from '../lib/order-transitions';

export function request(ctx: Context<MutationCancelOrderArgs, CancellationStash>): DynamoDBGetItemRequest {
  return loadOrderRequest(ctx.args.input.orderId);
}

/**
 * Who may cancel what:
 *   the owner    before preparation starts (PENDING_PAYMENT, PAYMENT_FAILED, PAID), no reason needed
 *   staff        any order before COLLECTED, with a reason (REASON_REQUIRED)
 *   anyone else  ORDER_NOT_FOUND: another customer's order does not exist for them
 * Not while a charge is under way or its outcome unknown (PAYMENT_IN_PROGRESS): cancelling then
 * could leave a charge on a cancelled order, with nothing to refund it. payOrder's lock moves
 * the version, so a lock taken after this read makes step 3's condition fail.
 */
export function response(ctx: Context<MutationCancelOrderArgs, CancellationStash>): OrderRecord {
  const { orderId } = ctx.args.input;
  const order = loadOrderResponse(ctx, orderId);
  const caller = cognitoActor(ctx.identity);
  const reason = (ctx.args.input.reason ?? '').trim();
  const owner = order.customerId === caller.by;
  if (owner && CUSTOMER_CANCELLABLE.includes(order.status)) {
    ctx.stash.actor = { by: caller.by, role: 'customer' };
  } else if (isStaff(ctx.identity)) {
    checkTransition(order, 'CANCELLED');
    if (reason.length === 0) util.error('Staff must give a reason to cancel an order.', 'REASON_REQUIRED');
    ctx.stash.actor = caller;
  } else if (owner) {
    invalidTransition(order.id, order.status, 'CANCELLED');
  } else {
    orderNotFound(orderId);
  }
  if (paymentInProgress(order)) raisePaymentInProgress(order.id, ctx.env);
  ctx.stash.order = order;
  ctx.stash.reason = reason.length > 0 ? reason : null;
  return order;
}
