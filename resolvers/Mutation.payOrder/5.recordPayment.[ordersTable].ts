import { util, type Context, type DynamoDBTransactWriteItemsRequest } from '@aws-appsync/utils';
import type { MutationPayOrderArgs, OrderStatus } from '../../generated/graphql';
import type { PaymentResult } from '../../lambdas/payments/contract';
import { cognitoActor } from '../lib/order-access';
import { nowTimestamp } from '../lib/order-time';
import { raiseTransitionFailure } from '../lib/order-transitions';
import { transitionWrite } from '../lib/order-writes';
import { FAILURE_ERROR_TYPES, paymentOf, type PayableOrder, type PaymentStash } from '../lib/payment';
import { salesKey, salesUpdateOnPaid } from '../lib/sales';
import { ordersTableName } from '../lib/tables';

function targetStatus(charge: PaymentResult): OrderStatus {
  return charge.outcome === 'CHARGED' ? 'PAID' : 'PAYMENT_FAILED';
}

/**
 * One transaction: CHARGED -> PAID with the payment, the audit event and the day's sales;
 * a refusal -> PAYMENT_FAILED with the gateway's reason and the lock released, so the customer
 * can pay again (with a new key: the gateway answers the old one with the same refusal).
 */
export function request(ctx: Context<MutationPayOrderArgs, PaymentStash>): DynamoDBTransactWriteItemsRequest {
  const order = ctx.stash.locked as PayableOrder;
  const charge = ctx.stash.charge as PaymentResult;
  const table = ordersTableName(ctx.env);
  const at = nowTimestamp();
  const actor = cognitoActor(ctx.identity);
  const released = { ...order.paymentLock, held: false };
  if (charge.outcome === 'CHARGED') {
    const written = transitionWrite({
      table,
      order,
      to: 'PAID',
      at,
      actor,
      set: { paidAt: at, payment: paymentOf(charge), paymentLock: released, statusReason: null },
      extraItems: [{ table, operation: 'UpdateItem', key: util.dynamodb.toMapValues(salesKey(order.businessDate)), update: salesUpdateOnPaid(order) }],
    });
    ctx.stash.updated = written.order;
    return written.request;
  }
  const reason = charge.outcome === 'REFUNDED' ? 'Unexpected refund.' : charge.message;
  const written = transitionWrite({ table, order, to: 'PAYMENT_FAILED', at, actor, reason, set: { paymentLock: released } });
  ctx.stash.updated = written.order;
  return written.request;
}

export function response(ctx: Context<MutationPayOrderArgs, PaymentStash>): PayableOrder {
  const charge = ctx.stash.charge as PaymentResult;
  raiseTransitionFailure(ctx, ctx.stash.locked as PayableOrder, targetStatus(charge));
  if (charge.outcome !== 'CHARGED') {
    const message = charge.outcome === 'REFUNDED' ? 'Unexpected refund.' : charge.message;
    util.error(message, FAILURE_ERROR_TYPES[charge.outcome] ?? 'PAYMENT_DECLINED', null, { orderId: ctx.args.input.orderId, status: 'PAYMENT_FAILED' });
  }
  return ctx.stash.updated as PayableOrder;
}
