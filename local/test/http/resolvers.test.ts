import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { notesApi } from '../fixtures/notes-api/definition';
import { startTestApi, type GraphqlBody, type TestApi } from '../support/local-api';

/**
 * Resolvers as a client meets them over HTTP: unit and pipeline APPSYNC_JS resolvers on DynamoDB
 * Local, a Lambda handler run in its own worker, NONE, and every way a resolver reports an error.
 */

let api: TestApi;
let dynamodb: DynamoDBClient;
let writer: { authorization: string };
const apiKey = () => ({ 'x-api-key': api.apiKey });

beforeAll(async () => {
  api = await startTestApi(notesApi);
  dynamodb = new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await api.createUser('writer@example.com');
  writer = { authorization: (await api.signIn('writer@example.com')).accessToken };
});
afterAll(async () => {
  dynamodb?.destroy();
  await api?.close();
});

async function addNote(text: string): Promise<{ id: string }> {
  const out = await api.graphql({ query: 'mutation($text: String!) { addNote(text: $text) { id } }', variables: { text } }, writer);
  expect(out.body.errors).toBeUndefined();
  return out.body.data?.addNote as { id: string };
}

async function storedNote(id: string): Promise<Record<string, unknown> | null> {
  const read = await dynamodb.send(new GetItemCommand({ TableName: api.booted.tableNames.notes, Key: marshall({ id }), ConsistentRead: true }));
  return read.Item ? unmarshall(read.Item) : null;
}

function onlyError(body: GraphqlBody): Record<string, unknown> {
  expect(body.errors).toHaveLength(1);
  return body.errors?.[0] ?? {};
}

describe('pipeline resolvers', () => {
  const TRAIL = 'query($id: ID!, $skip: Boolean) { noteTrail(id: $id, skipFunctions: $skip) { note { id text } steps handedOver } }';

  it('runs before, each function and after in order, sharing the stash and chaining prev.result', async () => {
    const { id } = await addNote('flat white');
    const out = await api.graphql({ query: TRAIL, variables: { id } }, apiKey());
    expect(out.body).toEqual({
      data: {
        noteTrail: {
          note: { id, text: 'FLAT WHITE' },
          steps: ['before', 'loadNote.request', 'loadNote.response', 'shout.request', 'shout.response', 'after'],
          handedOver: `looking up ${id}`,
        },
      },
    });
  });

  it('skips the data source and response handler of a function whose request calls runtime.earlyReturn', async () => {
    const out = await api.graphql({ query: TRAIL, variables: { id: 'cached-7' } }, apiKey());
    expect(out.body).toEqual({
      data: {
        noteTrail: {
          note: { id: 'cached-7', text: 'FROM THE EARLY RETURN' },
          steps: ['before', 'loadNote.request', 'shout.request', 'shout.response', 'after'],
          handedOver: 'looking up cached-7',
        },
      },
    });
  });

  it('goes straight to the after step when the before step returns early', async () => {
    const out = await api.graphql({ query: TRAIL, variables: { id: 'n-1', skip: true } }, apiKey());
    expect(out.body).toEqual({ data: { noteTrail: { note: { id: 'n-1', text: 'no function ran' }, steps: ['before', 'after'], handedOver: null } } });
  });
});

describe('Lambda data sources', () => {
  it('runs the handler module in a worker process of its own', async () => {
    const out = await api.graphql({ query: '{ countWords(text: "one shot oat milk") { words handlerPid functionName } }' }, apiKey());
    expect(out.body.errors).toBeUndefined();
    const count = out.body.data?.countWords as { words: number; handlerPid: number; functionName: string };
    expect(count).toMatchObject({ words: 4, functionName: 'words' });
    expect(count.handlerPid).not.toBe(process.pid);
  });

  it('turns a throwing handler into Lambda:Unhandled and keeps serving afterwards', async () => {
    const failed = await api.graphql({ query: '{ explode { words } }' }, apiKey());
    expect(failed.body).toEqual({
      data: { explode: null },
      errors: [
        {
          path: ['explode'],
          data: null,
          errorType: 'Lambda:Unhandled',
          errorInfo: null,
          locations: [{ line: 1, column: 3, sourceName: null }],
          message: 'The words service is down',
        },
      ],
    });
    const after = await api.graphql({ query: '{ countWords(text: "still here") { words } }' }, apiKey());
    expect(after.body).toEqual({ data: { countWords: { words: 2 } } });
  });
});

