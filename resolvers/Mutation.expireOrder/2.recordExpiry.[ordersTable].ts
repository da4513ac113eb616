import type { Context, DynamoDBTransactWriteItemsRequest } from '@aws-appsync/utils';
import type { MutationExpireOrderArgs } from '../../generated/graphql';
import { systemActor } from '../lib/order-access';
import type { OrderRecord } from '../lib/order-record';
import { nowTimestamp } from '../lib/order-time';
import { transitionResult, writeTransition, type TransitionStash } from '../lib/order-transition-steps';

/**
 * READY -> EXPIRED by the expiry sweeper (IAM): the order leaves the queue and the customer's
 * active orders. A paid order that was made and not collected is not refunded.
 */
export function request(ctx: Context<MutationExpireOrderArgs, TransitionStash>): DynamoDBTransactWriteItemsRequest {
  return writeTransition(ctx, 'EXPIRED', systemActor(), nowTimestamp(), { reason: 'Not collected within the collection window.' });
}

export function response(ctx: Context<MutationExpireOrderArgs, TransitionStash>): OrderRecord {
  return transitionResult(ctx, 'EXPIRED');
}
