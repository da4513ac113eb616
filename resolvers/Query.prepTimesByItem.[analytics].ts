import type { Context, LambdaRequest } from '@aws-appsync/utils';
import type { QueryPrepTimesByItemArgs, PrepTimesByItem } from '../generated/graphql';
import { analyticsRequest, analyticsResponse } from './lib/analytics';

export function request(ctx: Context<QueryPrepTimesByItemArgs>): LambdaRequest {
  return analyticsRequest('prepTimesByItem', ctx.args);
}

export function response(ctx: Context<QueryPrepTimesByItemArgs>): PrepTimesByItem {
  return analyticsResponse<PrepTimesByItem>(ctx);
}
