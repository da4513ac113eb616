import { runtime, util, type Context, type LambdaRequest } from '@aws-appsync/utils';
import type { MutationPayOrderArgs } from '../../generated/graphql';
import type { PaymentRequest, PaymentResult } from '../../lambdas/payments/contract';
import { chargeIdempotencyKey, type PayableOrder, type PaymentStash } from '../lib/payment';

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
    idempotencyKey: chargeIdempotencyKey(order.id, ctx.args.input.idempotencyKey),
  };
  return { operation: 'Invoke', payload };
}

/**
 * A failed or timed-out invocation is a gateway error like any other: nothing is known to be
 * charged, the order stays as it is with the lock held, and a retry with the same key is safe.
 */
export function response(ctx: Context<MutationPayOrderArgs, PaymentStash>): PaymentResult {
  const { orderId } = ctx.args.input;
  if (ctx.error) util.error(`The payment could not be completed: ${ctx.error.message}`, 'PAYMENT_GATEWAY_ERROR', null, { orderId, retryable: true });
  const result = ctx.result as PaymentResult;
  if (result.outcome === 'GATEWAY_ERROR') util.error(result.message, 'PAYMENT_GATEWAY_ERROR', null, { orderId, retryable: true });
  ctx.stash.charge = result;
  return result;
}
