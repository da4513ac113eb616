/**
 * AppSync's server-side caching in front of the resolvers (enabling-caching.html):
 *
 *   FULL_REQUEST_CACHING   every resolver's result is cached for the API's ttl, keyed by the
 *                          contents of context.arguments and context.identity.
 *   PER_RESOLVER_CACHING   only resolvers with a cachingConfig are; its ttl, and its cachingKeys
 *                          (the whole arguments, source and identity maps when it names none).
 *
 * A hit answers the field without running the resolver, so neither its handlers nor its data
 * source run. `extensions.evictFromApiCache(typeName, fieldName, keys)` deletes the entry whose
 * key those values make, in the order of the cached resolver's cachingKeys.
 *
 * Where the guide is silent, the choices are these (local/docs/cache.md): mutation and
 * subscription fields are never cached (their resolvers have effects), and a run that ended in an
 * error, or appended one, is not kept (the next request tries the data source again).
 */
import type { ApiCacheConfig, ResolverConfig } from '../config';
import type { FieldOutcome, RunResolver } from '../graphql/executor';
import { canonicalKey, entryKey, valueAt } from './keys';
import { TtlStore } from './store';

/** The bounds CloudFormation and the API put on ApiCache.Ttl and CachingConfig.Ttl. */
export const MIN_TTL_SECONDS = 1;
export const MAX_TTL_SECONDS = 3600;

const FULL_REQUEST_KEYS = ['arguments', 'identity'];
const DEFAULT_RESOLVER_KEYS = ['arguments', 'source', 'identity'];

interface Plan {
  ttl: number;
  /** Canonical key paths, in the resolver's order. */
  paths: string[];
}

export interface ApiCache {
  readonly behavior: ApiCacheConfig['apiCachingBehavior'];
  /** The entries; its `clock` is what tests move. */
  readonly store: TtlStore<FieldOutcome>;
  /** Puts the cache in front of a resolver runner. */
  wrap(run: RunResolver): RunResolver;
  /** evictFromApiCache; answers how many live entries went (AppSync's apiCacheEntriesDeleted). */
  evict(typeName: string, fieldName: string, keys: unknown): number;
  /** FlushApiCache. */
  flush(): void;
}

function checkTtl(ttl: unknown, what: string): number {
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < MIN_TTL_SECONDS || ttl > MAX_TTL_SECONDS) {
    throw new Error(`${what} ttl must be a whole number of seconds from ${MIN_TTL_SECONDS} to ${MAX_TTL_SECONDS}; got ${String(ttl)}.`);
  }
  return ttl;
}

/**
 * Builds the cache for one API. Throws at start-up, naming the resolver, for a ttl out of range or
 * a caching key outside context.arguments, context.source and context.identity.
 */
export function createApiCache(
  config: ApiCacheConfig,
  resolvers: readonly ResolverConfig[],
  roots: { mutation?: string | undefined; subscription?: string | undefined },
): ApiCache {
  if (config.apiCachingBehavior !== 'FULL_REQUEST_CACHING' && config.apiCachingBehavior !== 'PER_RESOLVER_CACHING') {
    throw new Error(`apiCachingBehavior must be FULL_REQUEST_CACHING or PER_RESOLVER_CACHING; got ${String(config.apiCachingBehavior)}.`);
  }
  const apiTtl = checkTtl(config.ttl, 'The API cache');
  const uncached = new Set([roots.mutation, roots.subscription].filter((name): name is string => name !== undefined));
  const plans = new Map<string, Plan>();
  for (const resolver of resolvers) {
    const field = `${resolver.typeName}.${resolver.fieldName}`;
    const caching = resolver.cachingConfig;
    if (caching) {
      checkTtl(caching.ttl, `${field}: cachingConfig`);
      for (const key of caching.cachingKeys ?? []) {
        try {
          canonicalKey(key);
        } catch (error) {
          throw new Error(`${field}: ${(error as Error).message}`);
        }
      }
    }
    if (uncached.has(resolver.typeName)) continue;
    if (config.apiCachingBehavior === 'FULL_REQUEST_CACHING') {
      plans.set(field, { ttl: apiTtl, paths: FULL_REQUEST_KEYS });
    } else if (caching) {
      const keys = caching.cachingKeys ?? [];
      plans.set(field, { ttl: caching.ttl, paths: keys.length > 0 ? keys.map(canonicalKey) : DEFAULT_RESOLVER_KEYS });
    }
  }

  const store = new TtlStore<FieldOutcome>();

  function evict(typeName: string, fieldName: string, keys: unknown): number {
    const plan = plans.get(`${typeName}.${fieldName}`);
    if (!plan || typeof keys !== 'object' || keys === null || Array.isArray(keys)) return 0;
    let paths: string[];
    try {
      paths = Object.keys(keys).map(canonicalKey);
    } catch {
      return 0;
    }
    // The guide: the items must come "in the same order as the caching keys".
    if (paths.join('\n') !== plan.paths.join('\n')) return 0;
    return store.delete(entryKey(typeName, fieldName, plan.paths, Object.values(keys))) ? 1 : 0;
  }

  return {
    behavior: config.apiCachingBehavior,
    store,
    evict,
    flush: () => store.flush(),
    wrap(run) {
      return async (input) => {
        const plan = plans.get(`${input.typeName}.${input.fieldName}`);
        const key = plan ? entryKey(input.typeName, input.fieldName, plan.paths, plan.paths.map((path) => valueAt(input, path))) : null;
        if (key !== null) {
          const hit = store.get(key);
          if (hit) return hit;
        }
        const outcome = await run(input);
        let deleted = 0;
        for (const eviction of outcome.extensions.cacheEvictions ?? []) deleted += evict(eviction.typeName, eviction.fieldName, eviction.keys);
        if (plan && key !== null && outcome.error === null && outcome.appendedErrors.length === 0) {
          // Only the value: a hit must not replay the run's subscription filters or evictions.
          store.set(key, { value: outcome.value, appendedErrors: [], error: null, extensions: {} }, plan.ttl);
        }
        return deleted > 0 ? { ...outcome, apiCacheEntriesDeleted: deleted } : outcome;
      };
    },
  };
}
