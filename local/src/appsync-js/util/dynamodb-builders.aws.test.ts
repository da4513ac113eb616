import { describe, expect, it } from 'vitest';
import { get, operations, put, remove, scan, update } from './dynamodb-builders';

/**
 * AWS's own answers (EvaluateCode, APPSYNC_JS 1.0.0) for the @aws-appsync/utils/dynamodb module,
 * each with where it was recorded. Compared as JSON, because that is how a request leaves the
 * realm (an `undefined` field vanishes there, as it does on AWS).
 *
 * - LOCALSTACK: localstack/appsync-utils, __tests__/__snapshots__/index.test.js.snap at commit
 *   e69f163377d30fc211926265d32b79cf3629d627; the suite records its snapshots by running each
 *   expression through EvaluateCode on AWS (__tests__/helpers.js, TEST_TARGET=AWS_CLOUD).
 * - FITTER: eineder/fitter-backend, __tests__/test_cases/unit/Mutation.editMyProfile.request.js,
 *   which calls EvaluateCode on resolvers/editMyProfile.js and asserts the result.
 * - DECREMENT_POST: the post "AWS AppSync DynamoDB Resolver update Add 사용" (2024-01-24), which
 *   prints the request AppSync evaluated for `update: { currentView: operations.decrement(1) }`.
 */
const LOCALSTACK = 'localstack/appsync-utils index.test.js.snap@e69f163';
const FITTER = 'eineder/fitter-backend Mutation.editMyProfile.request.js';
const DECREMENT_POST = 'post "AWS AppSync DynamoDB Resolver update Add 사용"';

const profile = { name: 'Toni Test', imageUrl: null, backgroundImageUrl: null, bio: 'The test bio', location: null, website: null, birthdate: null };

