import { util, type Context } from '@aws-appsync/utils';
import type { Category, MutationPutCategoryArgs } from '../../generated/graphql';
import { categoryInputProblem } from '../lib/menu-input';

/** Rejects bad input before anything is read or written. */
export function request(ctx: Context<MutationPutCategoryArgs>): Record<string, never> {
  const problem = categoryInputProblem(ctx.args.input);
  if (problem) util.error(problem.message, 'INVALID_INPUT', null, { field: problem.field });
  return {};
}

export function response(ctx: Context<MutationPutCategoryArgs>): Category {
  return ctx.prev.result as Category;
}
