import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { batchCacheApi, BOOK_TTL_SECONDS, LABEL_BATCH_SIZE } from '../fixtures/batch-cache-api/definition';
import { startTestApi, type GraphqlBody, type TestApi } from '../support/local-api';

let api: TestApi;
let dir: string;
let log: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'batch-cache-'));
  log = join(dir, 'library.log');
  api = await startTestApi(batchCacheApi(), { lambdaEnvironment: { LIBRARY_LOG: log } });
});
afterAll(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The function's invocations so far, one line each: `batch a,b,c` or `book a`. */
function invocations(): string[] {
  try {
    return readFileSync(log, 'utf8').split('\n').filter((line) => line !== '');
  } catch {
    return [];
  }
}

async function call(query: string, variables: Record<string, unknown>): Promise<GraphqlBody> {
  const out = await api.graphql({ query, variables }, { 'x-api-key': api.apiKey });
  expect(out.status).toBe(200);
  return out.body;
}

interface Label {
  text: string;
  invocation: string;
  batchSize: number;
}

const SHELF = 'query Shelf($ids: [ID!]!) { shelf(ids: $ids) { id label { text invocation batchSize } } }';
const labelsOf = (body: GraphqlBody) => (body.data?.shelf as Array<{ id: string; label: Label | null }>).map((book) => book.label);

describe('Lambda BatchInvoke', () => {
  it('gathers a list of seven labels into ceil(7 / maxBatchSize) invocations, each answering its items in order', async () => {
    const before = invocations().length;
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const body = await call(SHELF, { ids });
    expect(body.errors).toBeUndefined();
    const labels = labelsOf(body);
    expect(labels.map((label) => label?.text)).toEqual(ids.map((id) => `Label ${id}`));
    // The three invocations run at once, so they reach the log in any order.
    expect(invocations().slice(before).sort()).toEqual(['batch a,b,c', 'batch d,e,f', 'batch g']);
    expect(new Set(labels.map((label) => label?.invocation)).size).toBe(Math.ceil(ids.length / LABEL_BATCH_SIZE));
    expect(labels.map((label) => label?.batchSize)).toEqual([3, 3, 3, 3, 3, 3, 1]);
  });

  it('gives each item its own ctx.result, so one item\'s errorMessage fails that item only', async () => {
    const body = await call(SHELF, { ids: ['a', 'bad1', 'c'] });
    expect(labelsOf(body).map((label) => label?.text ?? null)).toEqual(['Label a', null, 'Label c']);
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]).toMatchObject({ path: ['shelf', 1, 'label'], errorType: 'LabelNotFound', message: 'No label for bad1' });
  });

  it('fails every item of a batch whose answer is not one result per request', async () => {
    const body = await call(SHELF, { ids: ['a', 'short', 'c'] });
    expect(labelsOf(body)).toEqual([null, null, null]);
    expect(body.errors?.map((e) => e.errorType)).toEqual(['Lambda:Unhandled', 'Lambda:Unhandled', 'Lambda:Unhandled']);
    expect(body.errors?.[0]?.message).toBe('BatchInvoke expected a list of 3 results, one per request in order; the function returned a list of 2.');
  });

  it('fails every item of a batch whose function throws, with the function\'s error', async () => {
    const body = await call(SHELF, { ids: ['boom', 'x', 'y', 'z'] });
    const labels = labelsOf(body);
    // boom, x, y share the first batch; z has a batch of its own and stands.
    expect(labels.map((label) => label?.text ?? null)).toEqual([null, null, null, 'Label z']);
    expect(body.errors?.map((e) => [e.errorType, e.message])).toEqual([
      ['Lambda:Unhandled', 'The label printer jammed'],
      ['Lambda:Unhandled', 'The label printer jammed'],
      ['Lambda:Unhandled', 'The label printer jammed'],
    ]);
  });
});

const BOOK = 'query Book($id: ID!) { book(id: $id) { id stamp } }';
const RENAME = 'mutation Rename($id: ID!) { renameBook(id: $id) { id } }';

describe('server-side caching (PER_RESOLVER_CACHING, Query.book keyed by $context.arguments.id)', () => {
  let now: number;
  beforeEach(() => {
    now = Date.UTC(2026, 0, 1);
    const cache = api.runtime.apiCache;
    if (!cache) throw new Error('the fixture API has a cache');
    cache.flush();
    cache.store.clock = () => now;
  });

  const stampOf = async (id: string) => ((await call(BOOK, { id })).data?.book as { stamp: string }).stamp;
  const bookCalls = (id: string) => invocations().filter((line) => line === `book ${id}`).length;

  it('answers a cached field from the cache within its ttl, without invoking the data source', async () => {
    const first = await stampOf('c1');
    now += (BOOK_TTL_SECONDS - 1) * 1000;
    expect(await stampOf('c1')).toBe(first);
    expect(bookCalls('c1')).toBe(1);
  });

  it('resolves a different caching key on its own', async () => {
    const one = await stampOf('k1');
    const two = await stampOf('k2');
    expect(two).not.toBe(one);
    expect([bookCalls('k1'), bookCalls('k2')]).toEqual([1, 1]);
  });

  it('resolves again once the ttl has passed', async () => {
    const first = await stampOf('t1');
    now += BOOK_TTL_SECONDS * 1000;
    expect(await stampOf('t1')).not.toBe(first);
    expect(bookCalls('t1')).toBe(2);
  });

  it('resolves again after a mutation evicts the entry with extensions.evictFromApiCache', async () => {
    const first = await stampOf('e1');
    const other = await stampOf('e2');
    const renamed = await call(RENAME, { id: 'e1' });
    expect(renamed.errors).toBeUndefined();
    // AppSync reports the eviction in the response's extensions.
    expect((renamed as { extensions?: unknown }).extensions).toEqual({ apiCacheEntriesDeleted: 1 });
    expect(await stampOf('e1')).not.toBe(first);
    // Only the named entry goes.
    expect(await stampOf('e2')).toBe(other);
    expect([bookCalls('e1'), bookCalls('e2')]).toEqual([2, 1]);
  });

  it('does not keep an error: the next request asks the data source again', async () => {
    const failed = await call(BOOK, { id: 'fail' });
    expect(failed.errors?.[0]).toMatchObject({ errorType: 'Lambda:Unhandled', message: 'The catalogue is down' });
    await call(BOOK, { id: 'fail' });
    expect(bookCalls('fail')).toBe(2);
  });

  it('leaves fields without a cachingConfig uncached (Book.label batches again)', async () => {
    const before = invocations().length;
    await call(SHELF, { ids: ['u1'] });
    await call(SHELF, { ids: ['u1'] });
    expect(invocations().slice(before)).toEqual(['batch u1', 'batch u1']);
  });
});
