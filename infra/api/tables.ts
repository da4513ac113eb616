import type { TableDefinition } from '../../local/src/project/definitions';

/**
 * The DynamoDB tables, by logical name. CDK creates them as TableV2; `npm start` creates the same
 * tables in DynamoDB Local (toCreateTableInput). The access patterns behind every key and index
 * are in the README's access-pattern table.
 */
export const tables = {
  // One partition, pk = "MENU": META (version), CATEGORY#<id>, ITEM#<id>. The whole menu is one
  // Query (never a Scan); a menu is far below the 1 MB a Query page holds.
  menu: {
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    billing: 'PAY_PER_REQUEST',
    pointInTimeRecovery: true,
    // Read by the menuChanges pipe: every edit becomes a Menu Item Changed / Category Changed event.
    stream: 'NEW_AND_OLD_IMAGES',
  },
  // Everything an order touches, so placing and moving an order is one transaction in one table:
  //   ORDER#<id> / ORDER                 the order
  //   ORDER#<id> / EVENT#<at>#<status>   its audit trail
  //   STORE / STORE                      open, capacity, limits, queue length
  //   CUSTOMER#<sub> / CUSTOMER          the customer's active-order count
  //   COUNTER#<date> / COUNTER           the day's order numbers
  //   IDEMPOTENCY#<sub>#<key> / IDEMPOTENCY   placeOrder retries (expire via TTL)
  //   SALES#<date> / SALES               the day's takings
  orders: {
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    billing: 'PAY_PER_REQUEST',
    pointInTimeRecovery: true,
    timeToLiveAttribute: 'expiresAt',
    // Read by the orderChanges pipe: old and new images, because an event is a move between statuses.
    stream: 'NEW_AND_OLD_IMAGES',
    globalSecondaryIndexes: [
      // My orders, newest first: CUSTOMER#<sub>, <createdAt>#<id>.
      { indexName: 'byCustomer', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } },
      // The live queue by status, oldest first: STATUS#<status>, <statusAt>#<id>.
      { indexName: 'byStatus', partitionKey: { name: 'gsi2pk', type: 'S' }, sortKey: { name: 'gsi2sk', type: 'S' } },
      // Changes of a business day in order: CHANGES#<date>, <updatedAt>#<id>.
      { indexName: 'changes', partitionKey: { name: 'gsi3pk', type: 'S' }, sortKey: { name: 'gsi3sk', type: 'S' } },
      // Sparse: only orders with a deadline the sweeper must act on (unpaid, a payment or a refund
      // under way): DUE, <dueAt>#<id>. Settled orders drop out, so the sweep reads what is due only.
      { indexName: 'byDue', partitionKey: { name: 'gsi4pk', type: 'S' }, sortKey: { name: 'gsi4sk', type: 'S' } },
    ],
  },
  // The event rollups, written only by the metrics rollup Lambda (lambdas/metrics-rollup/rollup.ts):
  //   DAY#<date> / TOTAL | HOUR#<HH> | ITEM#<id>   counters, read by Query.dailyMetrics (one Query)
  //   EVENT#<eventId> / EVENT                       an event already counted (drops redeliveries)
  metrics: {
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    billing: 'PAY_PER_REQUEST',
    pointInTimeRecovery: true,
  },
} satisfies Record<string, TableDefinition>;

export type TableName = keyof typeof tables;
