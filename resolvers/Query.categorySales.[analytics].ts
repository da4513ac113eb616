import type { Context, LambdaRequest } from '@aws-appsync/utils';
import type { QueryCategorySalesArgs, CategorySalesReport } from '../generated/graphql';
import { analyticsRequest, analyticsResponse } from './lib/analytics';

export function request(ctx: Context<QueryCategorySalesArgs>): LambdaRequest {
  return analyticsRequest('categorySales', ctx.args);
}

export function response(ctx: Context<QueryCategorySalesArgs>): CategorySalesReport {
  return analyticsResponse<CategorySalesReport>(ctx);
}
