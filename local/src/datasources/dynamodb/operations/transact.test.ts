import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testTables, type TestTables } from '../test-support';
import type { DynamoDbDataSource } from '../index';

let tables: TestTables;
let orders: string;
let stock: string;
let dataSource: DynamoDbDataSource;

beforeAll(async () => {
  tables = testTables(inject('dynamoEndpoint'));
  [orders, stock] = await Promise.all([tables.simple(), tables.simple()]);
  dataSource = tables.dataSource(orders);
  await dataSource.invoke({ operation: 'BatchPutItem', tables: { [stock]: [{ id: { S: 'beans' }, left: { N: 1 } }] } });
});

afterAll(async () => {
  await tables.dispose();
});

const takeOne = {
  operation: 'UpdateItem',
  key: { id: { S: 'beans' } },
  update: { expression: 'SET #left = #left - :one', expressionNames: { '#left': 'left' }, expressionValues: { ':one': { N: 1 } } },
  condition: { expression: '#left >= :one', expressionNames: { '#left': 'left' }, expressionValues: { ':one': { N: 1 } } },
};

describe('TransactWriteItems', () => {
  it('writes every item and answers their keys in request order', async () => {
    const outcome = await dataSource.invoke({
      operation: 'TransactWriteItems',
      transactItems: [
        { table: orders, operation: 'PutItem', key: { id: { S: 'o1' } }, attributeValues: { item: { S: 'beans' } }, condition: { expression: 'attribute_not_exists(id)' } },
        { table: stock, ...takeOne },
      ],
    });
    expect(outcome).toEqual({ result: { keys: [{ id: 'o1' }, { id: 'beans' }], cancellationReasons: null } });
  });

  it('answers the cancellation reasons, with the failing item, beside the error', async () => {
    const outcome = await dataSource.invoke({
      operation: 'TransactWriteItems',
      transactItems: [
        { table: orders, operation: 'PutItem', key: { id: { S: 'o2' } }, attributeValues: { item: { S: 'beans' } } },
        { table: stock, ...takeOne },
      ],
    });
    expect(outcome).toEqual({
      error: { type: 'DynamoDB:TransactionCanceledException', message: expect.stringContaining('Transaction cancelled') },
      result: {
        keys: null,
        cancellationReasons: [
          { type: 'None', message: null },
          { type: 'ConditionalCheckFailed', message: 'The conditional request failed', item: { id: 'beans', left: 0 } },
        ],
      },
    });
    expect(await dataSource.invoke({ operation: 'GetItem', key: { id: { S: 'o2' } } })).toEqual({ result: null });
  });

  it('leaves the failing item out when returnValuesOnConditionCheckFailure is false', async () => {
    const outcome = await dataSource.invoke({
      operation: 'TransactWriteItems',
      transactItems: [{ table: stock, operation: 'ConditionCheck', key: { id: { S: 'beans' } }, condition: { ...takeOne.condition, returnValuesOnConditionCheckFailure: false } }],
    });
    expect(outcome).toMatchObject({ result: { keys: null, cancellationReasons: [{ type: 'ConditionalCheckFailed' }] } });
    expect((outcome as { result: { cancellationReasons: object[] } }).result.cancellationReasons[0]).not.toHaveProperty('item');
  });

  it('requires an update for an UpdateItem entry', async () => {
    const outcome = await dataSource.invoke({ operation: 'TransactWriteItems', transactItems: [{ table: stock, operation: 'UpdateItem', key: { id: { S: 'beans' } } }] });
    expect(outcome).toEqual({ error: { type: 'MappingTemplate', message: "Value for field '$[transactItems][0][update]' not found." } });
  });
});

describe('TransactGetItems', () => {
  it('answers items in request order, null for a missing one', async () => {
    const outcome = await dataSource.invoke({
      operation: 'TransactGetItems',
      transactItems: [
        { table: stock, key: { id: { S: 'beans' } } },
        { table: orders, key: { id: { S: 'missing' } } },
        { table: orders, key: { id: { S: 'o1' } }, projection: { expression: '#item', expressionNames: { '#item': 'item' } } },
      ],
    });
    expect(outcome).toEqual({ result: { items: [{ id: 'beans', left: 0 }, null, { item: 'beans' }], cancellationReasons: null } });
  });
});
