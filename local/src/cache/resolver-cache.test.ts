import { describe, expect, it } from 'vitest';
import type { ResolverConfig } from '../config';
import type { FieldOutcome, ResolverContextInput, RunResolver } from '../graphql/executor';
import { createApiCache } from './resolver-cache';

const code = { source: 'x.js', code: '' };
const unit = (typeName: string, fieldName: string, extra: Partial<Extract<ResolverConfig, { kind: 'UNIT' }>> = {}): ResolverConfig => ({
  kind: 'UNIT',
  typeName,
  fieldName,
  dataSource: 'NONE',
  code,
  ...extra,
});
const ROOTS = { mutation: 'Mutation', subscription: 'Subscription' };

/** A resolver runner that answers how many times it has run, so a cached answer shows. */
function counting(outcome: Partial<FieldOutcome> = {}): RunResolver & { runs: number } {
  const run = Object.assign(
    async (): Promise<FieldOutcome> => {
      run.runs += 1;
      return { value: run.runs, appendedErrors: [], error: null, extensions: {}, ...outcome };
    },
    { runs: 0 },
  );
  return run;
}

/** A field's context; identities are plain claims-like objects, enough for the key. */
function field(typeName: string, fieldName: string, args: Record<string, unknown>, more: { source?: unknown; identity?: unknown } = {}): ResolverContextInput {
  return {
    typeName,
    fieldName,
    arguments: args,
    source: null,
    identity: { sub: 'u1' },
    request: { headers: {}, domainName: null },
    info: { fieldName, parentTypeName: typeName, variables: {}, selectionSetList: [], selectionSetGraphQL: '' },
    authType: 'API_KEY',
    lane: {},
    ...more,
  } as unknown as ResolverContextInput;
}

describe('FULL_REQUEST_CACHING', () => {
  const resolvers = [unit('Query', 'note'), unit('Note', 'author'), unit('Mutation', 'addNote')];

  it('caches every query-side resolver by its arguments and identity, not by its source', async () => {
    const cache = createApiCache({ apiCachingBehavior: 'FULL_REQUEST_CACHING', ttl: 30 }, resolvers, ROOTS);
    const run = counting();
    const cached = cache.wrap(run);
    expect((await cached(field('Note', 'author', {}, { source: { id: 'n1' } }))).value).toBe(1);
    // The guide's key leaves context.source out: another parent shares the entry.
    expect((await cached(field('Note', 'author', {}, { source: { id: 'n2' } }))).value).toBe(1);
    expect((await cached(field('Note', 'author', {}, { identity: { sub: 'u2' } }))).value).toBe(2);
    expect(run.runs).toBe(2);
  });

  it('never caches a mutation field', async () => {
    const cache = createApiCache({ apiCachingBehavior: 'FULL_REQUEST_CACHING', ttl: 30 }, resolvers, ROOTS);
    const run = counting();
    const cached = cache.wrap(run);
    await cached(field('Mutation', 'addNote', { text: 'a' }));
    await cached(field('Mutation', 'addNote', { text: 'a' }));
    expect(run.runs).toBe(2);
  });

  it('expires entries by the API ttl on the injected clock', async () => {
    const cache = createApiCache({ apiCachingBehavior: 'FULL_REQUEST_CACHING', ttl: 30 }, resolvers, ROOTS);
    let now = 1_000_000;
    cache.store.clock = () => now;
    const run = counting();
    const cached = cache.wrap(run);
    await cached(field('Query', 'note', { id: '1' }));
    now += 29_999;
    await cached(field('Query', 'note', { id: '1' }));
    now += 1;
    await cached(field('Query', 'note', { id: '1' }));
    expect(run.runs).toBe(2);
  });
});

describe('PER_RESOLVER_CACHING', () => {
  const keyed = unit('Query', 'note', { cachingConfig: { ttl: 60, cachingKeys: ['$context.identity.sub', '$context.arguments.id'] } });

  it('evicts only with the items in the order of the cachingKeys', async () => {
    const cache = createApiCache({ apiCachingBehavior: 'PER_RESOLVER_CACHING', ttl: 3600 }, [keyed], ROOTS);
    await cache.wrap(counting())(field('Query', 'note', { id: '7' }));
    expect(cache.evict('Query', 'note', { 'ctx.args.id': '7', 'ctx.identity.sub': 'u1' })).toBe(0);
    expect(cache.evict('Query', 'note', { 'ctx.identity.sub': 'u1', 'ctx.args.id': '8' })).toBe(0);
    expect(cache.evict('Query', 'note', { 'ctx.identity.sub': 'u1', 'ctx.args.id': '7' })).toBe(1);
    expect(cache.store.size).toBe(0);
  });

  it('does not keep a run that appended an error', async () => {
    const cache = createApiCache({ apiCachingBehavior: 'PER_RESOLVER_CACHING', ttl: 3600 }, [keyed], ROOTS);
    const run = counting({ appendedErrors: [{ message: 'partial', errorType: 'Partial' }] });
    const cached = cache.wrap(run);
    await cached(field('Query', 'note', { id: '7' }));
    await cached(field('Query', 'note', { id: '7' }));
    expect(run.runs).toBe(2);
  });

  it('refuses at start-up a ttl out of 1..3600 and a key outside arguments, source and identity', () => {
    expect(() => createApiCache({ apiCachingBehavior: 'PER_RESOLVER_CACHING', ttl: 3601 }, [], ROOTS)).toThrow('The API cache ttl must be a whole number of seconds from 1 to 3600; got 3601.');
    expect(() =>
      createApiCache({ apiCachingBehavior: 'PER_RESOLVER_CACHING', ttl: 60 }, [unit('Query', 'note', { cachingConfig: { ttl: 60, cachingKeys: ['$context.stash.id'] } })], ROOTS),
    ).toThrow('Query.note: Caching key $context.stash.id must read $context.arguments, $context.source or $context.identity.');
  });
});
