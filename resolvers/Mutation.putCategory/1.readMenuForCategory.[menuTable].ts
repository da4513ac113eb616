import { util, type Context, type DynamoDBQueryRequest } from '@aws-appsync/utils';
import { query } from '@aws-appsync/utils/dynamodb';
import type { MenuItem, MutationPutCategoryArgs } from '../../generated/graphql';
import { MENU_PARTITION, toMenu, type MenuRecord } from '../lib/menu';

export type MenuForCategory = { version: number; items: MenuItem[] };

/**
 * The whole menu, strongly consistent: its version for the edit's condition, and the category's
 * items for the answer (a category is returned with its items, as the menu query returns it).
 */
export function request(): DynamoDBQueryRequest {
  return query<MenuRecord>({ query: { pk: { eq: MENU_PARTITION } }, consistentRead: true });
}

export function response(ctx: Context<MutationPutCategoryArgs>): MenuForCategory {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const menu = toMenu((ctx.result as { items: MenuRecord[] }).items);
  const category = menu.categories.find((candidate) => candidate.id === ctx.args.input.id);
  return { version: menu.version, items: category?.items ?? [] };
}
