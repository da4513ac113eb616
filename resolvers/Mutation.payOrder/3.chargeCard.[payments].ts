import { runtime, util, type Context, type LambdaRequest } from '@aws-appsync/utils';
import type { MutationPayOrderArgs } from '../../generated/graphql';
import type { PaymentRequest, PaymentResult } from '../../lambdas/payments/contract';
import { chargeIdempotencyKey, GATEWAY_ERROR_MESSAGE, type PayableOrder, type PaymentLock, type PaymentStash } from '../lib/payment';

/** The server's price, never the client's: the amount is the order's total as placed. */
export function request(ctx: Context<MutationPayOrderArgs, PaymentStash>): LambdaRequest {
  if (ctx.stash.alreadyPaid) runtime.earlyReturn(ctx.stash.order, { skipTo: 'END' });
  const order = ctx.stash.locked as PayableOrder;
  const payload: PaymentRequest = {
    action: 'charge',
    orderId: order.id,
    customerId: order.customerId,
    amount: order.total,
    currency: order.currency,
    cardToken: ctx.args.input.cardToken,
    idempotencyKey: chargeIdempotencyKey(order.paymentLock as PaymentLock),
  };
  return { operation: 'Invoke', payload };
}

/**
 * A failed or timed-out invocation is a gateway error like any other: nothing is known to be
 * charged, the order stays as it is with the lock held, and a retry with the same key is safe.
 * If nobody retries, the sweeper settles the attempt with the gateway once the lock is stale.
 * The client is told what to do, never the gateway's or the function's own error text.
 */
export function response(ctx: Context<MutationPayOrderArgs, PaymentStash>): PaymentResult {
  const { orderId } = ctx.args.input;
  const result = ctx.result as PaymentResult | null;
  if (ctx.error || !result || result.outcome === 'GATEWAY_ERROR') {
    util.error(GATEWAY_ERROR_MESSAGE, 'PAYMENT_GATEWAY_ERROR', null, { orderId, retryable: true });
  }
  ctx.stash.charge = result;
  return result;
}
