import { runtime, util, type Context, type LambdaRequest } from '@aws-appsync/utils';
import type { MutationCancelOrderArgs } from '../../generated/graphql';
import type { PaymentRequest, PaymentResult } from '../../lambdas/payments/contract';
import type { CancellationStash } from '../lib/order-cancellation';
import { paymentInProgress, raisePaymentInProgress, refundIdempotencyKey, type PayableOrder } from '../lib/payment';

/**
 * Step 2 of cancelOrder: refunds a paid order in full before step 3 records the cancellation.
 * The refund's key is per order, so a cancel retried after a failure (or after step 3 lost a race)
 * gets the first refund back from the gateway, never a second one. Nothing to refund: skipped.
 * A charge whose outcome is unknown (the payment lock still held) blocks the cancel: the charge
 * may exist, and cancelling now could keep the money without a refund.
 */
export function request(ctx: Context<MutationCancelOrderArgs, CancellationStash>): LambdaRequest {
  const order = ctx.stash.order as PayableOrder;
  if (paymentInProgress(order)) raisePaymentInProgress(order.id);
  const payment = order.payment;
  if (!payment?.chargeId || payment.refunded || !payment.amount) runtime.earlyReturn(ctx.prev.result);
  const payload: PaymentRequest = {
    action: 'refund',
    orderId: order.id,
    chargeId: payment.chargeId,
    amount: payment.amount,
    idempotencyKey: refundIdempotencyKey(order.id),
  };
  return { operation: 'Invoke', payload };
}

/** A refund that fails leaves the order as it is: cancelling again retries it safely. */
export function response(ctx: Context<MutationCancelOrderArgs, CancellationStash>): unknown {
  const orderId = ctx.args.input.orderId;
  if (ctx.error) util.error(`The refund could not be completed: ${ctx.error.message}`, 'PAYMENT_GATEWAY_ERROR', null, { orderId, retryable: true });
  const result = ctx.result as PaymentResult;
  if (result.outcome !== 'REFUNDED') {
    const message = result.outcome === 'CHARGED' ? 'The gateway answered a refund with a charge.' : result.message;
    util.error(message, 'PAYMENT_GATEWAY_ERROR', null, { orderId, retryable: true });
  }
  ctx.stash.refund = result;
  return ctx.prev.result;
}
