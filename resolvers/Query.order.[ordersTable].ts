import { util, type Context, type DynamoDBGetItemRequest } from '@aws-appsync/utils';
import { get } from '@aws-appsync/utils/dynamodb';
import type { QueryOrderArgs } from '../generated/graphql';
import { canSeeOrder } from './lib/order-access';
import { orderKey } from './lib/order-keys';
import type { OrderRecord } from './lib/order-record';
import { orderNotFound } from './lib/order-transitions';

export function request(ctx: Context<QueryOrderArgs>): DynamoDBGetItemRequest {
  return get<OrderRecord>({ key: orderKey(ctx.args.id), consistentRead: true });
}

/** For its owner and for staff; to anyone else it does not exist (ORDER_NOT_FOUND, as for an unknown id). */
export function response(ctx: Context<QueryOrderArgs>): OrderRecord {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const order = ctx.result as OrderRecord | null;
  if (!order || !canSeeOrder(ctx.identity, order.customerId)) orderNotFound(ctx.args.id);
  return order;
}
