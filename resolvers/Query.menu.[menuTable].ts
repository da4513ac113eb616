import { util, type Context, type DynamoDBQueryRequest } from '@aws-appsync/utils';
import { query } from '@aws-appsync/utils/dynamodb';
import type { MenuItemPage, QueryMenuArgs } from '../generated/graphql';
import { MENU_PARTITION, pageSize, type MenuRecord } from './lib/menu';

export function request(ctx: Context<QueryMenuArgs>): DynamoDBQueryRequest {
  const { limit, nextToken } = ctx.args;
  return query<MenuRecord>({ query: { pk: { eq: MENU_PARTITION } }, limit: pageSize(limit), nextToken });
}

export function response(ctx: Context<QueryMenuArgs>): MenuItemPage {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const { items, nextToken } = ctx.result;
  return { items, nextToken: nextToken ?? null };
}
