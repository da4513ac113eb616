import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { MutationMarkCollectedArgs } from '../../generated/graphql';
import type { OrderRecord } from '../lib/order-record';
import { checkLoadedForTransition, loadForTransition, type TransitionStash } from '../lib/order-transition-steps';

export function request(ctx: Context<MutationMarkCollectedArgs, TransitionStash>): DynamoDBGetItemRequest {
  return loadForTransition(ctx.args.orderId);
}

export function response(ctx: Context<MutationMarkCollectedArgs, TransitionStash>): OrderRecord {
  return checkLoadedForTransition(ctx, ctx.args.orderId, 'COLLECTED');
}
