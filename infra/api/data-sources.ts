import type { DataSourceDefinition } from '../../local/src/project/definitions';
import type { TableName } from './tables';

/**
 * The AppSync data sources, by name; resolver file names refer to these names
 * (`Query.menu.[menuTable].ts`). NONE backs `[NONE]` resolvers.
 */
export const dataSources = {
  menuTable: { type: 'AMAZON_DYNAMODB', table: 'menu' satisfies TableName, access: 'readWrite' },
  ordersTable: { type: 'AMAZON_DYNAMODB', table: 'orders' satisfies TableName, access: 'readWrite' },
  payments: {
    type: 'AWS_LAMBDA',
    handler: 'lambdas/payments/handler.ts',
    export: 'handler',
    timeoutSeconds: 10,
  },
  NONE: { type: 'NONE' },
} satisfies Record<string, DataSourceDefinition>;
