/**
 * A least-recently-used map bounded by an estimate of the bytes it holds, not by its number of
 * entries: a thousand 1 MB queries are a thousand times heavier than a thousand `{ me { id } }`.
 * A Map iterates in insertion order, so re-inserting on each hit keeps the oldest entry first.
 */
export class ByteBoundedLru<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private held = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value` unless it alone would take more than an eighth of the bound. */
  set(key: string, value: V, bytes: number): void {
    const previous = this.entries.get(key);
    if (previous) {
      this.entries.delete(key);
      this.held -= previous.bytes;
    }
    if (bytes > this.maxBytes / 8) return;
    this.entries.set(key, { value, bytes });
    this.held += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.held <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.held -= entry.bytes;
    }
  }

  /** The estimated bytes held now; never above the bound. */
  get bytes(): number {
    return this.held;
  }

  get size(): number {
    return this.entries.size;
  }
}
