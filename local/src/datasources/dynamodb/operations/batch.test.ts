import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testTables, type TestTables } from '../test-support';

let tables: TestTables;
let posts: string;
let authors: string;

beforeAll(async () => {
  tables = testTables(inject('dynamoEndpoint'));
  [posts, authors] = await Promise.all([tables.simple(), tables.simple()]);
});

afterAll(async () => {
  await tables.dispose();
});

describe('BatchPutItem, BatchGetItem and BatchDeleteItem', () => {
  it('puts items into several tables and answers them per table', async () => {
    const outcome = await tables.dataSource(posts).invoke({
      operation: 'BatchPutItem',
      tables: {
        [posts]: [{ id: { S: 'p1' }, title: { S: 'One' } }, { id: { S: 'p2' }, title: { S: 'Two' } }],
        [authors]: [{ id: { S: 'a1' }, name: { S: 'Ann' } }],
      },
    });
    expect(outcome).toEqual({
      result: {
        data: { [posts]: [{ id: 'p1', title: 'One' }, { id: 'p2', title: 'Two' }], [authors]: [{ id: 'a1', name: 'Ann' }] },
        unprocessedItems: { [posts]: [], [authors]: [] },
      },
    });
    const stored = await tables.client.send(new GetItemCommand({ TableName: authors, Key: { id: { S: 'a1' } } }));
    expect(stored.Item).toEqual({ id: { S: 'a1' }, name: { S: 'Ann' } });
  });

  it('answers gotten items in the order of their keys, null for a missing one', async () => {
    const outcome = await tables.dataSource(posts).invoke({
      operation: 'BatchGetItem',
      tables: {
        [posts]: { keys: [{ id: { S: 'p2' } }, { id: { S: 'nope' } }, { id: { S: 'p1' } }], consistentRead: true },
        [authors]: { keys: [{ id: { S: 'a1' } }] },
      },
    });
    expect(outcome).toEqual({
      result: {
        data: { [posts]: [{ id: 'p2', title: 'Two' }, null, { id: 'p1', title: 'One' }], [authors]: [{ id: 'a1', name: 'Ann' }] },
        unprocessedKeys: { [posts]: [], [authors]: [] },
      },
    });
  });

  it('deletes by key and answers the keys deleted', async () => {
    const dataSource = tables.dataSource(posts);
    const outcome = await dataSource.invoke({ operation: 'BatchDeleteItem', tables: { [posts]: [{ id: { S: 'p1' } }] } });
    expect(outcome).toEqual({ result: { data: { [posts]: [{ id: 'p1' }] }, unprocessedKeys: { [posts]: [] } } });
    expect(await dataSource.invoke({ operation: 'GetItem', key: { id: { S: 'p1' } } })).toEqual({ result: null });
  });

  it('maps the table names a request uses through resolveTableName and answers under the requested name', async () => {
    const dataSource = tables.dataSource(posts, { resolveTableName: (requested) => (requested === 'Authors' ? authors : requested) });
    const outcome = await dataSource.invoke({ operation: 'BatchGetItem', tables: { Authors: { keys: [{ id: { S: 'a1' } }] } } });
    expect(outcome).toEqual({ result: { data: { Authors: [{ id: 'a1', name: 'Ann' }] }, unprocessedKeys: { Authors: [] } } });
  });

  it('refuses two names that resolve to the same table', async () => {
    const dataSource = tables.dataSource(posts, { resolveTableName: () => posts });
    const outcome = await dataSource.invoke({ operation: 'BatchDeleteItem', tables: { A: [{ id: { S: 'x' } }], B: [{ id: { S: 'y' } }] } });
    expect(outcome).toEqual({ error: { type: 'MappingTemplate', message: `Tables 'A' and 'B' both resolve to table '${posts}'.` } });
  });
});
