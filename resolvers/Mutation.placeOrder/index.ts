import { util, type Context } from '@aws-appsync/utils';
import type { MutationPlaceOrderArgs } from '../../generated/graphql';
import { cognitoUserId } from '../lib/identity';
import type { PlacementStash } from '../lib/order-placement';
import type { OrderRecord } from '../lib/order-record';
import { checkOrderInput, orderFingerprint } from '../lib/order-pricing';
import { timestampOf } from '../lib/order-time';

/** Rejects input that is wrong whatever the menu says, before anything is read or written. */
export function request(ctx: Context<MutationPlaceOrderArgs, PlacementStash>): Record<string, never> {
  const nowMillis = util.time.nowEpochMilliSeconds();
  checkOrderInput(ctx.args.input, nowMillis);
  ctx.stash.customerId = cognitoUserId(ctx.identity);
  ctx.stash.fingerprint = orderFingerprint(ctx.args.input);
  ctx.stash.now = timestampOf(nowMillis);
  return {};
}

/**
 * The order placed now, or the one this idempotency key placed before, as stored: every field a
 * client may select is there (queuePosition, estimatedReadyAt and events have field resolvers),
 * so the subscriptions fed by this mutation can carry whatever the mutation selected.
 */
export function response(ctx: Context<MutationPlaceOrderArgs, PlacementStash>): OrderRecord {
  const order = ctx.stash.order;
  if (!order) util.error('The order was neither placed nor found.', 'InternalFailure');
  return order;
}
