/**
 * AppSync's caching keys: which parts of a resolver's context make up its cache entry's key.
 *
 * A resolver's `cachingKeys` name paths into the top-level maps `context.arguments`,
 * `context.source` and `context.identity` (enabling-caching.html, "Per-resolver caching"):
 * `$context.arguments.id`, `$context.identity.sub`, `$context.source.id`. Without cachingKeys the
 * key is the whole of those three maps; under FULL_REQUEST_CACHING it is `context.arguments` and
 * `context.identity`. `extensions.evictFromApiCache` names the same paths in the `ctx.` spelling
 * (`{ 'ctx.args.id': 1 }`), so both spellings come down to one canonical form here.
 */

/** The three maps AppSync lets a caching key read. */
export const CACHE_KEY_ROOTS = ['arguments', 'source', 'identity'] as const;
export type CacheKeyRoot = (typeof CACHE_KEY_ROOTS)[number];

/** What a caching key reads from: the field's context. */
export interface KeyContext {
  arguments: Record<string, unknown>;
  source: unknown;
  identity: unknown;
}

/**
 * `$context.arguments.id`, `$ctx.args.id`, `context.arguments.id` and `ctx.args.id` all become
 * `arguments.id`. Throws for a path outside the three maps, naming it: AppSync refuses it too.
 */
export function canonicalKey(path: string): string {
  const parts = path.trim().replace(/^\$/, '').split('.');
  const head = parts.shift();
  if (head !== 'context' && head !== 'ctx') throw new Error(`Caching key ${path} must start with $context.`);
  const root = parts[0] === 'args' ? 'arguments' : parts[0];
  if (!CACHE_KEY_ROOTS.includes(root as CacheKeyRoot)) {
    throw new Error(`Caching key ${path} must read $context.arguments, $context.source or $context.identity.`);
  }
  return [root, ...parts.slice(1)].join('.');
}

/** The value at a canonical path (`arguments.id`), or null when any step is missing. */
export function valueAt(context: KeyContext, canonical: string): unknown {
  let at: unknown = context;
  for (const step of canonical.split('.')) {
    if (typeof at !== 'object' || at === null) return null;
    at = (at as Record<string, unknown>)[step];
  }
  return at ?? null;
}

/** JSON with object keys sorted, so two equal contexts give one key whatever their key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The entry key of a field for the given canonical paths, in their order. */
export function entryKey(typeName: string, fieldName: string, paths: readonly string[], values: readonly unknown[]): string {
  return `${typeName}.${fieldName}|${stableJson(paths.map((path, i) => [path, values[i] ?? null]))}`;
}
