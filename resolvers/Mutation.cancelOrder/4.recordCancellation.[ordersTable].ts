import type { Context, DynamoDBTransactWriteItemsRequest } from '@aws-appsync/utils';
import type { MutationCancelOrderArgs } from '../../generated/graphql';
import type { Actor } from '../lib/order-access';
import type { CancellationStash } from '../lib/order-cancellation';
import type { OrderRecord } from '../lib/order-record';
import { nowTimestamp } from '../lib/order-time';
import { paymentInProgress, raisePaymentInProgress, type PayableOrder } from '../lib/payment';
import { cancellationWrite } from '../lib/payment-record';
import { raiseTransitionFailure } from '../lib/order-transitions';
import { TRANSITION_ORDER_ITEM } from '../lib/order-writes';
import { ordersTableName } from '../lib/tables';

type CancellationReason = { type: string | null; item?: Record<string, unknown> | null };

/** -> CANCELLED in one transaction (lib/payment-record.ts: cancellationWrite), with step 3's refund. */
export function request(ctx: Context<MutationCancelOrderArgs, CancellationStash>): DynamoDBTransactWriteItemsRequest {
  const order = ctx.stash.order as OrderRecord;
  const refund = ctx.stash.refund?.outcome === 'REFUNDED' ? ctx.stash.refund : null;
  const written = cancellationWrite(ordersTableName(ctx.env), order, ctx.stash.actor as Actor, ctx.stash.reason ?? null, refund, nowTimestamp());
  ctx.stash.updated = written.order;
  return written.request;
}

export function response(ctx: Context<MutationCancelOrderArgs, CancellationStash>): OrderRecord {
  const order = ctx.stash.order as OrderRecord;
  if (ctx.error) {
    const reasons = ((ctx.result as { cancellationReasons?: CancellationReason[] | null } | null)?.cancellationReasons ?? []) as CancellationReason[];
    // payOrder took its lock after step 1 read the order (the lock moves the version).
    const current = reasons[TRANSITION_ORDER_ITEM]?.item as PayableOrder | null | undefined;
    if (current && current.status === order.status && paymentInProgress(current)) raisePaymentInProgress(order.id, ctx.env);
  }
  raiseTransitionFailure(ctx, order, 'CANCELLED');
  return ctx.stash.updated as OrderRecord;
}
