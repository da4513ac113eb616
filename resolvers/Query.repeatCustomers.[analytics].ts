import type { Context, LambdaRequest } from '@aws-appsync/utils';
import type { QueryRepeatCustomersArgs, RepeatCustomers } from '../generated/graphql';
import { analyticsRequest, analyticsResponse } from './lib/analytics';

export function request(ctx: Context<QueryRepeatCustomersArgs>): LambdaRequest {
  return analyticsRequest('repeatCustomers', ctx.args);
}

export function response(ctx: Context<QueryRepeatCustomersArgs>): RepeatCustomers {
  return analyticsResponse<RepeatCustomers>(ctx);
}
