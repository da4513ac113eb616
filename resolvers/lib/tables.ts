import { util } from '@aws-appsync/utils';

/**
 * Physical table names, from the API's environment variables (ctx.env). A unit request names no
 * table (the data source does), but a TransactWriteItems / TransactGetItems / Batch* request must
 * name each table, and the names exist only once CDK or `npm start` has created the tables:
 * infra/api/environment.ts maps MENU_TABLE and ORDERS_TABLE to them.
 */
export function menuTableName(env: Record<string, string>): string {
  return tableName(env, 'MENU_TABLE');
}

export function ordersTableName(env: Record<string, string>): string {
  return tableName(env, 'ORDERS_TABLE');
}

function tableName(env: Record<string, string>, key: string): string {
  const name = env[key];
  if (!name) util.error(`The API has no environment variable ${key}.`, 'MisconfiguredApi');
  return name;
}
