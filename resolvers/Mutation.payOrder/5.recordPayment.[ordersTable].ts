import type { Context, DynamoDBTransactWriteItemsRequest } from '@aws-appsync/utils';
import { util } from '@aws-appsync/utils';
import type { MutationPayOrderArgs, OrderStatus } from '../../generated/graphql';
import type { PaymentResult } from '../../lambdas/payments/contract';
import { cognitoActor } from '../lib/order-access';
import { nowTimestamp } from '../lib/order-time';
import { conflictingOrder, raiseTransitionFailure } from '../lib/order-transitions';
import { FAILURE_ERROR_TYPES, raisePaymentInProgress, type PayableOrder, type PaymentStash } from '../lib/payment';
import { paidWrite, paymentFailedWrite } from '../lib/payment-record';
import { ordersTableName } from '../lib/tables';

function targetStatus(charge: PaymentResult): OrderStatus {
  return charge.outcome === 'CHARGED' ? 'PAID' : 'PAYMENT_FAILED';
}

function failureMessage(charge: PaymentResult): string {
  if (charge.outcome === 'CHARGED' || charge.outcome === 'REFUNDED' || charge.outcome === 'NOT_CHARGED') return 'The payment was not completed.';
  return charge.message;
}

/**
 * One transaction: CHARGED -> PAID with its number, the payment, the audit event and the day's
 * sales; a refusal -> PAYMENT_FAILED with the gateway's reason, the lock released and the queue
 * place given back.
 */
export function request(ctx: Context<MutationPayOrderArgs, PaymentStash>): DynamoDBTransactWriteItemsRequest {
  const order = ctx.stash.locked as PayableOrder;
  const charge = ctx.stash.charge as PaymentResult;
  const table = ordersTableName(ctx.env);
  const at = nowTimestamp();
  const actor = cognitoActor(ctx.identity);
  const written =
    charge.outcome === 'CHARGED'
      ? paidWrite(table, order, charge, ctx.stash.orderNumber as number, at, actor)
      : paymentFailedWrite(table, order, failureMessage(charge), at, actor, ctx.env);
  ctx.stash.updated = written.order;
  return written.request;
}

export function response(ctx: Context<MutationPayOrderArgs, PaymentStash>): PayableOrder {
  const charge = ctx.stash.charge as PaymentResult;
  const current = conflictingOrder(ctx) as PayableOrder | null | undefined;
  // A concurrent copy of this request (same key, so the gateway gave it the same answer) moved
  // the order first: answer as that copy did, or, while it is still between its steps, as a
  // retry would be told ("in progress"), never a refused transition.
  if (current && current.paymentLock?.key === ctx.args.input.idempotencyKey) {
    if (current.payment?.chargeId) return current;
    if (charge.outcome === 'CHARGED') raisePaymentInProgress(ctx.args.input.orderId, ctx.env);
  } else {
    raiseTransitionFailure(ctx, ctx.stash.locked as PayableOrder, targetStatus(charge));
  }
  if (charge.outcome !== 'CHARGED') {
    util.error(failureMessage(charge), FAILURE_ERROR_TYPES[charge.outcome] ?? 'PAYMENT_DECLINED', null, { orderId: ctx.args.input.orderId, status: 'PAYMENT_FAILED' });
  }
  return ctx.stash.updated as PayableOrder;
}
