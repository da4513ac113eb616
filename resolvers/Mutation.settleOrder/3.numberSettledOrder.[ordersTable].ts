import { runtime, type Context, type DynamoDBUpdateItemRequest } from '@aws-appsync/utils';
import type { MutationSettleOrderArgs } from '../../generated/graphql';
import { orderNumberRequest, orderNumberResponse } from '../lib/order-number';
import type { SettlementStash } from '../lib/order-settlement';

/** A charge the gateway has on record makes the order paid: it gets the day's next number. */
export function request(ctx: Context<MutationSettleOrderArgs, SettlementStash>): DynamoDBUpdateItemRequest {
  if (ctx.stash.outcome?.outcome !== 'CHARGED') runtime.earlyReturn(null);
  return orderNumberRequest();
}

export function response(ctx: Context<MutationSettleOrderArgs, SettlementStash>): number {
  ctx.stash.orderNumber = orderNumberResponse(ctx);
  return ctx.stash.orderNumber;
}
