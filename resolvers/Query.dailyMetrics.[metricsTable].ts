import { util, type Context, type DynamoDBQueryRequest } from '@aws-appsync/utils';
import { query } from '@aws-appsync/utils/dynamodb';
import type { DailyMetrics, QueryDailyMetricsArgs } from '../generated/graphql';
import { toDailyMetrics, type MetricsRecord } from './lib/metrics';
import { businessDateOf, nowTimestamp } from './lib/order-time';

/** One Query of the day's partition: its TOTAL, HOUR# and ITEM# rows (a few dozen items). */
export function request(ctx: Context<QueryDailyMetricsArgs>): DynamoDBQueryRequest {
  const businessDate = ctx.args.businessDate ?? businessDateOf(nowTimestamp());
  ctx.stash.businessDate = businessDate;
  return query<MetricsRecord>({ query: { pk: { eq: `DAY#${businessDate}` } }, limit: 200 });
}

export function response(ctx: Context<QueryDailyMetricsArgs>): DailyMetrics {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const { items } = ctx.result as { items: MetricsRecord[] };
  return toDailyMetrics(ctx.stash.businessDate as string, items);
}
