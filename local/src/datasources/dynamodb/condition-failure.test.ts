import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testTables, type TestTables } from './test-support';
import type { DynamoDbDataSource } from './index';

let tables: TestTables;
let dataSource: DynamoDbDataSource;

const FAILED = {
  type: 'DynamoDB:ConditionalCheckFailedException',
  message: expect.stringMatching(/^The conditional request failed \(Service: DynamoDb, Status Code: 400, Request ID: .+\)$/),
};
const notExists = { expression: 'attribute_not_exists(#id)', expressionNames: { '#id': 'id' } };

beforeAll(async () => {
  tables = testTables(inject('dynamoEndpoint'));
  dataSource = tables.dataSource(await tables.simple());
});

afterAll(async () => {
  await tables.dispose();
});

async function seed(id: string, attributes: Record<string, unknown>): Promise<void> {
  await dataSource.invoke({ operation: 'PutItem', key: { id: { S: id } }, attributeValues: attributes });
}

describe('a failed condition', () => {
  it('fails a PutItem with the current item as the error data', async () => {
    await seed('c1', { owner: { S: 'ann' } });
    const outcome = await dataSource.invoke({ operation: 'PutItem', key: { id: { S: 'c1' } }, attributeValues: { owner: { S: 'bob' } }, condition: notExists });
    expect(outcome).toEqual({ error: { ...FAILED, data: { id: 'c1', owner: 'ann' } } });
    expect(await dataSource.invoke({ operation: 'GetItem', key: { id: { S: 'c1' } } })).toEqual({ result: { id: 'c1', owner: 'ann' } });
  });

  it('treats a PutItem whose item is already stored as a success', async () => {
    await seed('c2', { owner: { S: 'ann' }, n: { N: 1 } });
    const outcome = await dataSource.invoke({ operation: 'PutItem', key: { id: { S: 'c2' } }, attributeValues: { owner: { S: 'ann' }, n: { N: 1 } }, condition: notExists });
    expect(outcome).toEqual({ result: { id: 'c2', owner: 'ann', n: 1 } });
  });

  it('ignores the equalsIgnore attributes when comparing', async () => {
    await seed('c3', { owner: { S: 'ann' }, version: { N: 7 } });
    const outcome = await dataSource.invoke({
      operation: 'PutItem',
      key: { id: { S: 'c3' } },
      attributeValues: { owner: { S: 'ann' }, version: { N: 8 } },
      condition: { ...notExists, equalsIgnore: ['version'] },
    });
    expect(outcome).toEqual({ result: { id: 'c3', owner: 'ann', version: 7 } });
  });

  it('always fails an UpdateItem, whose outcome AppSync cannot predict', async () => {
    await seed('c4', { state: { S: 'OPEN' } });
    const outcome = await dataSource.invoke({
      operation: 'UpdateItem',
      key: { id: { S: 'c4' } },
      update: { expression: 'SET #state = :open', expressionNames: { '#state': 'state' }, expressionValues: { ':open': { S: 'OPEN' } } },
      condition: { expression: '#state = :closed', expressionNames: { '#state': 'state' }, expressionValues: { ':closed': { S: 'CLOSED' } } },
    });
    expect(outcome).toEqual({ error: { ...FAILED, data: { id: 'c4', state: 'OPEN' } } });
  });

  it('fails an UpdateItem on a missing item with null data', async () => {
    const outcome = await dataSource.invoke({
      operation: 'UpdateItem',
      key: { id: { S: 'c5' } },
      update: { expression: 'SET #a = :a', expressionNames: { '#a': 'a' }, expressionValues: { ':a': { N: 1 } } },
      condition: { expression: 'attribute_exists(#id)', expressionNames: { '#id': 'id' } },
    });
    expect(outcome).toEqual({ error: { ...FAILED, data: null } });
  });

  it('fails a DeleteItem whose condition does not hold on an existing item', async () => {
    await seed('c6', { owner: { S: 'ann' } });
    const outcome = await dataSource.invoke({
      operation: 'DeleteItem',
      key: { id: { S: 'c6' } },
      condition: { expression: '#owner = :me', expressionNames: { '#owner': 'owner' }, expressionValues: { ':me': { S: 'bob' } } },
    });
    expect(outcome).toEqual({ error: { ...FAILED, data: { id: 'c6', owner: 'ann' } } });
  });

  it('treats a DeleteItem of an item that is already gone as a success', async () => {
    const outcome = await dataSource.invoke({ operation: 'DeleteItem', key: { id: { S: 'c7' } }, condition: { expression: 'attribute_exists(#id)', expressionNames: { '#id': 'id' } } });
    expect(outcome).toEqual({ result: null });
  });
});
