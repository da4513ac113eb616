import type { Context, LambdaRequest } from '@aws-appsync/utils';
import type { QueryBusiestHoursArgs, BusiestHours } from '../generated/graphql';
import { analyticsRequest, analyticsResponse } from './lib/analytics';

export function request(ctx: Context<QueryBusiestHoursArgs>): LambdaRequest {
  return analyticsRequest('busiestHours', ctx.args);
}

export function response(ctx: Context<QueryBusiestHoursArgs>): BusiestHours {
  return analyticsResponse<BusiestHours>(ctx);
}
