import { util, type Context, type DynamoDBQueryRequest } from '@aws-appsync/utils';
import { query } from '@aws-appsync/utils/dynamodb';
import type { QueryOrderChangesSinceArgs } from '../../generated/graphql';
import type { ChangesStash } from '../lib/order-changes';
import { CHANGES_INDEX, changesPartition } from '../lib/order-keys';
import type { OrderRecord } from '../lib/order-record';

export function request(ctx: Context<QueryOrderChangesSinceArgs, ChangesStash>): DynamoDBQueryRequest {
  const { day, after, limit } = ctx.stash;
  return query<OrderRecord>({
    index: CHANGES_INDEX,
    query: after ? { gsi3pk: { eq: changesPartition(day) }, gsi3sk: { gt: after } } : { gsi3pk: { eq: changesPartition(day) } },
    scanIndexForward: true,
    limit,
  });
}

export function response(ctx: Context<QueryOrderChangesSinceArgs, ChangesStash>): null {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  ctx.stash.items = ctx.result.items;
  ctx.stash.more = !!ctx.result.nextToken;
  return null;
}
