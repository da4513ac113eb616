import { runtime, util, type Context, type DynamoDBQueryRequest } from '@aws-appsync/utils';
import { query } from '@aws-appsync/utils/dynamodb';
import type { QueryOrderChangesSinceArgs } from '../../generated/graphql';
import type { ChangesStash } from '../lib/order-changes';
import { CHANGES_INDEX, changesPartition } from '../lib/order-keys';
import type { OrderRecord } from '../lib/order-record';

/** Only when the cursor was from an earlier day and that day is read to its end with room left. */
export function request(ctx: Context<QueryOrderChangesSinceArgs, ChangesStash>): DynamoDBQueryRequest {
  const { day, today, more, items, limit } = ctx.stash;
  if (day === today || more || items.length >= limit) runtime.earlyReturn(null);
  return query<OrderRecord>({
    index: CHANGES_INDEX,
    query: { gsi3pk: { eq: changesPartition(today) } },
    scanIndexForward: true,
    limit: limit - items.length,
  });
}

export function response(ctx: Context<QueryOrderChangesSinceArgs, ChangesStash>): null {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  ctx.stash.items = [...ctx.stash.items, ...ctx.result.items];
  ctx.stash.more = !!ctx.result.nextToken;
  return null;
}
