import { util, type Context, type DynamoDBQueryRequest } from '@aws-appsync/utils';
import { query } from '@aws-appsync/utils/dynamodb';
import type { QueryDueOrdersArgs } from '../generated/graphql';
import { BY_DUE_INDEX, DUE_PARTITION } from './lib/order-keys';
import { orderPageSize, toOrderPage } from './lib/order-pages';
import type { OrderRecord } from './lib/order-record';
import { nowTimestamp } from './lib/order-time';

/**
 * Orders whose deadline has passed, oldest first: an unpaid order at the end of its payment
 * window, a payment lock or refund hold gone stale. byDue is sparse (only orders in those
 * states carry its keys) and sorted by the deadline, so the bound is a key condition.
 */
export function request(ctx: Context<QueryDueOrdersArgs>): DynamoDBQueryRequest {
  return query<OrderRecord>({
    index: BY_DUE_INDEX,
    query: { gsi4pk: { eq: DUE_PARTITION }, gsi4sk: { lt: nowTimestamp() } },
    scanIndexForward: true,
    limit: orderPageSize(ctx.args.limit),
  });
}

export function response(ctx: Context<QueryDueOrdersArgs>): { items: OrderRecord[]; nextToken: string | null } {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return toOrderPage(ctx.result);
}
