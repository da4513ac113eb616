import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testTables, type TestTables } from '../test-support';

let tables: TestTables;
let table: string;

beforeAll(async () => {
  tables = testTables(inject('dynamoEndpoint'));
  table = await tables.simple();
  await tables.client.send(
    new PutItemCommand({
      TableName: table,
      Item: { id: { S: 'a' }, name: { S: 'Ann' }, age: { N: '41' }, tags: { SS: ['x'] }, address: { M: { city: { S: 'Oslo' }, zip: { S: '0150' } } } },
    }),
  );
});

afterAll(async () => {
  await tables.dispose();
});

describe('GetItem', () => {
  it('answers the item as plain JSON', async () => {
    const outcome = await tables.dataSource(table).invoke({ operation: 'GetItem', key: { id: { S: 'a' } }, consistentRead: true });
    expect(outcome).toEqual({ result: { id: 'a', name: 'Ann', age: 41, tags: ['x'], address: { city: 'Oslo', zip: '0150' } } });
  });

  it('answers null for a key with no item', async () => {
    expect(await tables.dataSource(table).invoke({ operation: 'GetItem', key: { id: { S: 'nobody' } } })).toEqual({ result: null });
  });

  it('returns only the projected attributes', async () => {
    const outcome = await tables.dataSource(table).invoke({
      operation: 'GetItem',
      key: { id: { S: 'a' } },
      projection: { expression: '#name, address.#city', expressionNames: { '#name': 'name', '#city': 'city' } },
    });
    expect(outcome).toEqual({ result: { name: 'Ann', address: { city: 'Oslo' } } });
  });
});