describe('NONE data sources', () => {
  it('pass the request payload through as the result', async () => {
    expect((await api.graphql({ query: '{ echo(text: "cortado") }' }, apiKey())).body).toEqual({ data: { echo: 'cortado' } });
  });
});

describe('errors a resolver raises', () => {
  it('util.error nulls the field and reports path, data, errorType, errorInfo, locations and message in AppSync’s order', async () => {
    const out = await api.graphql({ query: '{ strictText(text: "ab") }' }, apiKey());
    expect(out.status).toBe(200);
    expect(out.body.data).toEqual({ strictText: null });
    const error = onlyError(out.body);
    expect(error).toEqual({
      path: ['strictText'],
      data: { text: 'ab' },
      errorType: 'ValidationError',
      errorInfo: { minLength: 3 },
      locations: [{ line: 1, column: 3, sourceName: null }],
      message: 'Text is too short',
    });
    expect(Object.keys(error)).toEqual(['path', 'data', 'errorType', 'errorInfo', 'locations', 'message']);
  });

  it('util.appendError keeps the returned value and adds the error', async () => {
    const out = await api.graphql({ query: '{ lenientText(text: "  ristretto ") }' }, apiKey());
    expect(out.body.data).toEqual({ lenientText: 'ristretto' });
    const error = onlyError(out.body);
    expect(error).toEqual({
      path: ['lenientText'],
      data: null,
      errorType: 'Trimmed',
      errorInfo: { removed: 3 },
      locations: [{ line: 1, column: 3, sourceName: null }],
      message: 'Spaces around the text were removed',
    });
    expect(Object.keys(error)).toEqual(['path', 'data', 'errorType', 'errorInfo', 'locations', 'message']);
  });

  it('reports a failed write condition as DynamoDB:ConditionalCheckFailedException and leaves the item as it was', async () => {
    const { id } = await addNote('macchiato');
    const edit = 'mutation($id: ID!, $text: String!, $expected: String!) { editNote(id: $id, text: $text, expectedText: $expected) { text } }';
    const out = await api.graphql({ query: edit, variables: { id, text: 'mocha', expected: 'latte' } }, apiKey());
    expect(out.body.data).toEqual({ editNote: null });
    expect(onlyError(out.body)).toMatchObject({
      path: ['editNote'],
      errorType: 'DynamoDB:ConditionalCheckFailedException',
      message: expect.stringMatching(/^The conditional request failed \(Service: DynamoDb, Status Code: 400, Request ID: [^)]+\)$/),
    });
    expect(await storedNote(id)).toMatchObject({ id, text: 'macchiato' });

    const matching = await api.graphql({ query: edit, variables: { id, text: 'mocha', expected: 'macchiato' } }, apiKey());
    expect(matching.body).toEqual({ data: { editNote: { text: 'mocha' } } });
    expect(await storedNote(id)).toMatchObject({ id, text: 'mocha' });
  });
});

describe('stored data the schema cannot represent', () => {
  async function plant(item: Record<string, unknown>): Promise<void> {
    await dynamodb.send(new PutItemCommand({ TableName: api.booted.tableNames.notes, Item: marshall(item) }));
  }

  it('reports a null in a non-null field in graphql-java’s words, with the result path', async () => {
    await plant({ id: 'no-text', createdAt: '2024-05-01T08:00:00.000Z' });
    const out = await api.graphql({ query: '{ note(id: "no-text") { id text } }' }, apiKey());
    expect(out.body).toEqual({
      data: { note: null },
      errors: [{ path: ['note', 'text'], locations: null, message: "Cannot return null for non-nullable type: 'String' within parent 'Note' (/note/text)" }],
    });
  });

  it('reports a value an AppSync scalar cannot serialise as “Can’t serialize value”', async () => {
    await plant({ id: 'bad-date', text: 'espresso', createdAt: 'yesterday' });
    const out = await api.graphql({ query: '{ note(id: "bad-date") { text createdAt } }' }, apiKey());
    expect(out.body).toEqual({
      data: { note: null },
      errors: [
        {
          path: ['note', 'createdAt'],
          locations: null,
          message: "Can't serialize value (/note/createdAt) : Unable to serialize `yesterday` as a valid DateTime Object.",
        },
      ],
    });
  });
});
