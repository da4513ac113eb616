import { util, type Context, type DynamoDBQueryRequest } from '@aws-appsync/utils';
import { query } from '@aws-appsync/utils/dynamodb';
import type { QueryOverdueOrdersArgs } from '../../generated/graphql';
import { BY_STATUS_INDEX, statusPartition } from '../lib/order-keys';
import { orderPageSize, toOrderPage } from '../lib/order-pages';
import type { OrderRecord } from '../lib/order-record';
import { MINUTE_MILLIS, timestampOf } from '../lib/order-time';

/**
 * READY orders that became READY before now minus the window, oldest first: in byStatus a READY
 * order's sort key starts with its readyAt, so the bound is a key condition, not a filter.
 */
export function request(ctx: Context<QueryOverdueOrdersArgs, Record<string, unknown>, { result: number }>): DynamoDBQueryRequest {
  const cutoff = timestampOf(util.time.nowEpochMilliSeconds() - ctx.prev.result * MINUTE_MILLIS);
  return query<OrderRecord>({
    index: BY_STATUS_INDEX,
    query: { gsi2pk: { eq: statusPartition('READY') }, gsi2sk: { lt: cutoff } },
    scanIndexForward: true,
    limit: orderPageSize(ctx.args.limit),
  });
}

export function response(ctx: Context<QueryOverdueOrdersArgs>): { items: OrderRecord[]; nextToken: string | null } {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return toOrderPage(ctx.result);
}
