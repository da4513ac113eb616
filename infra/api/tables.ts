import type { TableDefinition } from '../../local/src/project/definitions';

/**
 * The DynamoDB tables, by logical name. CDK creates them as TableV2; `npm start` creates the same
 * tables in DynamoDB Local (toCreateTableInput).
 */
export const tables = {
  // Every menu item sits in the partition pk = "MENU", so the menu is one Query (never a Scan)
  // and a page is in id order. A menu is small; split the partition if it ever is not.
  menu: {
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'id', type: 'S' },
    billing: 'PAY_PER_REQUEST',
    pointInTimeRecovery: true,
  },
} satisfies Record<string, TableDefinition>;

export type TableName = keyof typeof tables;
