import { util, type Context, type DynamoDBQueryRequest } from '@aws-appsync/utils';
import { query } from '@aws-appsync/utils/dynamodb';
import type { QueryMyOrdersArgs } from '../generated/graphql';
import { cognitoUserId } from './lib/identity';
import { BY_CUSTOMER_INDEX, customerPartition } from './lib/order-keys';
import { orderPageSize, toOrderPage } from './lib/order-pages';
import type { OrderRecord } from './lib/order-record';

/** The caller's orders, newest first, through byCustomer; the caller is the token's sub. */
export function request(ctx: Context<QueryMyOrdersArgs>): DynamoDBQueryRequest {
  return query<OrderRecord>({
    index: BY_CUSTOMER_INDEX,
    query: { gsi1pk: { eq: customerPartition(cognitoUserId(ctx.identity)) } },
    scanIndexForward: false,
    limit: orderPageSize(ctx.args.limit),
    nextToken: ctx.args.nextToken,
  });
}

export function response(ctx: Context<QueryMyOrdersArgs>): { items: OrderRecord[]; nextToken: string | null } {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return toOrderPage(ctx.result);
}
