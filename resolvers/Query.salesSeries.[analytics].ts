import type { Context, LambdaRequest } from '@aws-appsync/utils';
import type { QuerySalesSeriesArgs, SalesSeries } from '../generated/graphql';
import { analyticsRequest, analyticsResponse } from './lib/analytics';

export function request(ctx: Context<QuerySalesSeriesArgs>): LambdaRequest {
  return analyticsRequest('salesSeries', ctx.args);
}

export function response(ctx: Context<QuerySalesSeriesArgs>): SalesSeries {
  return analyticsResponse<SalesSeries>(ctx);
}
