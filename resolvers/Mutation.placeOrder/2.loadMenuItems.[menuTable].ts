import { runtime, util, type Context, type DynamoDBBatchGetItemRequest } from '@aws-appsync/utils';
import type { MutationPlaceOrderArgs } from '../../generated/graphql';
import { menuItemKey, type MenuItemRecord } from '../lib/menu';
import type { PlacementStash } from '../lib/order-placement';
import { menuItemIdsOf, priceOrder } from '../lib/order-pricing';
import { menuTableName } from '../lib/tables';

type Found = { data: Record<string, (MenuItemRecord | null)[]>; unprocessedKeys: Record<string, unknown[]> };

/** The menu items the lines name (at most 20 distinct ids, far below BatchGetItem's 100). */
export function request(ctx: Context<MutationPlaceOrderArgs, PlacementStash>): DynamoDBBatchGetItemRequest {
  if (ctx.stash.existingOrderId) runtime.earlyReturn(null);
  const keys = menuItemIdsOf(ctx.args.input).map((id) => util.dynamodb.toMapValues(menuItemKey(id)));
  return { operation: 'BatchGetItem', tables: { [menuTableName(ctx.env)]: { keys, consistentRead: true } } };
}

/** Prices and checks every line against the menu as it is now. */
export function response(ctx: Context<MutationPlaceOrderArgs, PlacementStash>): null {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const table = menuTableName(ctx.env);
  const found = ctx.result as Found;
  if ((found.unprocessedKeys[table] ?? []).length > 0) util.error('The menu could not be read; try again.', 'DynamoDB:ProvisionedThroughputExceededException');
  const items = (found.data[table] ?? []).filter((item) => item !== null) as MenuItemRecord[];
  ctx.stash.priced = priceOrder(ctx.args.input, items);
  return null;
}
