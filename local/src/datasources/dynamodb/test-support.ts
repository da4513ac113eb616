import { afterAll, beforeAll, inject } from 'vitest';
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { createDynamoDbDataSource, type DynamoDbDataSource, type DynamoDbDataSourceOptions } from './index';

/**
 * Tables for tests against the shared DynamoDB Local: each gets a unique name so test files can
 * run side by side, and `dispose` removes them all.
 */
export interface TestTables {
  client: DynamoDBClient;
  endpoint: string;
  /** A table keyed by `id` (string). */
  simple(): Promise<string>;
  /** A table keyed by `pk` (string) and `sk` (number), with an index `byStatus` on `status` / `sk`. */
  composite(): Promise<string>;
  dataSource(tableName: string, options?: DynamoDbDataSourceOptions): DynamoDbDataSource;
  dispose(): Promise<void>;
}

export function testTables(endpoint: string): TestTables {
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const tables: string[] = [];
  const dataSources: DynamoDbDataSource[] = [];

  async function create(input: Omit<CreateTableCommandInput, 'TableName' | 'BillingMode'>): Promise<string> {
    const name = `test-${randomUUID()}`;
    await client.send(new CreateTableCommand({ ...input, TableName: name, BillingMode: 'PAY_PER_REQUEST' }));
    tables.push(name);
    return name;
  }

  return {
    client,
    endpoint,
    simple: () =>
      create({
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    composite: () =>
      create({
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'N' },
          { AttributeName: 'status', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byStatus',
            KeySchema: [
              { AttributeName: 'status', KeyType: 'HASH' },
              { AttributeName: 'sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    dataSource(tableName, options) {
      const dataSource = createDynamoDbDataSource({ type: 'AMAZON_DYNAMODB', name: tableName, tableName, endpoint, region: 'local' }, options);
      dataSources.push(dataSource);
      return dataSource;
    },
    async dispose() {
      for (const dataSource of dataSources) dataSource.close();
      await Promise.all(tables.map((TableName) => client.send(new DeleteTableCommand({ TableName }))));
      client.destroy();
    },
  };
}

/**
 * For a test file that needs one `simple` table: creates it before the file's tests and removes
 * it after. The returned object's fields are set once beforeAll has run.
 */
export function useSimpleTable(): { tables: TestTables; table: string } {
  const fixture = { tables: undefined as unknown as TestTables, table: '' };
  beforeAll(async () => {
    fixture.tables = testTables(inject('dynamoEndpoint'));
    fixture.table = await fixture.tables.simple();
  });
  afterAll(async () => {
    await fixture.tables.dispose();
  });
  return fixture;
}
