import type { Row } from './rows';

/**
 * Answers kept in the Lambda's memory, by query and bound values. A range that reaches today
 * (UTC) changes as events arrive: kept FRESH_TTL_MS. Firehose delivers each minute (its buffering
 * interval), and a trend chart five minutes behind tells a manager the same story; the live
 * counters are dailyMetrics. A range wholly in the past changes only by a late delivery or a replay:
 * kept PAST_TTL_MS. On AWS, Athena's query result reuse (the same ages, infra/lib/analytics.ts)
 * shares answers across execution environments as well; locally DuckDB answers in milliseconds.
 * A pending Athena execution is kept too, so asking again picks it up instead of starting another.
 */
export const FRESH_TTL_MS = 5 * 60_000;
export const PAST_TTL_MS = 60 * 60_000;
const MAX_ENTRIES = 500;

type Entry = { expires: number } & ({ rows: Row[]; computedAt: string } | { executionId: string });

export function cacheKey(query: string, values: Record<string, string>): string {
  return JSON.stringify([query, Object.entries(values).sort(([a], [b]) => a.localeCompare(b))]);
}

export function ttlFor(values: Record<string, string>, now: number): number {
  const today = new Date(now).toISOString().slice(0, 10);
  const to = values.to;
  return to === undefined || to >= today ? FRESH_TTL_MS : PAST_TTL_MS;
}

export class AnswerCache {
  private readonly entries = new Map<string, Entry>();

  get(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expires <= now) this.entries.delete(key);
    return entry && entry.expires > now ? entry : undefined;
  }

  set(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    // Oldest first out: a Map iterates in insertion order.
    while (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
