import type { DataSourceDefinition } from '../../local/src/project/definitions';
import type { FunctionName } from './functions';
import type { TableName } from './tables';

/**
 * The AppSync data sources, by name; resolver file names refer to these names
 * (`Query.menu.[menuTable].ts`). NONE backs `[NONE]` resolvers.
 */
export const dataSources = {
  menuTable: { type: 'AMAZON_DYNAMODB', table: 'menu' satisfies TableName, access: 'readWrite' },
  ordersTable: { type: 'AMAZON_DYNAMODB', table: 'orders' satisfies TableName, access: 'readWrite' },
  // The API only reads the rollups; the rollup Lambda writes them.
  metricsTable: { type: 'AMAZON_DYNAMODB', table: 'metrics' satisfies TableName, access: 'read' },
  payments: { type: 'AWS_LAMBDA', function: 'payments' satisfies FunctionName },
  analytics: { type: 'AWS_LAMBDA', function: 'analytics' satisfies FunctionName },
  NONE: { type: 'NONE' },
} satisfies Record<string, DataSourceDefinition>;
