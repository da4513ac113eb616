import { util, type Context, type LambdaRequest } from '@aws-appsync/utils';
import type { AnalyticsRequest } from '../../lambdas/analytics/contract';

/**
 * The analytics fields' two halves: the request names the field and passes its typed arguments
 * to the analytics Lambda, which picks the named query (never SQL from the client); the response
 * turns the Lambda's typed refusal (a bad range, an execution that is not this query's, a failed
 * query) into the field's error.
 */
interface Answer {
  data?: unknown;
  error?: { type: string; message: string };
}

export function analyticsRequest(field: string, args: Record<string, unknown>): LambdaRequest {
  const payload: AnalyticsRequest = { field, arguments: args };
  return { operation: 'Invoke', payload };
}

export function analyticsResponse<T>(ctx: Context): T {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const answer = ctx.result as Answer;
  if (answer.error) util.error(answer.error.message, answer.error.type);
  return answer.data as T;
}
