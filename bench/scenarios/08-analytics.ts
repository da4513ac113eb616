/**
 * Scenario 8: the analytics lake on DuckDB. analytics/generate.ts writes a lake of generated
 * orders in the delivery stream's layout (about 1,000 orders a day from 1 January 2026, one gzip
 * object per hour of arrival), then every named query runs on one DuckDB connection over the last
 * 7 days, the last 30 days and the whole lake, median of a few runs each (analytics/measure.ts,
 * the code `generate.ts --measure` runs). The lake's size is reported per million events, as gzip
 * bytes and as allocated on disk. Full size is 1 million events; smoke a few thousand.
 */
import { performance } from 'node:perf_hooks';
import { generateLake } from '../../analytics/generate';
import { diskBytes, measureQueries, standardRanges } from '../../analytics/measure';
import type { BenchContext, Row, Scenario } from '../lib/types';

const MIB = 1024 * 1024;
const RANGE_LABELS: Record<string, string> = { week: 'last 7 days', month: 'last 30 days', all: 'whole lake (366 days at most)' };

const scenario: Scenario = {
  id: '8',
  title: 'Analytics: every named query on DuckDB over a generated lake, and the lake size per million events',
  async run(context: BenchContext) {
    // BENCH_ANALYTICS_EVENTS=10000000 for the larger lake (a full run's default is 1M).
    const asked = Number(process.env['BENCH_ANALYTICS_EVENTS'] ?? '');
    const target = context.size(Number.isInteger(asked) && asked > 0 ? asked : 1_000_000, 5_000);
    const runs = context.size(3, 1);
    const dir = context.tempDir('analytics-lake');
    const started = performance.now();
    const lake = generateLake(dir, target);
    const writeSeconds = (performance.now() - started) / 1000;
    const onDisk = diskBytes(dir);
    const perMillion = (bytes: number) => (bytes / lake.events) * 1e6;
    context.log(`lake: ${lake.events} events, ${lake.orders} orders, ${lake.days} days, ${lake.objects} objects, ${(lake.bytes / MIB).toFixed(1)} MiB in ${writeSeconds.toFixed(0)} s`);

    const ranges = standardRanges(lake.first, lake.last);
    const timings = await measureQueries(dir, ranges, runs);
    const rows: Row[] = [];
    for (const [label, range] of Object.entries(ranges)) {
      for (const t of timings) {
        const ms = t.ms[label];
        if (ms === null || ms === undefined) continue;
        rows.push({
          group: `${RANGE_LABELS[label] ?? label} (${range.from}..${range.to})`,
          label: `${t.query}, ${RANGE_LABELS[label] ?? label}`,
          // The cheapest query of each range is the yardstick the others are read against.
          reference: t.query === 'repeat_customers',
          throughput: null,
          p50Ms: ms,
          p99Ms: null,
          peakRssBytes: null,
          note: `median of ${runs}`,
          detail: { range, runs },
        });
      }
    }
    rows.push({
      group: 'lake size',
      label: 'per million events',
      throughput: null,
      p50Ms: null,
      p99Ms: null,
      peakRssBytes: null,
      note: `${(perMillion(lake.bytes) / MIB).toFixed(1)} MiB of gzip objects, ${(perMillion(onDisk) / MIB).toFixed(1)} MiB on disk (one object per hour)`,
      detail: { events: lake.events, orders: lake.orders, days: lake.days, objects: lake.objects, objectBytes: lake.bytes, diskBytes: onDisk, writeSeconds },
    });
    return {
      rows,
      notes: [
        `${lake.events.toLocaleString('en')} events (${lake.orders.toLocaleString('en')} orders, ${lake.days} days ${lake.first}..${lake.last}, ${lake.objects.toLocaleString('en')} objects), written in ${writeSeconds.toFixed(0)} s.`,
        'p50 is the median of the runs on one DuckDB connection (the compat macros loaded once, as the analytics Lambda keeps its connection); queue_length answers at most 31 days, so it has no whole-lake row.',
        'The ratio column compares each query with repeat_customers over the same range.',
      ],
    };
  },
};

export default scenario;
