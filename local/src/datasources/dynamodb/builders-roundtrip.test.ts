import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as ddb from '../../appsync-js/util/dynamodb-builders';
import { transform } from '../../appsync-js/util/transform';
import { testTables, type TestTables } from './test-support';
import type { DynamoDbDataSource } from './index';

// What a resolver returns crosses the sandbox boundary as JSON, so the requests do here too.
const asReturned = (request: unknown): unknown => JSON.parse(JSON.stringify(request));

let tables: TestTables;
let simple: string;
let composite: string;
let items: DynamoDbDataSource;
let orders: DynamoDbDataSource;

beforeAll(async () => {
  tables = testTables(inject('dynamoEndpoint'));
  [simple, composite] = await Promise.all([tables.simple(), tables.composite()]);
  items = tables.dataSource(simple);
  orders = tables.dataSource(composite);
});

afterAll(async () => {
  await tables.dispose();
});

async function stored(key: Record<string, unknown>, table = simple): Promise<Record<string, unknown> | undefined> {
  const output = await tables.client.send(new GetItemCommand({ TableName: table, Key: marshall(key), ConsistentRead: true }));
  return output.Item === undefined ? undefined : unmarshall(output.Item);
}

describe('builder requests executed by the data source', () => {
  it('puts an item guarded by a condition, and the guard holds on a second put', async () => {
    const request = ddb.put({ key: { id: 'r1' }, item: { title: 'Flat white', price: 3.2, tags: ddb.toStringSet(['milk']) }, condition: { id: { attributeExists: false } } });
    expect(await items.invoke(asReturned(request))).toEqual({ result: { id: 'r1', title: 'Flat white', price: 3.2, tags: ['milk'] } });
    expect(await stored({ id: 'r1' })).toEqual({ id: 'r1', title: 'Flat white', price: 3.2, tags: new Set(['milk']) });

    const again = ddb.put({ key: { id: 'r1' }, item: { title: 'Other' }, condition: { id: { attributeExists: false } } });
    expect(await items.invoke(asReturned(again))).toMatchObject({ error: { type: 'DynamoDB:ConditionalCheckFailedException', data: { title: 'Flat white' } } });
  });

  it('applies every update operation as the table then shows', async () => {
    await items.invoke(asReturned(ddb.put({ key: { id: 'r2' }, item: { views: 1, stock: 10, log: ['b'], friends: ['x', 'y', 'z'], address: { city: 'Oslo', zip: '0150' }, old: true } })));
    const request = ddb.update({
      key: { id: 'r2' },
      update: {
        title: 'Cortado',
        address: { city: 'Bergen' },
        profile: ddb.operations.replace({ level: 2 }),
        views: ddb.operations.increment(),
        stock: ddb.operations.decrement(3),
        log: ddb.operations.append(['c']),
        history: ddb.operations.add(['start']),
        friends: [ddb.operations.updateListItem('Y', 1)],
        old: ddb.operations.remove(),
      },
      condition: { id: { attributeExists: true } },
    });
    const outcome = await items.invoke(asReturned(request));
    const expected = {
      id: 'r2',
      title: 'Cortado',
      address: { city: 'Bergen', zip: '0150' },
      profile: { level: 2 },
      views: 2,
      stock: 7,
      log: ['b', 'c'],
      history: ['start'],
      friends: ['x', 'Y', 'z'],
    };
    expect(outcome).toEqual({ result: expected });
    expect(await stored({ id: 'r2' })).toEqual(expected);
  });

  it('fails an increment of an attribute the item lacks, since AWS renders it as a SET', async () => {
    await items.invoke(asReturned(ddb.put({ key: { id: 'r2b' }, item: {} })));
    const outcome = await items.invoke(asReturned(ddb.update({ key: { id: 'r2b' }, update: { views: ddb.operations.increment() } })));
    expect(outcome).toMatchObject({
      error: { type: 'DynamoDB:DynamoDbException', message: expect.stringContaining('The provided expression refers to an attribute that does not exist in the item') },
    });
    expect(await stored({ id: 'r2b' })).toEqual({ id: 'r2b' });
  });

  it('removes an item only when its condition holds', async () => {
    await items.invoke(asReturned(ddb.put({ key: { id: 'r3' }, item: { owner: 'ann' } })));
    expect(await items.invoke(asReturned(ddb.remove({ key: { id: 'r3' }, condition: { owner: { eq: 'bob' } } })))).toMatchObject({
      error: { type: 'DynamoDB:ConditionalCheckFailedException' },
    });
    expect(await items.invoke(asReturned(ddb.remove({ key: { id: 'r3' }, condition: { owner: { eq: 'ann' } } })))).toEqual({ result: { id: 'r3', owner: 'ann' } });
    expect(await stored({ id: 'r3' })).toBeUndefined();
  });

  it('queries with a rendered key condition and filter, paging with nextToken', async () => {
    await orders.invoke(
      asReturned(
        ddb.batchPut({
          tables: {
            [composite]: [1, 2, 3, 4].map((sk) => ({ pk: 'cafe', sk, status: sk === 3 ? 'DONE' : 'OPEN' })),
          },
        }),
      ),
    );
    const first = await orders.invoke(asReturned(ddb.query({ query: { pk: { eq: 'cafe' }, sk: { ge: 2 } }, filter: { status: { eq: 'OPEN' } }, limit: 2 })));
    expect(first).toMatchObject({ result: { items: [{ sk: 2 }], scannedCount: 2 } });
    const nextToken = (first as { result: { nextToken: string } }).result.nextToken;
    const second = await orders.invoke(asReturned(ddb.query({ query: { pk: { eq: 'cafe' }, sk: { ge: 2 } }, filter: { status: { eq: 'OPEN' } }, limit: 2, nextToken })));
    expect(second).toMatchObject({ result: { items: [{ sk: 4 }] } });
    const between = await orders.invoke(asReturned(ddb.query({ query: { pk: { eq: 'cafe' }, sk: { between: [2, 3] } }, scanIndexForward: false })));
    expect(between).toMatchObject({ result: { items: [{ sk: 3 }, { sk: 2 }], nextToken: null } });
  });

  it('scans with a filter made by util.transform', async () => {
    const filter = JSON.parse(transform.toDynamoDBFilterExpression({ status: { eq: 'DONE' } }) ?? 'null') as unknown;
    const outcome = await orders.invoke({ operation: 'Scan', filter });
    expect(outcome).toMatchObject({ result: { items: [{ pk: 'cafe', sk: 3, status: 'DONE' }] } });
  });

  it('writes a transaction across tables and reads it back with transactGet and batchGet', async () => {
    const write = ddb.transactWrite({
      items: [
        { putItem: { table: simple, key: { id: 'r5' }, item: { kind: 'order' }, condition: { id: { attributeExists: false } } } },
        { updateItem: { table: composite, key: { pk: 'cafe', sk: 1 }, update: { status: 'DONE' } } },
      ],
    });
    expect(await items.invoke(asReturned(write))).toEqual({ result: { keys: [{ id: 'r5' }, { pk: 'cafe', sk: 1 }], cancellationReasons: null } });
    expect(await stored({ pk: 'cafe', sk: 1 }, composite)).toMatchObject({ status: 'DONE' });

    const read = ddb.transactGet({ items: [{ table: simple, key: { id: 'r5' } }, { table: composite, key: { pk: 'cafe', sk: 1 }, projection: ['status'] }] });
    expect(await items.invoke(asReturned(read))).toEqual({ result: { items: [{ id: 'r5', kind: 'order' }, { status: 'DONE' }], cancellationReasons: null } });

    const batch = ddb.batchGet({ tables: { [simple]: { keys: [{ id: 'missing' }, { id: 'r5' }] } } });
    expect(await items.invoke(asReturned(batch))).toEqual({ result: { data: { [simple]: [null, { id: 'r5', kind: 'order' }] }, unprocessedKeys: { [simple]: [] } } });
  });

  it('gets an item with a projection built from paths', async () => {
    await items.invoke(asReturned(ddb.put({ key: { id: 'r6' }, item: { title: 'Mocha', address: { city: 'Bergen', zip: '5003' }, friends: ['x', 'y'] } })));
    const outcome = await items.invoke(asReturned(ddb.get({ key: { id: 'r6' }, projection: ['title', 'address.city', 'friends[1]'], consistentRead: true })));
    expect(outcome).toEqual({ result: { title: 'Mocha', address: { city: 'Bergen' }, friends: ['y'] } });
  });
});
