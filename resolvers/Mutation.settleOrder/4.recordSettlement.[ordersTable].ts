import type { Context, DynamoDBTransactWriteItemsRequest } from '@aws-appsync/utils';
import type { MutationSettleOrderArgs, OrderStatus } from '../../generated/graphql';
import type { PaymentResult } from '../../lambdas/payments/contract';
import { systemActor } from '../lib/order-access';
import type { RefundHold } from '../lib/order-cancellation';
import { NOT_CHARGED_REASON, UNPAID_REASON, type SettlementStash } from '../lib/order-settlement';
import { nowTimestamp } from '../lib/order-time';
import { raiseTransitionFailure } from '../lib/order-transitions';
import { transitionWrite } from '../lib/order-writes';
import type { PayableOrder } from '../lib/payment';
import { cancellationWrite, paidWrite, paymentFailedWrite } from '../lib/payment-record';
import { ordersTableName } from '../lib/tables';

function targetStatus(stash: SettlementStash): OrderStatus {
  if (stash.mode === 'refund') return 'CANCELLED';
  if (stash.mode === 'expire') return 'EXPIRED';
  return stash.outcome?.outcome === 'CHARGED' ? 'PAID' : 'PAYMENT_FAILED';
}

/** One transaction, conditional on the status and version step 1 read: a payment or cancel that lands meanwhile wins. */
export function request(ctx: Context<MutationSettleOrderArgs, SettlementStash>): DynamoDBTransactWriteItemsRequest {
  const order = ctx.stash.order as PayableOrder;
  const table = ordersTableName(ctx.env);
  const at = nowTimestamp();
  const system = systemActor();
  const outcome = ctx.stash.outcome as PaymentResult;
  let written;
  if (ctx.stash.mode === 'refund') {
    const hold = ctx.stash.order?.refundHold as RefundHold;
    const refund = outcome.outcome === 'REFUNDED' ? outcome : null;
    written = cancellationWrite(table, order, { by: hold.by, role: hold.role }, hold.reason, refund, at);
  } else if (ctx.stash.mode === 'expire') {
    written = transitionWrite({ table, order, to: 'EXPIRED', at, actor: system, reason: UNPAID_REASON });
  } else if (outcome.outcome === 'CHARGED') {
    written = paidWrite(table, order, outcome, ctx.stash.orderNumber as number, at, system);
  } else {
    written = paymentFailedWrite(table, order, NOT_CHARGED_REASON, at, system, ctx.env);
  }
  ctx.stash.updated = written.order;
  return written.request;
}

export function response(ctx: Context<MutationSettleOrderArgs, SettlementStash>): PayableOrder {
  raiseTransitionFailure(ctx, ctx.stash.order as PayableOrder, targetStatus(ctx.stash));
  return ctx.stash.updated as PayableOrder;
}
