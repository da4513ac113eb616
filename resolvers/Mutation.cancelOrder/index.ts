import { util, type Context } from '@aws-appsync/utils';
import type { MutationCancelOrderArgs } from '../../generated/graphql';
import { MAX_REASON_LENGTH, type CancellationStash } from '../lib/order-cancellation';
import type { OrderRecord } from '../lib/order-record';

export function request(ctx: Context<MutationCancelOrderArgs, CancellationStash>): Record<string, never> {
  if ((ctx.args.input.reason ?? '').length > MAX_REASON_LENGTH) {
    util.error(`The reason is longer than ${MAX_REASON_LENGTH} characters.`, 'INVALID_INPUT', null, { field: 'reason' });
  }
  return {};
}

/** The cancelled order, refunded when it had been paid. */
export function response(ctx: Context<MutationCancelOrderArgs, CancellationStash>): OrderRecord {
  const order = ctx.stash.updated;
  if (!order) util.error('The order was not cancelled.', 'InternalFailure');
  return order;
}
