import { describe, expect, it } from 'vitest';
import { useSimpleTable } from './test-support';

const fixture = useSimpleTable();

describe('the DynamoDB data source', () => {
  it('rejects a request without an operation as AppSync does', async () => {
    const outcome = await fixture.tables.dataSource(fixture.table).invoke({ key: { id: { S: '1' } } });
    expect(outcome).toEqual({ error: { type: 'MappingTemplate', message: "Value for field '$[operation]' not found." } });
  });

  it('rejects an operation it does not know', async () => {
    const outcome = await fixture.tables.dataSource(fixture.table).invoke({ operation: 'Explode' });
    expect(outcome).toEqual({ error: { type: 'MappingTemplate', message: "Unsupported operation 'Explode'." } });
  });

  it('rejects a malformed request before calling DynamoDB', async () => {
    const outcome = await fixture.tables.dataSource(fixture.table).invoke({ operation: 'PutItem', key: { id: 'plain' } });
    expect(outcome).toEqual({
      error: { type: 'MappingTemplate', message: `Expected a typed value (a JSON object such as {"S": "x"}) for field '$[key][id]' but got 'STRING' instead.` },
    });
  });

  it('reports an error DynamoDB has no exception class for as DynamoDbException with the SDK suffix', async () => {
    const outcome = await fixture.tables.dataSource(fixture.table).invoke({ operation: 'GetItem', key: { wrong: { S: '1' } } });
    expect(outcome).toEqual({
      error: {
        type: 'DynamoDB:DynamoDbException',
        message: expect.stringMatching(/^One of the required keys was not given a value \(Service: DynamoDb, Status Code: 400, Request ID: .+\)$/),
      },
    });
  });

  it('reports a missing table by its exception name', async () => {
    const outcome = await fixture.tables.dataSource(`${fixture.table}-missing`).invoke({ operation: 'GetItem', key: { id: { S: '1' } } });
    expect(outcome).toMatchObject({ error: { type: 'DynamoDB:ResourceNotFoundException' } });
  });

  it('reports an unreachable endpoint as a client-side exception', async () => {
    const { createDynamoDbDataSource } = await import('./index');
    const dataSource = createDynamoDbDataSource({ type: 'AMAZON_DYNAMODB', name: 'x', tableName: fixture.table, endpoint: 'http://127.0.0.1:1', region: 'local' });
    const outcome = await dataSource.invoke({ operation: 'GetItem', key: { id: { S: '1' } } });
    dataSource.close();
    expect(outcome).toMatchObject({ error: { type: 'DynamoDB:SdkClientException' } });
  });

  it('runs a Scan whose filter, nextToken and projection are null as AWS samples send them', async () => {
    const dataSource = fixture.tables.dataSource(fixture.table);
    await dataSource.invoke({ operation: 'PutItem', key: { id: { S: 'null-filter' } }, attributeValues: { n: { N: 1 } } });
    // aws-samples/aws-appsync-resolver-samples, examples/cloudformation/todo-api-cfn/functions/listItems.js
    const outcome = await dataSource.invoke({ operation: 'Scan', filter: null, limit: 20, nextToken: null, projection: null, index: null });
    expect(outcome).toMatchObject({ result: { items: expect.arrayContaining([{ id: 'null-filter', n: 1 }]), nextToken: null } });
  });

  it('runs a Query whose filter and index are null as a plain query on the table', async () => {
    const dataSource = fixture.tables.dataSource(fixture.table);
    await dataSource.invoke({ operation: 'PutItem', key: { id: { S: 'null-query' } } });
    const outcome = await dataSource.invoke({
      operation: 'Query',
      query: { expression: '#id = :id', expressionNames: { '#id': 'id' }, expressionValues: { ':id': { S: 'null-query' } } },
      filter: null,
      index: null,
      projection: null,
      select: null,
    });
    expect(outcome).toMatchObject({ result: { items: [{ id: 'null-query' }], scannedCount: 1 } });
  });
});

