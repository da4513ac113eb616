import { runtime, util, type Context, type DynamoDBBatchGetItemRequest } from '@aws-appsync/utils';
import type { MutationPlaceOrderArgs } from '../../generated/graphql';
import { categoryKey, type CategoryRecord } from '../lib/menu';
import type { PlacementStash } from '../lib/order-placement';
import { categoryIdsOf, withCategoryNames } from '../lib/order-pricing';
import { menuTableName } from '../lib/tables';

type Found = { data: Record<string, (CategoryRecord | null)[]>; unprocessedKeys: Record<string, unknown[]> };

/**
 * The categories of the priced lines' items (at most one per line, 20 at most), for their names:
 * each line keeps the category it was sold under, so the order events carry it and sales by
 * category read only their range's partitions (analytics/README.md "The queries").
 */
export function request(ctx: Context<MutationPlaceOrderArgs, PlacementStash>): DynamoDBBatchGetItemRequest {
  const { existingOrderId, priced } = ctx.stash;
  if (existingOrderId || !priced) runtime.earlyReturn(null);
  const ids = categoryIdsOf(priced);
  // BatchGetItem refuses an empty key list; every menu item has a category, so this is defensive.
  if (ids.length === 0) runtime.earlyReturn(null);
  const keys = ids.map((id) => util.dynamodb.toMapValues(categoryKey(id)));
  return { operation: 'BatchGetItem', tables: { [menuTableName(ctx.env)]: { keys, consistentRead: true } } };
}

export function response(ctx: Context<MutationPlaceOrderArgs, PlacementStash>): null {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const table = menuTableName(ctx.env);
  const found = ctx.result as Found;
  if ((found.unprocessedKeys[table] ?? []).length > 0) util.error('The menu could not be read; try again.', 'DynamoDB:ProvisionedThroughputExceededException');
  const categories = (found.data[table] ?? []).filter((category) => category !== null) as CategoryRecord[];
  ctx.stash.priced = withCategoryNames(ctx.stash.priced as NonNullable<PlacementStash['priced']>, categories);
  return null;
}
