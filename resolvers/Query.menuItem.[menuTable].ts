import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import { get } from '@aws-appsync/utils/dynamodb';
import type { QueryMenuItemArgs } from '../generated/graphql';
import { menuKey, type MenuRecord } from './lib/menu';

export function request(ctx: Context<QueryMenuItemArgs>): DynamoDBGetItemRequest {
  return get<MenuRecord>({ key: menuKey(ctx.args.id) });
}

export { response } from './lib/response';
