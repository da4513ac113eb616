import { util, type Context, type DynamoDBTransactWriteItemsRequest } from '@aws-appsync/utils';
import { transactWrite } from '@aws-appsync/utils/dynamodb';
import type { MenuItem, MutationPutMenuItemArgs } from '../../generated/graphql';
import { cognitoUserId } from '../lib/identity';
import { categoryKey, defaultMilkFor, menuItemKey, toMenuItem, type MenuItemRecord } from '../lib/menu';
import { bumpMenuVersion, raiseEditFailure, versionConflict } from '../lib/menu-edit';
import { menuTableName } from '../lib/tables';

type Stash = { menuItem: MenuItemRecord };

/**
 * Puts the item, bumps the menu version and checks that the category exists, all or nothing.
 * Without an id the item is new (a fresh id); with one it replaces an existing item.
 */
export function request(ctx: Context<MutationPutMenuItemArgs, Stash, { result: number }>): DynamoDBTransactWriteItemsRequest {
  const { input } = ctx.args;
  const table = menuTableName(ctx.env);
  const expected = ctx.prev.result;
  const id = input.id ?? util.autoId();
  const updatedAt = util.time.nowISO8601();
  const updatedBy = cognitoUserId(ctx.identity);
  const milks = input.milkOptions.map((option) => option.milk);
  const record: MenuItemRecord = {
    ...menuItemKey(id),
    kind: 'ITEM',
    id,
    categoryId: input.categoryId,
    name: input.name.trim(),
    description: input.description ?? null,
    imageUrl: input.imageUrl ?? null,
    basePrice: Math.min(...input.sizes.map((option) => option.price)),
    sizes: input.sizes,
    milkOptions: input.milkOptions,
    defaultMilk: input.defaultMilk ?? defaultMilkFor(milks),
    extras: input.extras,
    available: input.available,
    sortOrder: input.sortOrder ?? 0,
    updatedAt,
    updatedBy,
    menuVersion: expected + 1,
  };
  ctx.stash.menuItem = record;
  const { pk, sk, ...item } = record;
  return transactWrite({
    items: [
      { putItem: { table, key: { pk, sk }, item, condition: { pk: { attributeExists: !!input.id } } } },
      bumpMenuVersion(table, expected, updatedAt, updatedBy),
      { conditionCheck: { table, key: categoryKey(input.categoryId), condition: { pk: { attributeExists: true } } } },
    ],
  });
}

export function response(ctx: Context<MutationPutMenuItemArgs, Stash>): MenuItem {
  const replacing = !!ctx.args.input.id;
  raiseEditFailure(ctx, [
    { index: 2, type: 'UNKNOWN_CATEGORY', message: `Category ${ctx.args.input.categoryId} does not exist.` },
    replacing
      ? { index: 0, type: 'UNKNOWN_MENU_ITEM', message: `Menu item ${ctx.args.input.id} does not exist.` }
      : { index: 0, type: 'INVALID_INPUT', message: 'The generated id is taken; nothing was saved. Try again.' },
    versionConflict(1),
  ]);
  return toMenuItem(ctx.stash.menuItem);
}
