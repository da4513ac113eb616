import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDuckDbLake } from '../lambdas/analytics/duckdb';
import { readDuckDbCompat, readNamedQueries } from '../lambdas/analytics/files';
import { bindValues, MAX_RANGE_DAYS } from '../lambdas/analytics/params';

/**
 * Times every named query on DuckDB over a lake (generate.ts --measure, bench scenario 8): for
 * each range, `runs` runs on one connection, the median kept. queue_length answers at most 31
 * days, so it skips wider ranges.
 */
export interface QueryTiming {
  query: string;
  /** Median milliseconds per range label; null where the query does not take that range. */
  ms: Record<string, number | null>;
  /** Rows the query answered over the last range it ran. */
  rows: number;
}

export type DateRange = { from: string; to: string };

const ANALYTICS_DIR = dirname(fileURLToPath(import.meta.url));
const day = (iso: string, plus: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + plus * 86_400_000).toISOString().slice(0, 10);

/**
 * The last 7 and 30 days up to `last`, and everything from `first`, or the last MAX_RANGE_DAYS
 * (the widest range the API takes) when the lake is longer: 10 million events span about six years.
 */
export function standardRanges(first: string, last: string): Record<string, DateRange> {
  const widest = day(last, -(MAX_RANGE_DAYS - 1));
  return { week: { from: day(last, -6), to: last }, month: { from: day(last, -29), to: last }, all: { from: first > widest ? first : widest, to: last } };
}

const spanDays = (r: DateRange) => (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000 + 1;

export async function measureQueries(lakeDir: string, ranges: Record<string, DateRange>, runs: number): Promise<QueryTiming[]> {
  const duck = await openDuckDbLake(lakeDir, readDuckDbCompat(ANALYTICS_DIR));
  const out: QueryTiming[] = [];
  try {
    for (const [name, query] of readNamedQueries(ANALYTICS_DIR)) {
      const timing: QueryTiming = { query: name, ms: {}, rows: 0 };
      for (const [label, range] of Object.entries(ranges)) {
        if (name === 'queue_length' && spanDays(range) > 31) {
          timing.ms[label] = null;
          continue;
        }
        const bound = bindValues(query.params, { ...range, granularity: 'HOUR' });
        const times: number[] = [];
        for (let run = 0; run < runs; run += 1) {
          const t = performance.now();
          const result = await duck.run(query, bound);
          times.push(performance.now() - t);
          timing.rows = result.length;
        }
        times.sort((a, b) => a - b);
        timing.ms[label] = Math.round(times[Math.floor(times.length / 2)] ?? 0);
      }
      out.push(timing);
    }
  } finally {
    duck.close();
  }
  return out;
}

/** Bytes a folder takes on disk (allocated blocks, as du counts them). */
export function diskBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => {
    const path = join(dir, e.name);
    return sum + (e.isDirectory() ? diskBytes(path) : statSync(path).blocks * 512);
  }, 0);
}
