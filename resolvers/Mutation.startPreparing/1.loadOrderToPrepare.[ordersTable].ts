import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { MutationStartPreparingArgs } from '../../generated/graphql';
import type { OrderRecord } from '../lib/order-record';
import { checkLoadedForTransition, loadForTransition, type TransitionStash } from '../lib/order-transition-steps';

export function request(ctx: Context<MutationStartPreparingArgs, TransitionStash>): DynamoDBGetItemRequest {
  return loadForTransition(ctx.args.orderId);
}

export function response(ctx: Context<MutationStartPreparingArgs, TransitionStash>): OrderRecord {
  return checkLoadedForTransition(ctx, ctx.args.orderId, 'PREPARING');
}
