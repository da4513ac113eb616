import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testTables, type TestTables } from '../test-support';
import type { DynamoDbDataSource } from '../index';

let tables: TestTables;
let dataSource: DynamoDbDataSource;

const byPk = { expression: '#pk = :pk', expressionNames: { '#pk': 'pk' }, expressionValues: { ':pk': { S: 'shop' } } };

beforeAll(async () => {
  tables = testTables(inject('dynamoEndpoint'));
  dataSource = tables.dataSource(await tables.composite());
  for (let sk = 1; sk <= 5; sk += 1) {
    await dataSource.invoke({
      operation: 'PutItem',
      key: { pk: { S: 'shop' }, sk: { N: sk } },
      attributeValues: { status: { S: sk % 2 === 0 ? 'DONE' : 'OPEN' }, note: { S: `n${sk}` } },
    });
  }
  await dataSource.invoke({ operation: 'PutItem', key: { pk: { S: 'other' }, sk: { N: 1 } }, attributeValues: { status: { S: 'OPEN' } } });
});

afterAll(async () => {
  await tables.dispose();
});

type Page = { items: Record<string, unknown>[]; nextToken: string | null; scannedCount: number };

async function page(request: Record<string, unknown>): Promise<Page> {
  const outcome = await dataSource.invoke(request);
  if (!('result' in outcome) || 'error' in outcome) throw new Error(`expected a result, got ${JSON.stringify(outcome)}`);
  return outcome.result as Page;
}

describe('Query', () => {
  it('answers items, a null nextToken and the scanned count for a single page', async () => {
    const result = await page({ operation: 'Query', query: byPk });
    expect(result.items.map((item) => item.sk)).toEqual([1, 2, 3, 4, 5]);
    expect(result).toMatchObject({ nextToken: null, scannedCount: 5 });
  });

  it('pages through the partition with limit and nextToken', async () => {
    const first = await page({ operation: 'Query', query: byPk, limit: 2 });
    expect(first.items.map((item) => item.sk)).toEqual([1, 2]);
    expect(typeof first.nextToken).toBe('string');
    const second = await page({ operation: 'Query', query: byPk, limit: 2, nextToken: first.nextToken });
    expect(second.items.map((item) => item.sk)).toEqual([3, 4]);
    const third = await page({ operation: 'Query', query: byPk, limit: 2, nextToken: second.nextToken });
    expect(third.items.map((item) => item.sk)).toEqual([5]);
  });

  it('reads backwards with scanIndexForward false', async () => {
    const result = await page({ operation: 'Query', query: byPk, scanIndexForward: false, limit: 2 });
    expect(result.items.map((item) => item.sk)).toEqual([5, 4]);
  });

  it('filters after reading, so the scanned count can exceed the items', async () => {
    const result = await page({
      operation: 'Query',
      query: byPk,
      filter: { expression: '#status = :done', expressionNames: { '#status': 'status' }, expressionValues: { ':done': { S: 'DONE' } } },
    });
    expect(result.items.map((item) => item.sk)).toEqual([2, 4]);
    expect(result.scannedCount).toBe(5);
  });

  it('queries an index and projects attributes', async () => {
    const result = await page({
      operation: 'Query',
      index: 'byStatus',
      query: { expression: '#status = :open AND #sk > :one', expressionNames: { '#status': 'status', '#sk': 'sk' }, expressionValues: { ':open': { S: 'OPEN' }, ':one': { N: 1 } } },
      projection: { expression: '#note', expressionNames: { '#note': 'note' } },
    });
    expect(result.items).toEqual([{ note: 'n3' }, { note: 'n5' }]);
  });

  it('rejects a nextToken it did not issue', async () => {
    expect(await dataSource.invoke({ operation: 'Query', query: byPk, nextToken: 'forged' })).toEqual({
      error: { type: 'MappingTemplate', message: 'Invalid pagination token given.' },
    });
  });
});

describe('Scan', () => {
  it('pages through the whole table', async () => {
    const seen: unknown[] = [];
    let nextToken: string | null = null;
    let pages = 0;
    do {
      const result: Page = await page({ operation: 'Scan', limit: 4, ...(nextToken === null ? {} : { nextToken }) });
      seen.push(...result.items.map((item) => `${String(item.pk)}/${String(item.sk)}`));
      nextToken = result.nextToken;
      pages += 1;
    } while (nextToken !== null);
    expect(seen.sort()).toEqual(['other/1', 'shop/1', 'shop/2', 'shop/3', 'shop/4', 'shop/5']);
    expect(pages).toBeGreaterThan(1);
  });

  it('splits the table into segments', async () => {
    const one = await page({ operation: 'Scan', segment: 0, totalSegments: 2 });
    const two = await page({ operation: 'Scan', segment: 1, totalSegments: 2 });
    expect(one.items.length + two.items.length).toBe(6);
  });
});

describe('Sync', () => {
  it('answers a base-table page with the time it started', async () => {
    const before = Date.now();
    const outcome = await dataSource.invoke({ operation: 'Sync', limit: 100 });
    expect(outcome).toEqual({ result: { items: expect.any(Array), nextToken: null, startedAt: expect.any(Number) } });
    const result = (outcome as { result: { items: unknown[]; startedAt: number } }).result;
    expect(result.items).toHaveLength(6);
    expect(result.startedAt).toBeGreaterThanOrEqual(before);
  });
});
