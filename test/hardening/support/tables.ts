import { DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { inject } from 'vitest';
import type { TestApi } from '../../../local/test/support/local-api';

/**
 * Every row of every table the API owns, read straight from DynamoDB Local: what a refused
 * request must leave exactly as it was. Keys are `table|pk|sk`.
 */
export async function allTables(api: TestApi, endpoint: string = inject('dynamoEndpoint')): Promise<Record<string, Record<string, unknown>>> {
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const rows: Record<string, Record<string, unknown>> = {};
  try {
    for (const [logical, tableName] of Object.entries(api.booted.tableNames)) {
      for await (const page of paginateScan({ client }, { TableName: tableName, ConsistentRead: true })) {
        for (const item of page.Items ?? []) {
          const row = unmarshall(item);
          rows[`${logical}|${String(row['pk'])}|${String(row['sk'])}`] = row;
        }
      }
    }
  } finally {
    client.destroy();
  }
  return rows;
}

/** The order rows (sk ORDER) of the orders table, by order id. */
export async function orderRows(api: TestApi, endpoint?: string): Promise<Map<string, Record<string, unknown>>> {
  const rows = await allTables(api, endpoint);
  const orders = new Map<string, Record<string, unknown>>();
  for (const [key, row] of Object.entries(rows)) {
    if (key.startsWith('orders|ORDER#') && row['sk'] === 'ORDER') orders.set(String(row['pk']).slice('ORDER#'.length), row);
  }
  return orders;
}
