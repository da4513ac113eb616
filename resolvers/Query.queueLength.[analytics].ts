import type { Context, LambdaRequest } from '@aws-appsync/utils';
import type { QueryQueueLengthArgs, QueueLengthSeries } from '../generated/graphql';
import { analyticsRequest, analyticsResponse } from './lib/analytics';

export function request(ctx: Context<QueryQueueLengthArgs>): LambdaRequest {
  return analyticsRequest('queueLength', ctx.args);
}

export function response(ctx: Context<QueryQueueLengthArgs>): QueueLengthSeries {
  return analyticsResponse<QueueLengthSeries>(ctx);
}
