import { util, type Context, type DynamoDBQueryRequest } from '@aws-appsync/utils';
import { query } from '@aws-appsync/utils/dynamodb';
import type { OrderEvent } from '../generated/graphql';
import { EVENT_PREFIX, orderKey } from './lib/order-keys';
import { toOrderEvent, type OrderEventRecord, type OrderRecord } from './lib/order-record';

/** The most events an order can have: one per status it can pass through, with room to spare. */
const MAX_EVENTS = 50;

/** The audit trail, oldest first: the order's own partition, sort keys EVENT#<at>#<status>. */
export function request(ctx: Context<unknown, Record<string, unknown>, undefined, Pick<OrderRecord, 'id'>>): DynamoDBQueryRequest {
  const order = ctx.source as Pick<OrderRecord, 'id'>;
  return query<OrderEventRecord>({
    query: { pk: { eq: orderKey(order.id).pk }, sk: { beginsWith: EVENT_PREFIX } },
    scanIndexForward: true,
    consistentRead: true,
    limit: MAX_EVENTS,
  });
}

export function response(ctx: Context): OrderEvent[] {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return (ctx.result.items as OrderEventRecord[]).map((record) => toOrderEvent(record));
}
