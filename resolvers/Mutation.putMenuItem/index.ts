import { util, type Context } from '@aws-appsync/utils';
import type { MenuItem, MutationPutMenuItemArgs } from '../../generated/graphql';
import { menuItemInputProblem } from '../lib/menu-input';

/** Rejects bad input before anything is read or written. */
export function request(ctx: Context<MutationPutMenuItemArgs>): Record<string, never> {
  const problem = menuItemInputProblem(ctx.args.input);
  if (problem) util.error(problem.message, 'INVALID_INPUT', null, { field: problem.field });
  return {};
}

export function response(ctx: Context<MutationPutMenuItemArgs>): MenuItem {
  return ctx.prev.result as MenuItem;
}
