import { util, type Context } from '@aws-appsync/utils';
import type { QueryOverdueOrdersArgs } from '../../generated/graphql';
import type { OrderRecord } from '../lib/order-record';

export function request(): Record<string, never> {
  return {};
}

export function response(ctx: Context<QueryOverdueOrdersArgs>): { items: OrderRecord[]; nextToken: string | null } {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return ctx.prev.result;
}
