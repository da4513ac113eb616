/**
 * The in-memory stand-in for the ElastiCache (Redis OSS) instance AppSync runs beside an API with
 * a cache: entries with a time to live, deleted one by one (evictFromApiCache) or all at once
 * (FlushApiCache). The clock is injectable so tests move time instead of sleeping.
 */

export type Clock = () => number;

/** Bound on entries held; past it the oldest go first, as Redis's LRU eviction would drop them. */
export const DEFAULT_MAX_ENTRIES = 10_000;

interface Entry<V> {
  value: V;
  expiresAt: number;
}

export class TtlStore<V> {
  private readonly entries = new Map<string, Entry<V>>();
  /** Milliseconds since the epoch; replaced by tests (`store.clock = () => t`). */
  clock: Clock = Date.now;

  constructor(private readonly maxEntries = DEFAULT_MAX_ENTRIES) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock()) {
      this.entries.delete(key);
      return undefined;
    }
    // Re-inserting keeps the Map's first entry the least recently used one.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, ttlSeconds: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.clock() + ttlSeconds * 1000 });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
  }

  /** Deletes one entry; true when a live one was there (what apiCacheEntriesDeleted counts). */
  delete(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    return entry.expiresAt > this.clock();
  }

  /** FlushApiCache: everything goes. */
  flush(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
