import type { Context, DynamoDBTransactWriteItemsRequest } from '@aws-appsync/utils';
import type { MutationMarkReadyArgs } from '../../generated/graphql';
import { cognitoActor } from '../lib/order-access';
import type { OrderRecord } from '../lib/order-record';
import { nowTimestamp } from '../lib/order-time';
import { transitionResult, writeTransition, type TransitionStash } from '../lib/order-transition-steps';

/**
 * PREPARING -> READY. The result is the whole order (number, pickup name, lines, readyAt), so the
 * customer's onMyOrderChanged can carry whatever the app needs to say "your coffee is ready",
 * as far as this mutation's selection set asks for it.
 */
export function request(ctx: Context<MutationMarkReadyArgs, TransitionStash>): DynamoDBTransactWriteItemsRequest {
  const at = nowTimestamp();
  return writeTransition(ctx, 'READY', cognitoActor(ctx.identity), at, { set: { readyAt: at } });
}

export function response(ctx: Context<MutationMarkReadyArgs, TransitionStash>): OrderRecord {
  return transitionResult(ctx, 'READY');
}
