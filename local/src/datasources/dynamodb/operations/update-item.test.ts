import { describe, expect, it } from 'vitest';
import { useSimpleTable } from '../test-support';

const fixture = useSimpleTable();

describe('UpdateItem', () => {
  it('answers the whole item after the update', async () => {
    const dataSource = fixture.tables.dataSource(fixture.table);
    await dataSource.invoke({ operation: 'PutItem', key: { id: { S: 'u1' } }, attributeValues: { title: { S: 'Old' }, views: { N: 1 } } });
    const outcome = await dataSource.invoke({
      operation: 'UpdateItem',
      key: { id: { S: 'u1' } },
      update: { expression: 'SET #title = :title ADD #views :one', expressionNames: { '#title': 'title', '#views': 'views' }, expressionValues: { ':title': { S: 'New' }, ':one': { N: 1 } } },
    });
    expect(outcome).toEqual({ result: { id: 'u1', title: 'New', views: 2 } });
  });

  it('creates the item when none exists and no condition forbids it', async () => {
    const outcome = await fixture.tables.dataSource(fixture.table).invoke({
      operation: 'UpdateItem',
      key: { id: { S: 'u2' } },
      update: { expression: 'SET #a = :a', expressionNames: { '#a': 'a' }, expressionValues: { ':a': { BOOL: true } } },
    });
    expect(outcome).toEqual({ result: { id: 'u2', a: true } });
  });

  it('merges the names and values of the update and of the condition', async () => {
    const dataSource = fixture.tables.dataSource(fixture.table);
    await dataSource.invoke({ operation: 'PutItem', key: { id: { S: 'u3' } }, attributeValues: { version: { N: 1 } } });
    const outcome = await dataSource.invoke({
      operation: 'UpdateItem',
      key: { id: { S: 'u3' } },
      update: { expression: 'SET #version = :next', expressionNames: { '#version': 'version' }, expressionValues: { ':next': { N: 2 } } },
      condition: { expression: '#version = :expected', expressionNames: { '#version': 'version' }, expressionValues: { ':expected': { N: 1 } } },
    });
    expect(outcome).toEqual({ result: { id: 'u3', version: 2 } });
  });
});
