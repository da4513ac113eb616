import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testTables, type TestTables } from '../test-support';

let tables: TestTables;
let table: string;

beforeAll(async () => {
  tables = testTables(inject('dynamoEndpoint'));
  table = await tables.simple();
});

afterAll(async () => {
  await tables.dispose();
});

describe('DeleteItem', () => {
  it('answers the item as it was before the delete', async () => {
    const dataSource = tables.dataSource(table);
    await dataSource.invoke({ operation: 'PutItem', key: { id: { S: 'd1' } }, attributeValues: { n: { N: 7 } } });
    expect(await dataSource.invoke({ operation: 'DeleteItem', key: { id: { S: 'd1' } } })).toEqual({ result: { id: 'd1', n: 7 } });
    expect(await dataSource.invoke({ operation: 'GetItem', key: { id: { S: 'd1' } } })).toEqual({ result: null });
  });

  it('answers null when there was nothing to delete', async () => {
    expect(await tables.dataSource(table).invoke({ operation: 'DeleteItem', key: { id: { S: 'never' } } })).toEqual({ result: null });
  });
});
