import type { Context, LambdaRequest } from '@aws-appsync/utils';
import type { QueryItemSalesArgs, ItemSalesReport } from '../generated/graphql';
import { analyticsRequest, analyticsResponse } from './lib/analytics';

export function request(ctx: Context<QueryItemSalesArgs>): LambdaRequest {
  return analyticsRequest('itemSales', ctx.args);
}

export function response(ctx: Context<QueryItemSalesArgs>): ItemSalesReport {
  return analyticsResponse<ItemSalesReport>(ctx);
}
