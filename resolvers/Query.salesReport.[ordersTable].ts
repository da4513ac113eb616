import { util, type Context, type DynamoDBGetItemRequest } from '@aws-appsync/utils';
import { get } from '@aws-appsync/utils/dynamodb';
import type { QuerySalesReportArgs, SalesReport } from '../generated/graphql';
import { ORDER_CURRENCY } from './lib/order-pricing';
import { salesKey, toSalesReport, type SalesRecord } from './lib/sales';

type Stash = { businessDate: string };

/**
 * One GetItem of the day's SALES item (lib/sales.ts says who writes it). Without a date: today,
 * the UTC date, as everywhere in the order domain. Managers only (schema).
 */
export function request(ctx: Context<QuerySalesReportArgs, Stash>): DynamoDBGetItemRequest {
  ctx.stash.businessDate = ctx.args.businessDate ?? util.time.nowFormatted('yyyy-MM-dd', 'UTC');
  return get<SalesRecord>({ key: salesKey(ctx.stash.businessDate) });
}

export function response(ctx: Context<QuerySalesReportArgs, Stash>): SalesReport {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return toSalesReport(ctx.result as SalesRecord | null, ctx.stash.businessDate, ORDER_CURRENCY);
}
