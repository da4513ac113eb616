import type { Context, NONERequest } from '@aws-appsync/utils';
import type { AnalyticsExecution, MutationPublishAnalyticsExecutionArgs } from '../generated/graphql';

/**
 * A notice dressed as a mutation: AppSync publishes a mutation's result to the subscriptions that
 * name it, and this one exists to be named by onAnalyticsExecution. Only EventBridge's AppSync
 * target calls it (IAM, its role may run nothing else), for an Athena query state change.
 */
export function request(ctx: Context<MutationPublishAnalyticsExecutionArgs>): NONERequest {
  return { payload: { executionId: ctx.args.executionId, state: ctx.args.state } };
}

export function response(ctx: Context<MutationPublishAnalyticsExecutionArgs>): AnalyticsExecution {
  return ctx.result as AnalyticsExecution;
}