const RECORDED: ReadonlyArray<{ source: string; call: string; run: () => unknown; aws: unknown }> = [
  { source: LOCALSTACK, call: 'operations.add(10)', run: () => operations.add(10), aws: { type: 'OPERATION_ADD', value: 10 } },
  { source: LOCALSTACK, call: 'operations.append([1, 2, 3])', run: () => operations.append([1, 2, 3]), aws: { items: [1, 2, 3], type: 'OPERATION_APPEND' } },
  { source: LOCALSTACK, call: 'operations.decrement(10)', run: () => operations.decrement(10), aws: { by: 10, type: 'OPERATION_DECREMENT' } },
  { source: LOCALSTACK, call: 'operations.increment(10)', run: () => operations.increment(10), aws: { by: 10, type: 'OPERATION_INCREMENT' } },
  { source: LOCALSTACK, call: 'operations.prepend([1, 2, 3])', run: () => operations.prepend([1, 2, 3]), aws: { items: [1, 2, 3], type: 'OPERATION_PREPEND' } },
  { source: LOCALSTACK, call: 'operations.replace({ a: 10 })', run: () => operations.replace({ a: 10 }), aws: { type: 'OPERATION_REPLACE', value: { a: 10 } } },
  {
    source: LOCALSTACK,
    call: "update({ key: { id: 'test' }, update: { age: operations.add(10) } })",
    run: () => update({ key: { id: 'test' }, update: { age: operations.add(10) } }),
    aws: {
      key: { id: { S: 'test' } },
      operation: 'UpdateItem',
      update: { expression: 'SET #expName_1 = :expValue_1', expressionNames: { '#expName_1': 'age' }, expressionValues: { ':expValue_1': { N: 10 } } },
    },
  },
  {
    source: LOCALSTACK,
    call: "update({ key: { id: 'test' }, update: { values: operations.append([1, 2, 3]) } })",
    run: () => update({ key: { id: 'test' }, update: { values: operations.append([1, 2, 3]) } }),
    aws: {
      key: { id: { S: 'test' } },
      operation: 'UpdateItem',
      update: {
        expression: 'SET #expName_1 = list_append(#expName_1, :expValue_1)',
        expressionNames: { '#expName_1': 'values' },
        expressionValues: { ':expValue_1': { L: [{ N: 1 }, { N: 2 }, { N: 3 }] } },
      },
    },
  },
  {
    source: DECREMENT_POST,
    call: "update({ key: { streamId: 'asdf' }, update: { currentView: operations.decrement(1) } })",
    run: () => update({ key: { streamId: 'asdf' }, update: { currentView: operations.decrement(1) } }),
    aws: {
      update: {
        expression: 'SET #expName_1 = #expName_1 - :expValue_1',
        expressionNames: { '#expName_1': 'currentView' },
        expressionValues: { ':expValue_1': { N: 1 } },
      },
      operation: 'UpdateItem',
      key: { streamId: { S: 'asdf' } },
    },
  },
  {
    source: FITTER,
    call: 'update({ key: { id }, update: newProfile }) with null fields',
    run: () => update({ key: { id: 'u1' }, update: profile }),
    aws: {
      operation: 'UpdateItem',
      key: { id: { S: 'u1' } },
      update: {
        expression:
          'SET #expName_1 = :expValue_1, #expName_2 = :expValue_2, #expName_3 = :expValue_3, #expName_4 = :expValue_4, #expName_5 = :expValue_5, #expName_6 = :expValue_6, #expName_7 = :expValue_7',
        expressionNames: {
          '#expName_1': 'name',
          '#expName_2': 'imageUrl',
          '#expName_3': 'backgroundImageUrl',
          '#expName_4': 'bio',
          '#expName_5': 'location',
          '#expName_6': 'website',
          '#expName_7': 'birthdate',
        },
        expressionValues: {
          ':expValue_1': { S: 'Toni Test' },
          ':expValue_2': { NULL: null },
          ':expValue_3': { NULL: null },
          ':expValue_4': { S: 'The test bio' },
          ':expValue_5': { NULL: null },
          ':expValue_6': { NULL: null },
          ':expValue_7': { NULL: null },
        },
      },
    },
  },
  { source: LOCALSTACK, call: "get({ key: { id: 'id' } })", run: () => get({ key: { id: 'id' } }), aws: { key: { id: { S: 'id' } }, operation: 'GetItem' } },
  {
    source: LOCALSTACK,
    call: "put({ key: { id: 'abc' }, item: { value: 10 } })",
    run: () => put({ key: { id: 'abc' }, item: { value: 10 } }),
    aws: { attributeValues: { value: { N: 10 } }, key: { id: { S: 'abc' } }, operation: 'PutItem' },
  },
  { source: LOCALSTACK, call: "remove({ key: { id: 'test' } })", run: () => remove({ key: { id: 'test' } }), aws: { key: { id: { S: 'test' } }, operation: 'DeleteItem' } },
  { source: LOCALSTACK, call: "scan({ limit: 10, nextToken: 'abc' })", run: () => scan({ limit: 10, nextToken: 'abc' }), aws: { limit: 10, nextToken: 'abc', operation: 'Scan' } },
];

const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('@aws-appsync/utils/dynamodb as AWS renders it', () => {
  it.each(RECORDED)('$call answers what AWS answered ($source)', ({ run, aws }) => {
    expect(asJson(run())).toEqual(aws);
  });

  it('renders increment as a SET that adds, the counterpart of the recorded decrement', () => {
    expect(update({ key: { id: 'a' }, update: { views: operations.increment(2) } }).update).toEqual({
      expression: 'SET #expName_1 = #expName_1 + :expValue_1',
      expressionNames: { '#expName_1': 'views' },
      expressionValues: { ':expValue_1': { N: 2 } },
    });
  });

  it('answers increment() with no `by` once it is JSON, and steps such an operation by one', () => {
    expect(asJson(operations.increment())).toEqual({ type: 'OPERATION_INCREMENT' });
    expect(update({ key: { id: 'a' }, update: { views: operations.increment() } }).update).toMatchObject({ expressionValues: { ':expValue_1': { N: 1 } } });
  });

  it('treats an operation object built by hand like one from the helpers, since both are plain data', () => {
    expect(update({ key: { id: 'a' }, update: { n: { type: 'OPERATION_DECREMENT', by: 2 } } }).update).toMatchObject({
      expression: 'SET #expName_1 = #expName_1 - :expValue_1',
    });
  });
});
