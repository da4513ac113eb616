import { util, type Context, type DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { MutationSettleOrderArgs } from '../../generated/graphql';
import { loadOrderRequest, loadOrderResponse } from '../lib/order-transitions';
import { settlementMode, type SettlementStash } from '../lib/order-settlement';
import type { HeldOrder } from '../lib/order-cancellation';
import type { PayableOrder } from '../lib/payment';

export function request(ctx: Context<MutationSettleOrderArgs, SettlementStash>): DynamoDBGetItemRequest {
  return loadOrderRequest(ctx.args.orderId);
}

/** Only what is due now: anything else (settled meanwhile, not yet stale) is NOTHING_TO_SETTLE and writes nothing. */
export function response(ctx: Context<MutationSettleOrderArgs, SettlementStash>): PayableOrder {
  const order = loadOrderResponse(ctx, ctx.args.orderId) as PayableOrder & HeldOrder;
  const mode = settlementMode(order, ctx.env);
  if (!mode) util.error(`Order ${order.id} has nothing due to settle.`, 'NOTHING_TO_SETTLE', null, { orderId: order.id, status: order.status });
  ctx.stash.order = order;
  ctx.stash.mode = mode;
  return order;
}
