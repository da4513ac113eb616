import { util, type Context, type DynamoDBTransactWriteItemsRequest } from '@aws-appsync/utils';
import { transactWrite } from '@aws-appsync/utils/dynamodb';
import type { Category, MutationPutCategoryArgs } from '../../generated/graphql';
import { cognitoUserId } from '../lib/identity';
import { categoryKey, type CategoryRecord } from '../lib/menu';
import { bumpMenuVersion, raiseEditFailure, versionConflict } from '../lib/menu-edit';
import { menuTableName } from '../lib/tables';
import type { MenuForCategory } from './1.readMenuForCategory.[menuTable]';

type Stash = { category: CategoryRecord; items: MenuForCategory['items'] };

/**
 * Puts the category and bumps the menu version, all or nothing. Without an id the category is
 * new (a fresh id); with one it replaces an existing category. Its items keep their categoryId.
 */
export function request(ctx: Context<MutationPutCategoryArgs, Stash, { result: MenuForCategory }>): DynamoDBTransactWriteItemsRequest {
  const { input } = ctx.args;
  const table = menuTableName(ctx.env);
  const expected = ctx.prev.result.version;
  const id = input.id ?? util.autoId();
  const updatedAt = util.time.nowISO8601();
  const updatedBy = cognitoUserId(ctx.identity);
  const record: CategoryRecord = {
    ...categoryKey(id),
    kind: 'CATEGORY',
    id,
    name: input.name.trim(),
    sortOrder: input.sortOrder,
    updatedAt,
    updatedBy,
    menuVersion: expected + 1,
  };
  ctx.stash.category = record;
  ctx.stash.items = ctx.prev.result.items;
  const { pk, sk, ...item } = record;
  return transactWrite({
    items: [
      { putItem: { table, key: { pk, sk }, item, condition: { pk: { attributeExists: !!input.id } } } },
      bumpMenuVersion(table, expected, updatedAt, updatedBy),
    ],
  });
}

/** The category as saved, with its items as they were read in step 1. */
export function response(ctx: Context<MutationPutCategoryArgs, Stash>): Category {
  raiseEditFailure(ctx, [
    ctx.args.input.id
      ? { index: 0, type: 'UNKNOWN_CATEGORY', message: `Category ${ctx.args.input.id} does not exist.` }
      : { index: 0, type: 'INVALID_INPUT', message: 'The generated id is taken; nothing was saved. Try again.' },
    versionConflict(1),
  ]);
  const { id, name, sortOrder } = ctx.stash.category;
  return { id, name, sortOrder, items: ctx.stash.items };
}
