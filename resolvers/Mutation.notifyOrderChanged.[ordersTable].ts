import { util, type Context, type DynamoDBGetItemRequest } from '@aws-appsync/utils';
import { get } from '@aws-appsync/utils/dynamodb';
import type { MutationNotifyOrderChangedArgs } from '../generated/graphql';
import { orderKey } from './lib/order-keys';
import type { OrderRecord } from './lib/order-record';
import { orderNotFound } from './lib/order-transitions';

/**
 * A read dressed as a mutation: AppSync publishes a mutation's result to the subscriptions that
 * name it, and this one exists to be named. The order is read as it is now (a consistent read),
 * so a late or repeated run publishes the latest state, which clients keep by version.
 */
export function request(ctx: Context<MutationNotifyOrderChangedArgs>): DynamoDBGetItemRequest {
  return get<OrderRecord>({ key: orderKey(ctx.args.orderId), consistentRead: true });
}

export function response(ctx: Context<MutationNotifyOrderChangedArgs>): OrderRecord {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const order = ctx.result as OrderRecord | null;
  if (!order) orderNotFound(ctx.args.orderId);
  return order;
}
