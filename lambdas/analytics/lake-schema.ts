/**
 * The lake's table: the columns of one event as the `analytics` delivery stream writes it (the
 * EventBridge envelope, one JSON line per event; see schema/events/). One definition, read by
 * infra/lib/analytics.ts (the Glue table Athena reads) and by the DuckDB runner (read_json's
 * columns), so both engines see the same names and types. `detail` is the union of every event's
 * detail: a field an event lacks reads as NULL.
 */
export type LakeType = 'string' | 'bigint' | 'int' | 'boolean' | { struct: Record<string, LakeType> } | { array: LakeType };

export interface LakeColumn {
  /** The column's name in SQL. */
  name: string;
  /** The JSON key, where it is not a valid unquoted identifier (`detail-type`). */
  jsonKey?: string;
  type: LakeType;
}

const line: LakeType = {
  struct: {
    menuItemId: 'string',
    name: 'string',
    size: 'string',
    milk: 'string',
    quantity: 'int',
    unitPrice: 'bigint',
    lineTotal: 'bigint',
    extras: { array: { struct: { id: 'string', quantity: 'int' } } },
    // The category when ordered (sales_by_category); NULL in events written before lines carried it.
    categoryId: 'string',
    categoryName: 'string',
  },
};

const detail: LakeType = {
  struct: {
    schemaVersion: 'int',
    eventId: 'string',
    occurredAt: 'string',
    // Orders and payments (order-detail.schema.json).
    orderId: 'string',
    version: 'bigint',
    customerId: 'string',
    businessDate: 'string',
    orderNumber: 'bigint',
    status: 'string',
    previousStatus: 'string',
    total: 'bigint',
    currency: 'string',
    itemCount: 'int',
    lines: { array: line },
    createdAt: 'string',
    paidAt: 'string',
    preparingAt: 'string',
    readyAt: 'string',
    collectedAt: 'string',
    reason: 'string',
    refund: { struct: { amount: 'bigint', currency: 'string' } },
    // Menu (menu-item-detail, category-detail).
    itemId: 'string',
    categoryId: 'string',
    name: 'string',
    available: 'boolean',
    removed: 'boolean',
    menuVersion: 'bigint',
    sortOrder: 'int',
    // Store (store-detail).
    open: 'boolean',
  },
};

export const LAKE_COLUMNS: LakeColumn[] = [
  { name: 'version', type: 'string' },
  { name: 'id', type: 'string' },
  { name: 'source', type: 'string' },
  { name: 'detail_type', jsonKey: 'detail-type', type: 'string' },
  { name: 'account', type: 'string' },
  { name: 'time', type: 'string' },
  { name: 'region', type: 'string' },
  { name: 'resources', type: { array: 'string' } },
  { name: 'detail', type: detail },
  { name: 'replay_name', jsonKey: 'replay-name', type: 'string' },
];

/** The partition column: Firehose's `dt=yyyy-MM-dd`, a string on both engines (partition projection's type is a string too). */
export const PARTITION_COLUMN = 'dt';

/** The prefix the delivery stream writes under (infra/api/events.ts), the table's location below the bucket. */
export const LAKE_PREFIX = 'events/';

/** Hive's type names, as a Glue table's StorageDescriptor wants them. */
export function hiveType(type: LakeType): string {
  if (typeof type === 'string') return type;
  if ('array' in type) return `array<${hiveType(type.array)}>`;
  return `struct<${Object.entries(type.struct)
    .map(([key, t]) => `${key}:${hiveType(t)}`)
    .join(',')}>`;
}

const DUCKDB_SCALARS = { string: 'VARCHAR', bigint: 'BIGINT', int: 'INTEGER', boolean: 'BOOLEAN' } as const;

/** DuckDB's type names, for read_json's `columns`. */
export function duckdbType(type: LakeType): string {
  if (typeof type === 'string') return DUCKDB_SCALARS[type];
  if ('array' in type) return `${duckdbType(type.array)}[]`;
  return `STRUCT(${Object.entries(type.struct)
    .map(([key, t]) => `"${key}" ${duckdbType(t)}`)
    .join(', ')})`;
}
