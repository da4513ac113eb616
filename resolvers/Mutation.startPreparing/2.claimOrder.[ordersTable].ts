import type { Context, DynamoDBTransactWriteItemsRequest } from '@aws-appsync/utils';
import type { MutationStartPreparingArgs } from '../../generated/graphql';
import { cognitoActor } from '../lib/order-access';
import type { OrderRecord } from '../lib/order-record';
import { nowTimestamp } from '../lib/order-time';
import { transitionResult, writeTransition, type TransitionStash } from '../lib/order-transition-steps';

/**
 * PAID -> PREPARING, conditional on the status and version read in step 1: when two baristas
 * claim one order, the second write's condition fails and it gets ORDER_ALREADY_CLAIMED.
 */
export function request(ctx: Context<MutationStartPreparingArgs, TransitionStash>): DynamoDBTransactWriteItemsRequest {
  const actor = cognitoActor(ctx.identity);
  const at = nowTimestamp();
  return writeTransition(ctx, 'PREPARING', actor, at, { set: { preparingAt: at, preparedBy: actor.by } });
}

export function response(ctx: Context<MutationStartPreparingArgs, TransitionStash>): OrderRecord {
  return transitionResult(ctx, 'PREPARING');
}
