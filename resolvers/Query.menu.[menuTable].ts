import { util, type Context, type DynamoDBQueryRequest } from '@aws-appsync/utils';
import { query } from '@aws-appsync/utils/dynamodb';
import type { Menu } from '../generated/graphql';
import { MENU_PARTITION, toMenu, type MenuRecord } from './lib/menu';

/**
 * The whole menu in ONE Query of the menu partition: META, categories and items together. A menu
 * stays far below the 1 MB a Query page holds, so there is no second page to fetch.
 */
export function request(): DynamoDBQueryRequest {
  return query<MenuRecord>({ query: { pk: { eq: MENU_PARTITION } } });
}

export function response(ctx: Context): Menu {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const { items } = ctx.result as { items: MenuRecord[] };
  return toMenu(items);
}
