import { runtime, util, type Context, type LambdaRequest } from '@aws-appsync/utils';
import type { MutationCancelOrderArgs } from '../../generated/graphql';
import type { PaymentRequest, PaymentResult } from '../../lambdas/payments/contract';
import { refundIdempotencyKey, type CancellationStash, type HeldOrder, type RefundHold } from '../lib/order-cancellation';
import { paymentInProgress, raisePaymentInProgress, REFUND_GATEWAY_ERROR_MESSAGE } from '../lib/payment';

/**
 * Step 3 of cancelOrder: refunds a paid order in full before step 4 records the cancellation.
 * The refund's key is the hold's, so a cancel retried after a failure (or after step 4 lost a
 * race) gets the first refund back from the gateway, never a second one. Nothing to refund:
 * skipped. A charge whose outcome is unknown (the payment lock still held) blocks the cancel: the
 * charge may exist, and cancelling now could keep the money without a refund.
 */
export function request(ctx: Context<MutationCancelOrderArgs, CancellationStash>): LambdaRequest {
  const order = ctx.stash.order as HeldOrder;
  if (paymentInProgress(order)) raisePaymentInProgress(order.id, ctx.env);
  const payment = order.payment;
  if (!payment?.chargeId || payment.refunded || !payment.amount) runtime.earlyReturn(ctx.prev.result);
  const payload: PaymentRequest = {
    action: 'refund',
    orderId: order.id,
    chargeId: payment.chargeId,
    amount: payment.amount,
    idempotencyKey: refundIdempotencyKey(order.refundHold as RefundHold),
  };
  return { operation: 'Invoke', payload };
}

/** A refund that fails leaves the order held: cancelling again retries it safely, and so does the sweeper. */
export function response(ctx: Context<MutationCancelOrderArgs, CancellationStash>): unknown {
  const orderId = ctx.args.input.orderId;
  const result = ctx.result as PaymentResult | null;
  if (ctx.error || !result || result.outcome !== 'REFUNDED') util.error(REFUND_GATEWAY_ERROR_MESSAGE, 'PAYMENT_GATEWAY_ERROR', null, { orderId, retryable: true });
  ctx.stash.refund = result;
  return ctx.prev.result;
}
