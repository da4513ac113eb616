import type { Context, LambdaRequest } from '@aws-appsync/utils';
import type { QueryOrderFunnelArgs, OrderFunnel } from '../generated/graphql';
import { analyticsRequest, analyticsResponse } from './lib/analytics';

export function request(ctx: Context<QueryOrderFunnelArgs>): LambdaRequest {
  return analyticsRequest('orderFunnel', ctx.args);
}

export function response(ctx: Context<QueryOrderFunnelArgs>): OrderFunnel {
  return analyticsResponse<OrderFunnel>(ctx);
}
