import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directLambdaApi, NOTE_BATCH_SIZE } from '../fixtures/direct-lambda-api/definition';
import { startTestApi, type GraphqlBody, type TestApi } from '../support/local-api';

/**
 * Direct Lambda resolvers (resolver-mapping-template-reference-lambda.html, "Direct Lambda
 * Resolvers"): fields with no resolver code, the fixture's function run by the local Lambda
 * service, called over HTTP.
 */
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi(directLambdaApi());
});
afterAll(async () => {
  await api?.close();
});

async function call(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<GraphqlBody> {
  const out = await api.graphql({ query, variables }, { 'x-api-key': api.apiKey, ...headers });
  expect(out.status).toBe(200);
  return out.body;
}

describe('a Direct Lambda resolver', () => {
  it('sends the Context object as the event: arguments, identity, source, request, prev, info, stash', async () => {
    const body = await call('query Echo($w: String!) { echo(word: $w) }', { w: 'hops' }, { 'x-brew': 'pale' });
    expect(body.errors).toBeUndefined();
    const event = JSON.parse(body.data?.echo as string) as Record<string, unknown>;
    expect(Object.keys(event).sort()).toEqual(['arguments', 'identity', 'info', 'prev', 'request', 'source', 'stash']);
    expect(event).toMatchObject({
      arguments: { word: 'hops' },
      // API key requests have no identity; a top-level field no source; a unit resolver no prev.
      identity: null,
      source: null,
      prev: null,
      stash: {},
      info: { fieldName: 'echo', parentTypeName: 'Query', variables: { w: 'hops' }, selectionSetList: [], selectionSetGraphQL: '' },
    });
    const headers = (event.request as { headers: Record<string, string> }).headers;
    expect(headers['x-api-key']).toBe(api.apiKey);
    expect(headers['x-brew']).toBe('pale');
  });

  it('answers a thrown error with its name as errorType and its message', async () => {
    const body = await call('{ fail(kind: "custom") }');
    expect(body.data).toEqual({ fail: null });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['fail'], errorType: 'CustomException', message: 'Custom message', data: null })]);
  });

  it('answers a plain Error as errorType Error', async () => {
    const body = await call('{ fail(kind: "plain") }');
    expect(body.errors?.map((e) => [e.errorType, e.message])).toEqual([['Error', 'Plain failure']]);
  });

  it("replaces an UnauthorizedException's message with AppSync's own", async () => {
    const body = await call('{ fail(kind: "unauthorized") }');
    expect(body.errors?.map((e) => [e.errorType, e.message])).toEqual([['UnauthorizedException', 'You are not authorized to make this call.']]);
  });
});

const SHELF = 'query Shelf($ids: [ID!]!) { shelf(ids: $ids) { id label tag } }';
type Book = { id: string; label: string | null; tag: string | null };
const booksOf = (body: GraphqlBody) => body.data?.shelf as Book[];

describe('Direct Lambda batching', () => {
  it('sends a list of contexts per batch of maxBatchSize, and takes each result\'s data as the field\'s value', async () => {
    const body = await call(SHELF, { ids: ['a', 'b', 'c', 'd', 'e'] });
    expect(body.errors).toBeUndefined();
    expect(booksOf(body).map((book) => book.label)).toEqual([
      'label a (batch of 2)',
      'label b (batch of 2)',
      'label c (batch of 2)',
      'label d (batch of 2)',
      'label e (batch of 1)',
    ]);
  });

  it('with maxBatchSize 0 sends one context per invocation, not a list', async () => {
    const body = await call(SHELF, { ids: ['a', 'b'] });
    expect(booksOf(body).map((book) => book.tag)).toEqual(['tag a (one context)', 'tag b (one context)']);
  });

  it('fails only the item whose result has an errorMessage, with its errorType', async () => {
    const body = await call(SHELF, { ids: ['a', 'bad1', 'c'] });
    expect(booksOf(body).map((book) => book.label)).toEqual(['label a (batch of 2)', null, 'label c (batch of 1)']);
    expect(body.errors?.map((e) => [e.path, e.errorType, e.message])).toEqual([[['shelf', 1, 'label'], 'NotFound', 'No label for bad1']]);
  });

  it('fails every item of a batch whose function throws, and only that batch', async () => {
    const body = await call(SHELF, { ids: ['boom', 'x', 'y'] });
    expect(booksOf(body).map((book) => book.label)).toEqual([null, null, 'label y (batch of 1)']);
    expect(body.errors?.map((e) => [e.path, e.errorType, e.message])).toEqual([
      [['shelf', 0, 'label'], 'Error', 'The label printer jammed'],
      [['shelf', 1, 'label'], 'Error', 'The label printer jammed'],
    ]);
  });
});

describe('BatchInvoke from a pipeline function', () => {
  it('batches a coded step by its own maxBatchSize (functionSettings), not the default 5', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const body = await call('query Notes($ids: [ID!]!) { shelf(ids: $ids) { note } }', { ids });
    expect(body.errors).toBeUndefined();
    expect(NOTE_BATCH_SIZE).toBe(3);
    expect((body.data?.shelf as Array<{ note: string }>).map((book) => book.note)).toEqual([
      'note a (batch of 3)',
      'note b (batch of 3)',
      'note c (batch of 3)',
      'note d (batch of 2)',
      'note e (batch of 2)',
    ]);
  });
});
