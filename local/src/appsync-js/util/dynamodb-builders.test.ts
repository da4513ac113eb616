import { runInNewContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import {
  batchDelete,
  batchGet,
  batchPut,
  get,
  operations,
  put,
  query,
  remove,
  scan,
  sync,
  toNumberSet,
  toStringSet,
  transactGet,
  transactWrite,
  update,
} from './dynamodb-builders';
import { ERROR_MARKER } from './signals';

const json = (value: unknown): string => JSON.stringify(value);

describe('@aws-appsync/utils/dynamodb builders', () => {
  it('answers get({ key }) with just the operation and the marshalled key, as AWS does', () => {
    expect(json(get({ key: { id: 'id' } }))).toBe('{"operation":"GetItem","key":{"id":{"S":"id"}}}');
  });

  it('adds consistentRead and a projection with name placeholders when asked', () => {
    expect(get({ key: { id: 1 }, consistentRead: true, projection: ['id', 'address.city', 'tags[1]'] })).toEqual({
      operation: 'GetItem',
      key: { id: { N: 1 } },
      consistentRead: true,
      projection: {
        expression: '#id, #address.#city, #tags[1]',
        expressionNames: { '#id': 'id', '#address': 'address', '#city': 'city', '#tags': 'tags' },
      },
    });
  });

  it('puts the item as attribute values guarded by a condition rendered like util.transform', () => {
    expect(put({ key: { id: 'a' }, item: { title: 'T', count: 2, tags: ['x'] }, condition: { id: { attributeExists: false } } })).toEqual({
      operation: 'PutItem',
      key: { id: { S: 'a' } },
      attributeValues: { title: { S: 'T' }, count: { N: 2 }, tags: { L: [{ S: 'x' }] } },
      condition: { expression: '(attribute_not_exists(#id))', expressionNames: { '#id': 'id' }, expressionValues: {} },
    });
  });

  it('keeps values built by the module set helpers as sets', () => {
    const request = put({ key: { id: 'a' }, item: { tags: toStringSet(['x', 'y']), sizes: toNumberSet([1, 2]) } });
    expect(request.attributeValues).toEqual({ tags: { SS: ['x', 'y'] }, sizes: { NS: ['1', '2'] } });
  });

  it('removes by key with an optional condition', () => {
    expect(remove({ key: { id: 'a' }, condition: { owner: { eq: 'me' } } })).toEqual({
      operation: 'DeleteItem',
      key: { id: { S: 'a' } },
      condition: { expression: '(#owner = :owner_eq)', expressionNames: { '#owner': 'owner' }, expressionValues: { ':owner_eq': { S: 'me' } } },
    });
  });

  it('renders every update operation into one expression, SETs first, aliases in text order', () => {
    const request = update({
      key: { id: 1 },
      update: {
        title: 'New',
        obsolete: operations.remove(),
        address: { city: 'Paris' },
        profile: operations.replace({ a: 1 }),
        extra: operations.add('e'),
        views: operations.increment(),
        stock: operations.decrement(3),
        log: operations.append(['b']),
        history: operations.prepend(['a']),
        friends: [operations.updateListItem('102', 1), operations.updateListItem('103', 2)],
      },
      condition: { id: { attributeExists: true } },
    });
    expect(request.update).toEqual({
      expression:
        'SET #expName_1 = :expValue_1, #expName_2.#expName_3 = :expValue_2, #expName_4 = :expValue_3, #expName_5 = :expValue_4, ' +
        '#expName_6 = #expName_6 + :expValue_5, #expName_7 = #expName_7 - :expValue_6, #expName_8 = list_append(#expName_8, :expValue_7), ' +
        '#expName_9 = list_append(:expValue_8, #expName_9), #expName_10[1] = :expValue_9, #expName_10[2] = :expValue_10 REMOVE #expName_11',
      expressionNames: {
        '#expName_1': 'title',
        '#expName_2': 'address',
        '#expName_3': 'city',
        '#expName_4': 'profile',
        '#expName_5': 'extra',
        '#expName_6': 'views',
        '#expName_7': 'stock',
        '#expName_8': 'log',
        '#expName_9': 'history',
        '#expName_10': 'friends',
        '#expName_11': 'obsolete',
      },
      expressionValues: {
        ':expValue_1': { S: 'New' },
        ':expValue_2': { S: 'Paris' },
        ':expValue_3': { M: { a: { N: 1 } } },
        ':expValue_4': { S: 'e' },
        ':expValue_5': { N: 1 },
        ':expValue_6': { N: 3 },
        ':expValue_7': { L: [{ S: 'b' }] },
        ':expValue_8': { L: [{ S: 'a' }] },
        ':expValue_9': { S: '102' },
        ':expValue_10': { S: '103' },
      },
    });
    expect(request.condition).toEqual({ expression: '(attribute_exists(#id))', expressionNames: { '#id': 'id' }, expressionValues: {} });
  });

  it('leaves no name behind for an empty nested update', () => {
    expect(update({ key: { id: 1 }, update: { a: 1, nested: {} } }).update).toEqual({
      expression: 'SET #expName_1 = :expValue_1',
      expressionNames: { '#expName_1': 'a' },
      expressionValues: { ':expValue_1': { N: 1 } },
    });
  });

  it('renders the key condition, filter and paging options of a query', () => {
    expect(
      query({
        query: { pk: { eq: 'p' }, sk: { beginsWith: 'order#' } },
        filter: { status: { ne: 'DONE' } },
        index: 'byStatus',
        limit: 10,
        nextToken: 'abc',
        scanIndexForward: false,
        consistentRead: null,
      }),
    ).toEqual({
      operation: 'Query',
      query: {
        expression: '(#pk = :pk_eq) AND (begins_with(#sk,:sk_beginsWith))',
        expressionNames: { '#pk': 'pk', '#sk': 'sk' },
        expressionValues: { ':pk_eq': { S: 'p' }, ':sk_beginsWith': { S: 'order#' } },
      },
      index: 'byStatus',
      nextToken: 'abc',
      limit: 10,
      scanIndexForward: false,
      filter: { expression: '(#status <> :status_ne)', expressionNames: { '#status': 'status' }, expressionValues: { ':status_ne': { S: 'DONE' } } },
    });
  });

  it('builds scan and sync requests with only the options given', () => {
    expect(scan({ limit: 5, segment: 0, totalSegments: 2 })).toEqual({ operation: 'Scan', limit: 5, segment: 0, totalSegments: 2 });
    expect(sync({ limit: 10, lastSync: 1 })).toEqual({ operation: 'Sync', limit: 10, lastSync: 1 });
  });

  it('builds batch requests keyed by table name', () => {
    expect(batchGet({ tables: { posts: { keys: [{ id: '1' }], consistentRead: true } } })).toEqual({
      operation: 'BatchGetItem',
      tables: { posts: { keys: [{ id: { S: '1' } }], consistentRead: true } },
    });
    expect(batchPut({ tables: { posts: [{ id: '1', n: 2 }] } })).toEqual({
      operation: 'BatchPutItem',
      tables: { posts: [{ id: { S: '1' }, n: { N: 2 } }] },
    });
    expect(batchDelete({ tables: { posts: [{ id: '1' }] } })).toEqual({ operation: 'BatchDeleteItem', tables: { posts: [{ id: { S: '1' } }] } });
  });

  it('builds transactions naming each table', () => {
    expect(transactGet({ items: [{ table: 'posts', key: { id: '1' } }] })).toEqual({
      operation: 'TransactGetItems',
      transactItems: [{ table: 'posts', key: { id: { S: '1' } } }],
    });
    expect(
      transactWrite({
        items: [
          { putItem: { table: 'posts', key: { id: '1' }, item: { t: 'x' }, condition: { id: { attributeExists: false } } } },
          { updateItem: { table: 'posts', key: { id: '2' }, update: { n: operations.increment(2) } } },
          { deleteItem: { table: 'posts', key: { id: '3' } } },
          { conditionCheck: { table: 'users', key: { id: 'u' }, condition: { active: { eq: true } } } },
        ],
      }),
    ).toEqual({
      operation: 'TransactWriteItems',
      transactItems: [
        {
          table: 'posts',
          operation: 'PutItem',
          key: { id: { S: '1' } },
          attributeValues: { t: { S: 'x' } },
          condition: { expression: '(attribute_not_exists(#id))', expressionNames: { '#id': 'id' }, expressionValues: {} },
        },
        {
          table: 'posts',
          operation: 'UpdateItem',
          key: { id: { S: '2' } },
          update: { expression: 'SET #expName_1 = #expName_1 + :expValue_1', expressionNames: { '#expName_1': 'n' }, expressionValues: { ':expValue_1': { N: 2 } } },
        },
        { table: 'posts', operation: 'DeleteItem', key: { id: { S: '3' } } },
        {
          table: 'users',
          operation: 'ConditionCheck',
          key: { id: { S: 'u' } },
          condition: { expression: '(#active = :active_eq)', expressionNames: { '#active': 'active' }, expressionValues: { ':active_eq': { BOOL: true } } },
        },
      ],
    });
  });

  it('raises an AppSync error instead of dropping a condition it cannot render', () => {
    expect(() => put({ key: { id: 'a' }, item: {}, condition: { id: { bogus: 1 } } })).toThrow(
      expect.objectContaining({ [ERROR_MARKER]: true, message: "put: 'condition' is not a valid filter object" }),
    );
    expect(() => get({})).toThrow(expect.objectContaining({ [ERROR_MARKER]: true, message: "get: 'key' is required" }));
  });

  it('runs inside a bare sandbox realm once bundled', async () => {
    const entry = fileURLToPath(new URL('./dynamodb-builders.ts', import.meta.url));
    const bundle = await build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', globalName: 'ddb', platform: 'neutral' });
    const code = `${bundle.outputFiles[0]?.text ?? ''}; JSON.stringify(ddb.update({ key: { id: 1 }, update: { n: ddb.operations.increment(2) } }));`;
    expect(runInNewContext(code, {})).toBe(
      '{"operation":"UpdateItem","key":{"id":{"N":1}},"update":{"expression":"SET #expName_1 = #expName_1 + :expValue_1","expressionNames":{"#expName_1":"n"},"expressionValues":{":expValue_1":{"N":2}}}}',
    );
  });
});
