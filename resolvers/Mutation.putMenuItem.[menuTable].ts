import { util, type Context, type DynamoDBPutItemRequest } from '@aws-appsync/utils';
import { put } from '@aws-appsync/utils/dynamodb';
import type { MutationPutMenuItemArgs } from '../generated/graphql';
import { cognitoUserId } from './lib/identity';
import { menuKey, type MenuRecord } from './lib/menu';

export function request(ctx: Context<MutationPutMenuItemArgs>): DynamoDBPutItemRequest {
  const { id, ...values } = ctx.args.input;
  const itemId = id ?? util.autoId();
  const item = { ...values, updatedAt: util.time.nowISO8601(), updatedBy: cognitoUserId(ctx.identity) };
  // Without an id the item is new and its id must be free; with one, the item must exist.
  return put<MenuRecord>({ key: menuKey(itemId), item, condition: { id: { attributeExists: !!id } } });
}

export { response } from './lib/response';
