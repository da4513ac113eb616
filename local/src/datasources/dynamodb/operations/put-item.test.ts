import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { useSimpleTable } from '../test-support';

const fixture = useSimpleTable();

describe('PutItem', () => {
  it('writes the key and attribute values, numbers given as JSON numbers', async () => {
    const outcome = await fixture.tables.dataSource(fixture.table).invoke({
      operation: 'PutItem',
      key: { id: { S: 'p1' } },
      attributeValues: { count: { N: 10 }, price: { N: 2.5 }, sizes: { NS: [1, 2] }, blob: { B: 'aGk=' }, gone: { NULL: null } },
    });
    expect(outcome).toEqual({ result: { id: 'p1', count: 10, price: 2.5, sizes: [1, 2], blob: 'aGk=', gone: null } });
    const stored = await fixture.tables.client.send(new GetItemCommand({ TableName: fixture.table, Key: { id: { S: 'p1' } } }));
    expect(stored.Item).toEqual({
      id: { S: 'p1' },
      count: { N: '10' },
      price: { N: '2.5' },
      sizes: { NS: expect.arrayContaining(['1', '2']) },
      blob: { B: new Uint8Array([104, 105]) },
      gone: { NULL: true },
    });
  });

  it('lets the key win over an attribute of the same name', async () => {
    const outcome = await fixture.tables.dataSource(fixture.table).invoke({ operation: 'PutItem', key: { id: { S: 'p2' } }, attributeValues: { id: { S: 'other' } } });
    expect(outcome).toEqual({ result: { id: 'p2' } });
  });

  it('overwrites an existing item when there is no condition', async () => {
    const dataSource = fixture.tables.dataSource(fixture.table);
    await dataSource.invoke({ operation: 'PutItem', key: { id: { S: 'p3' } }, attributeValues: { v: { N: 1 } } });
    await dataSource.invoke({ operation: 'PutItem', key: { id: { S: 'p3' } }, attributeValues: { v: { N: 2 } } });
    expect(await dataSource.invoke({ operation: 'GetItem', key: { id: { S: 'p3' } } })).toEqual({ result: { id: 'p3', v: 2 } });
  });
});
