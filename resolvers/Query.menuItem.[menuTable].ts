import { util, type Context, type DynamoDBGetItemRequest } from '@aws-appsync/utils';
import { get } from '@aws-appsync/utils/dynamodb';
import type { MenuItem, QueryMenuItemArgs } from '../generated/graphql';
import { menuItemKey, toMenuItem, type MenuItemRecord } from './lib/menu';

export function request(ctx: Context<QueryMenuItemArgs>): DynamoDBGetItemRequest {
  return get<MenuItemRecord>({ key: menuItemKey(ctx.args.id) });
}

/** null when no item has that id. */
export function response(ctx: Context<QueryMenuItemArgs>): MenuItem | null {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const record = ctx.result as MenuItemRecord | null;
  return record ? toMenuItem(record) : null;
}
