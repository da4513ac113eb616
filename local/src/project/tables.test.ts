import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { TableDefinition } from './definitions';
import { ensureTable } from '../services/provision';
import { toCreateTableInput } from './tables';

const client = new DynamoDBClient({
  endpoint: inject('dynamoEndpoint'),
  region: 'local',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const prefix = `tables-test-${process.pid}-${Date.now()}`;
const created: string[] = [];

afterAll(async () => {
  await Promise.all(created.map((TableName) => client.send(new DeleteTableCommand({ TableName }))));
  client.destroy();
});

const orders: TableDefinition = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalSecondaryIndexes: [
    { indexName: 'byStatus', partitionKey: { name: 'status', type: 'S' }, sortKey: { name: 'createdAt', type: 'S' } },
    { indexName: 'byCustomer', partitionKey: { name: 'customerId', type: 'S' }, sortKey: { name: 'sk', type: 'S' }, projection: { include: ['total'] } },
    { indexName: 'byNumber', partitionKey: { name: 'number', type: 'N' }, projection: 'KEYS_ONLY' },
  ],
  billing: 'PAY_PER_REQUEST',
  timeToLiveAttribute: 'expiresAt',
};

describe('toCreateTableInput', () => {
  it('creates in DynamoDB Local a table with the defined keys, indexes and TTL', async () => {
    const TableName = `${prefix}-orders`;
    await ensureTable(client, toCreateTableInput(orders, TableName), orders.timeToLiveAttribute);
    created.push(TableName);

    const { Table } = await client.send(new DescribeTableCommand({ TableName }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    const indexes = Object.fromEntries((Table?.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName, i]));
    expect(indexes['byStatus']?.KeySchema).toEqual([
      { AttributeName: 'status', KeyType: 'HASH' },
      { AttributeName: 'createdAt', KeyType: 'RANGE' },
    ]);
    expect(indexes['byStatus']?.Projection).toEqual({ ProjectionType: 'ALL' });
    expect(indexes['byCustomer']?.Projection).toEqual({ ProjectionType: 'INCLUDE', NonKeyAttributes: ['total'] });
    expect(indexes['byNumber']?.Projection).toEqual({ ProjectionType: 'KEYS_ONLY' });
    expect(new Set(Table?.AttributeDefinitions?.map((a) => `${a.AttributeName}:${a.AttributeType}`))).toEqual(
      new Set(['pk:S', 'sk:S', 'status:S', 'createdAt:S', 'customerId:S', 'number:N']),
    );
    const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName }));
    expect(TimeToLiveDescription).toEqual({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });
  });

  it('leaves TTL off for a table without a TTL attribute', async () => {
    const TableName = `${prefix}-no-ttl`;
    await ensureTable(client, toCreateTableInput({ ...orders, timeToLiveAttribute: undefined }, TableName));
    created.push(TableName);
    const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName }));
    expect(TimeToLiveDescription?.TimeToLiveStatus).toBe('DISABLED');
  });

  it('refuses a key attribute declared with two types', () => {
    const clash: TableDefinition = {
      ...orders,
      globalSecondaryIndexes: [{ indexName: 'bySk', partitionKey: { name: 'sk', type: 'N' } }],
    };
    expect(() => toCreateTableInput(clash, 'orders')).toThrow('Table orders: key attribute sk is both S and N.');
  });
});

describe('table streams', () => {
  it('creates the declared stream with its view type', async () => {
    const TableName = `${prefix}-streamed`;
    await client.send(new CreateTableCommand(toCreateTableInput({ ...orders, stream: 'NEW_AND_OLD_IMAGES' }, TableName)));
    created.push(TableName);
    const { Table } = await client.send(new DescribeTableCommand({ TableName }));
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(Table?.LatestStreamArn).toContain(`table/${TableName}/stream/`);
  });

  it('creates no stream when none is declared', () => {
    expect(toCreateTableInput(orders, 'orders').StreamSpecification).toBeUndefined();
  });

  it('turns the stream on for a table created before the definition declared it, and only then', async () => {
    const TableName = `${prefix}-late-stream`;
    await ensureTable(client, toCreateTableInput(orders, TableName));
    created.push(TableName);
    const streamed: TableDefinition = { ...orders, stream: 'NEW_IMAGE' };
    // Without a stream declared, an existing table stays as it is.
    expect((await ensureTable(client, toCreateTableInput(orders, TableName)))?.StreamSpecification?.StreamEnabled).toBeFalsy();
    const turnedOn = await ensureTable(client, toCreateTableInput(streamed, TableName));
    expect(turnedOn?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
    const arn = (await client.send(new DescribeTableCommand({ TableName }))).Table?.LatestStreamArn;
    // A second run finds it on and changes nothing: the pipe keeps reading the same stream.
    await ensureTable(client, toCreateTableInput(streamed, TableName));
    expect((await client.send(new DescribeTableCommand({ TableName }))).Table?.LatestStreamArn).toBe(arn);
  });
});
