import { describe, expect, it } from 'vitest';
import { useSimpleTable } from '../test-support';

const fixture = useSimpleTable();

describe('DeleteItem', () => {
  it('answers the item as it was before the delete', async () => {
    const dataSource = fixture.tables.dataSource(fixture.table);
    await dataSource.invoke({ operation: 'PutItem', key: { id: { S: 'd1' } }, attributeValues: { n: { N: 7 } } });
    expect(await dataSource.invoke({ operation: 'DeleteItem', key: { id: { S: 'd1' } } })).toEqual({ result: { id: 'd1', n: 7 } });
    expect(await dataSource.invoke({ operation: 'GetItem', key: { id: { S: 'd1' } } })).toEqual({ result: null });
  });

  it('answers null when there was nothing to delete', async () => {
    expect(await fixture.tables.dataSource(fixture.table).invoke({ operation: 'DeleteItem', key: { id: { S: 'never' } } })).toEqual({ result: null });
  });
});
