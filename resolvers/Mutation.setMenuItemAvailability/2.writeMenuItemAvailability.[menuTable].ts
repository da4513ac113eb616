import { util, type Context, type DynamoDBTransactWriteItemsRequest } from '@aws-appsync/utils';
import { transactWrite } from '@aws-appsync/utils/dynamodb';
import type { MenuItem, MutationSetMenuItemAvailabilityArgs } from '../../generated/graphql';
import { cognitoUserId } from '../lib/identity';
import { menuItemKey, toMenuItem, type MenuItemRecord } from '../lib/menu';
import { bumpMenuVersion, raiseEditFailure, versionConflict } from '../lib/menu-edit';
import { menuTableName } from '../lib/tables';
import type { LoadedMenuItem } from './1.loadMenuItemForAvailability.[menuTable]';

type Stash = { menuItem: MenuItemRecord };

/** Marks the item available or sold out and bumps the menu version, all or nothing. */
export function request(ctx: Context<MutationSetMenuItemAvailabilityArgs, Stash, { result: LoadedMenuItem }>): DynamoDBTransactWriteItemsRequest {
  const table = menuTableName(ctx.env);
  const { version: expected, item } = ctx.prev.result;
  const updatedAt = util.time.nowISO8601();
  const updatedBy = cognitoUserId(ctx.identity);
  const change = { available: ctx.args.available, updatedAt, updatedBy, menuVersion: expected + 1 };
  ctx.stash.menuItem = { ...item, ...change };
  return transactWrite({
    items: [
      { updateItem: { table, key: menuItemKey(ctx.args.id), update: change, condition: { pk: { attributeExists: true } } } },
      bumpMenuVersion(table, expected, updatedAt, updatedBy),
    ],
  });
}

export function response(ctx: Context<MutationSetMenuItemAvailabilityArgs, Stash>): MenuItem {
  raiseEditFailure(ctx, [
    { index: 0, type: 'UNKNOWN_MENU_ITEM', message: `Menu item ${ctx.args.id} does not exist.` },
    versionConflict(1),
  ]);
  return toMenuItem(ctx.stash.menuItem);
}
