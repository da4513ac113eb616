import type { DailyMetrics, MetricsCounters, SalesLine } from '../../generated/graphql';
import { descending, inKeyOrder } from './sort-keys';

/**
 * The metrics table, written only by the metrics rollup Lambda (lambdas/metrics-rollup/rollup.ts
 * documents its keys): DAY#<date> / TOTAL, HOUR#<HH>, ITEM#<id>. Counters are absent until the
 * first event that moves them.
 */
export type MetricsRecord = { pk: string; sk: string; hour?: string; itemId?: string; name?: string } & Record<string, number | string | undefined>;

const COUNTERS = ['placed', 'paid', 'paymentFailures', 'cancelled', 'expired', 'ready', 'collected', 'revenue', 'refunds', 'refunded'] as const;

const num = (record: MetricsRecord, key: string): number => {
  const value = record[key];
  return typeof value === 'number' ? value : 0;
};

const average = (record: MetricsRecord, name: string): number | null => {
  const count = num(record, `${name}Count`);
  return count > 0 ? num(record, `${name}Sum`) / count : null;
};

export function toCounters(record: MetricsRecord | undefined): MetricsCounters {
  const r = record ?? ({ pk: '', sk: '' } as MetricsRecord);
  const counters = {} as Record<(typeof COUNTERS)[number], number>;
  for (const key of COUNTERS) counters[key] = num(r, key);
  return {
    ...counters,
    averageQueueSeconds: average(r, 'queueSeconds'),
    averagePrepSeconds: average(r, 'prepSeconds'),
    averageCollectSeconds: average(r, 'collectSeconds'),
  };
}

export function toDailyMetrics(businessDate: string, records: MetricsRecord[]): DailyMetrics {
  const total = records.find((r) => r.sk === 'TOTAL');
  // The Query returns rows in sort-key order, so HOUR#00..HOUR#23 arrive in order already.
  const hours = records.filter((r) => r.sk.startsWith('HOUR#')).map((r) => ({ hour: Number(r.sk.slice(5)), counters: toCounters(r) }));
  const items: Record<string, SalesLine> = {};
  for (const r of records.filter((row) => row.sk.startsWith('ITEM#') && num(row, 'quantity') > 0)) {
    const line = { menuItemId: r.sk.slice(5), name: typeof r.name === 'string' ? r.name : r.sk.slice(5), quantity: num(r, 'quantity'), revenue: num(r, 'revenue') };
    items[`${descending(line.quantity)}#${descending(line.revenue)}#${line.menuItemId}`] = line;
  }
  return { businessDate, day: toCounters(total), hours, items: inKeyOrder(items) };
}
