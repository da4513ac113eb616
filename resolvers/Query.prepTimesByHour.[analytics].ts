import type { Context, LambdaRequest } from '@aws-appsync/utils';
import type { QueryPrepTimesByHourArgs, PrepTimesByHour } from '../generated/graphql';
import { analyticsRequest, analyticsResponse } from './lib/analytics';

export function request(ctx: Context<QueryPrepTimesByHourArgs>): LambdaRequest {
  return analyticsRequest('prepTimesByHour', ctx.args);
}

export function response(ctx: Context<QueryPrepTimesByHourArgs>): PrepTimesByHour {
  return analyticsResponse<PrepTimesByHour>(ctx);
}
