import { runtime, type Context, type DynamoDBUpdateItemRequest } from '@aws-appsync/utils';
import type { MutationPayOrderArgs } from '../../generated/graphql';
import { orderNumberRequest, orderNumberResponse } from '../lib/order-number';
import type { PaymentStash } from '../lib/payment';

/** A charged order gets the day's next number; a refused payment takes none. */
export function request(ctx: Context<MutationPayOrderArgs, PaymentStash>): DynamoDBUpdateItemRequest {
  if (ctx.stash.charge?.outcome !== 'CHARGED') runtime.earlyReturn(null);
  return orderNumberRequest();
}

export function response(ctx: Context<MutationPayOrderArgs, PaymentStash>): number {
  ctx.stash.orderNumber = orderNumberResponse(ctx);
  return ctx.stash.orderNumber;
}
