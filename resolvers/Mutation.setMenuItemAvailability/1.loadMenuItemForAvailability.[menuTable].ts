import { util, type Context, type DynamoDBTransactGetItemsRequest } from '@aws-appsync/utils';
import { transactGet } from '@aws-appsync/utils/dynamodb';
import type { MutationSetMenuItemAvailabilityArgs } from '../../generated/graphql';
import { menuItemKey, menuMetaKey, type MenuItemRecord, type MenuMetaRecord } from '../lib/menu';
import { menuTableName } from '../lib/tables';

export type LoadedMenuItem = { version: number; item: MenuItemRecord };

/** META and the item in one consistent read: the version to condition on, the item to answer with. */
export function request(ctx: Context<MutationSetMenuItemAvailabilityArgs>): DynamoDBTransactGetItemsRequest {
  const table = menuTableName(ctx.env);
  return transactGet({ items: [{ table, key: menuMetaKey() }, { table, key: menuItemKey(ctx.args.id) }] });
}

export function response(ctx: Context<MutationSetMenuItemAvailabilityArgs>): LoadedMenuItem {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const [meta, item] = (ctx.result as { items: [MenuMetaRecord | null, MenuItemRecord | null] }).items;
  if (!item) util.error(`Menu item ${ctx.args.id} does not exist.`, 'UNKNOWN_MENU_ITEM');
  return { version: meta?.version ?? 0, item };
}
