import type { Context } from '@aws-appsync/utils';
import type { MenuItem, MutationSetMenuItemAvailabilityArgs } from '../../generated/graphql';

export function request(): Record<string, never> {
  return {};
}

export function response(ctx: Context<MutationSetMenuItemAvailabilityArgs>): MenuItem {
  return ctx.prev.result as MenuItem;
}
