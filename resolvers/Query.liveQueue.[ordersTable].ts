import { util, type Context, type DynamoDBQueryRequest } from '@aws-appsync/utils';
import { query } from '@aws-appsync/utils/dynamodb';
import type { QueryLiveQueueArgs } from '../generated/graphql';
import { requireStaff } from './lib/order-access';
import { BY_STATUS_INDEX, statusPartition } from './lib/order-keys';
import { orderPageSize, toOrderPage } from './lib/order-pages';
import type { OrderRecord } from './lib/order-record';

/** One column of the barista's board: orders in a status, oldest first, through byStatus. */
export function request(ctx: Context<QueryLiveQueueArgs>): DynamoDBQueryRequest {
  requireStaff(ctx.identity);
  return query<OrderRecord>({
    index: BY_STATUS_INDEX,
    query: { gsi2pk: { eq: statusPartition(ctx.args.status) } },
    scanIndexForward: true,
    limit: orderPageSize(ctx.args.limit),
    nextToken: ctx.args.nextToken,
  });
}

export function response(ctx: Context<QueryLiveQueueArgs>): { items: OrderRecord[]; nextToken: string | null } {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return toOrderPage(ctx.result);
}
