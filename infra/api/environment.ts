import type { EnvironmentValue } from '../../local/src/project/definitions';
import type { TableName } from './tables';

/**
 * The API's environment variables (ctx.env). Transactions and batch requests must name their
 * tables, unlike unit requests, whose data source names the table; resolvers/lib/tables.ts reads
 * these. CDK resolves each to the deployed table's name, `npm start` to its local one.
 */
export const environmentVariables = {
  MENU_TABLE: { tableName: 'menu' satisfies TableName },
  ORDERS_TABLE: { tableName: 'orders' satisfies TableName },
  // How long a payment lock or a refund hold may stay without an outcome before the sweeper asks
  // the gateway what happened (settleOrder). Above AppSync's 30 s request limit, so no request
  // that took the lock can still be charging when the lock is judged stale.
  PAYMENT_LOCK_SECONDS: '120',
} satisfies Record<string, EnvironmentValue>;
