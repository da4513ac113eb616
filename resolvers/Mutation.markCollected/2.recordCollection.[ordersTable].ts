import type { Context, DynamoDBTransactWriteItemsRequest } from '@aws-appsync/utils';
import type { MutationMarkCollectedArgs } from '../../generated/graphql';
import { cognitoActor } from '../lib/order-access';
import type { OrderRecord } from '../lib/order-record';
import { nowTimestamp } from '../lib/order-time';
import { transitionResult, writeTransition, type TransitionStash } from '../lib/order-transition-steps';

/** READY -> COLLECTED; the order leaves the queue and the customer's active orders. */
export function request(ctx: Context<MutationMarkCollectedArgs, TransitionStash>): DynamoDBTransactWriteItemsRequest {
  const at = nowTimestamp();
  return writeTransition(ctx, 'COLLECTED', cognitoActor(ctx.identity), at, { set: { collectedAt: at } });
}

export function response(ctx: Context<MutationMarkCollectedArgs, TransitionStash>): OrderRecord {
  return transitionResult(ctx, 'COLLECTED');
}
