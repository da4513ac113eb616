import { util, type AppSyncIdentityCognito, type Context, type NONERequest } from '@aws-appsync/utils';
import type { SubscriptionOnAnalyticsExecutionArgs } from '../generated/graphql';

export function request(): NONERequest {
  return { payload: null };
}

/**
 * Managers only (the schema's directive says so; refused here too, the second lock). The
 * executionId argument is AppSync's own filter: a subscriber hears of its execution only.
 */
export function response(ctx: Context<SubscriptionOnAnalyticsExecutionArgs>): null {
  const groups = (ctx.identity as AppSyncIdentityCognito | null)?.groups ?? [];
  if (!groups.includes('Managers')) util.unauthorized();
  return null;
}
