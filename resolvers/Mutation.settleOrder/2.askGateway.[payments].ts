import { runtime, util, type Context, type LambdaRequest } from '@aws-appsync/utils';
import type { MutationSettleOrderArgs } from '../../generated/graphql';
import type { PaymentRequest, PaymentResult } from '../../lambdas/payments/contract';
import { refundIdempotencyKey, type RefundHold } from '../lib/order-cancellation';
import type { SettlementStash } from '../lib/order-settlement';
import { epochMillisOf } from '../lib/order-time';
import { chargeIdempotencyKey, GATEWAY_ERROR_MESSAGE, type PaymentLock } from '../lib/payment';

/** A stale charge: the gateway's record of the attempt. A stale refund: the refund again, same key. */
export function request(ctx: Context<MutationSettleOrderArgs, SettlementStash>): LambdaRequest {
  const order = ctx.stash.order;
  if (!order || ctx.stash.mode === 'expire') runtime.earlyReturn(null);
  if (ctx.stash.mode === 'charge') {
    const lock = order.paymentLock as PaymentLock;
    const lookup: PaymentRequest = {
      action: 'lookupCharge',
      orderId: order.id,
      idempotencyKey: chargeIdempotencyKey(lock),
      since: Math.floor(epochMillisOf(lock.since) / 1000),
    };
    return { operation: 'Invoke', payload: lookup };
  }
  const payment = order.payment;
  if (!payment?.chargeId || !payment.amount) util.error(`Order ${order.id} is held for a refund but has no charge.`, 'InternalFailure');
  const refund: PaymentRequest = {
    action: 'refund',
    orderId: order.id,
    chargeId: payment.chargeId,
    amount: payment.amount,
    idempotencyKey: refundIdempotencyKey(order.refundHold as RefundHold),
  };
  return { operation: 'Invoke', payload: refund };
}

export function response(ctx: Context<MutationSettleOrderArgs, SettlementStash>): PaymentResult | null {
  if (ctx.stash.mode === 'expire') return null;
  const result = ctx.result as PaymentResult | null;
  const expected = ctx.stash.mode === 'charge' ? ['CHARGED', 'NOT_CHARGED'] : ['REFUNDED'];
  if (ctx.error || !result || !expected.includes(result.outcome)) {
    util.error(GATEWAY_ERROR_MESSAGE, 'PAYMENT_GATEWAY_ERROR', null, { orderId: ctx.args.orderId, retryable: true });
  }
  ctx.stash.outcome = result;
  return result;
}
