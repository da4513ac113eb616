import { LocalDate } from '@js-joda/core';
import type { Row } from './rows';

/**
 * Each analytics field of the API: the named query that answers it and how its rows become the
 * field's typed result (schema/schema.graphql, "Analytics"). Every result carries `status`
 * (READY, or PENDING with an `executionId` to ask again with), `computedAt` and the range.
 */
export interface AnalyticsField {
  query: string;
  /** A longer range is refused: the answer would not fit a chart (or a response). */
  maxDays?: number;
  /** The field's result's own part, from the query's rows; empty lists while PENDING. */
  shape(rows: Row[], values: Record<string, string>): Record<string, unknown>;
}

const num = (value: Row[string] | undefined) => (typeof value === 'number' ? value : 0);
const str = (value: Row[string] | undefined) => (value === null || value === undefined ? '' : String(value));
const percentiles = (row: Row, prefix: string) => ({ p50: row[`${prefix}_p50`] ?? null, p90: row[`${prefix}_p90`] ?? null });

/** How often each ISO day of the week (1 Monday .. 7 Sunday) occurs in from..to. */
function weekdayCounts(from: string, to: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (let day = LocalDate.parse(from); !day.isAfter(LocalDate.parse(to)); day = day.plusDays(1)) {
    const dow = day.dayOfWeek().value();
    counts.set(dow, (counts.get(dow) ?? 0) + 1);
  }
  return counts;
}

const QUARTER_MS = 15 * 60_000;

/** The query leaves out quarters in which nothing changed; a chart wants every quarter, carrying the length over. */
function fillQuarters(rows: Row[]): { at: string; maxLength: number; endLength: number }[] {
  const points: { at: string; maxLength: number; endLength: number }[] = [];
  let previous: { at: number; end: number } | undefined;
  for (const row of rows) {
    const at = Date.parse(str(row.bucket));
    if (previous) {
      for (let gap = previous.at + QUARTER_MS; gap < at; gap += QUARTER_MS) {
        points.push({ at: new Date(gap).toISOString(), maxLength: previous.end, endLength: previous.end });
      }
    }
    points.push({ at: new Date(at).toISOString(), maxLength: num(row.max_length), endLength: num(row.end_length) });
    previous = { at, end: num(row.end_length) };
  }
  return points;
}

export const ANALYTICS_FIELDS: Record<string, AnalyticsField> = {
  salesSeries: {
    query: 'sales_series',
    shape: (rows) => ({ points: rows.map((r) => ({ at: r.bucket, orders: num(r.orders), revenue: num(r.revenue), refunded: num(r.refunded) })) }),
  },
  itemSales: {
    query: 'sales_by_item',
    shape: (rows) => ({ items: rows.map((r) => ({ menuItemId: str(r.menu_item_id), name: str(r.name), quantity: num(r.quantity), revenue: num(r.revenue) })) }),
  },
  categorySales: {
    query: 'sales_by_category',
    shape: (rows) => ({
      categories: rows.map((r) => ({ categoryId: r.category_id === '' ? null : str(r.category_id), name: str(r.name), quantity: num(r.quantity), revenue: num(r.revenue) })),
    }),
  },
  prepTimesByHour: {
    query: 'prep_times_by_hour',
    shape: (rows) => ({ hours: rows.map((r) => ({ hourOfDay: num(r.hour_of_day), orders: num(r.orders), prep: percentiles(r, 'prep'), wait: percentiles(r, 'wait') })) }),
  },
  prepTimesByItem: {
    query: 'prep_times_by_item',
    shape: (rows) => ({
      items: rows.map((r) => ({ menuItemId: str(r.menu_item_id), name: str(r.name), orders: num(r.orders), prep: percentiles(r, 'prep'), wait: percentiles(r, 'wait') })),
    }),
  },
  orderFunnel: {
    query: 'funnel',
    shape: (rows) => {
      const r = rows[0] ?? {};
      return {
        counts: {
          placed: num(r.placed ?? 0),
          paid: num(r.paid ?? 0),
          collected: num(r.collected ?? 0),
          paymentFailures: num(r.payment_failures ?? 0),
          cancelled: num(r.cancelled ?? 0),
          expired: num(r.expired ?? 0),
          refunded: num(r.refunded ?? 0),
        },
      };
    },
  },
  repeatCustomers: {
    query: 'repeat_customers',
    shape: (rows) => {
      const buckets = rows.map((r) => ({ ordersPerCustomer: num(r.orders_per_customer), customers: num(r.customers), orders: num(r.orders) }));
      const customers = buckets.reduce((sum, b) => sum + b.customers, 0);
      const repeat = buckets.filter((b) => b.ordersPerCustomer >= 2);
      return {
        customers,
        repeatCustomers: repeat.reduce((sum, b) => sum + b.customers, 0),
        ordersFromRepeatCustomers: repeat.reduce((sum, b) => sum + b.orders, 0),
        buckets,
      };
    },
  },
  busiestHours: {
    query: 'busiest_hours',
    shape: (rows, values) => {
      const days = weekdayCounts(values.from ?? '', values.to ?? '');
      return {
        cells: rows.map((r) => {
          const orders = num(r.orders);
          const occurrences = days.get(num(r.iso_day_of_week)) ?? 0;
          return { isoDayOfWeek: num(r.iso_day_of_week), hourOfDay: num(r.hour_of_day), orders, averagePerDay: occurrences > 0 ? orders / occurrences : 0 };
        }),
      };
    },
  },
  queueLength: {
    query: 'queue_length',
    // 31 days of quarters is 2,976 points: a month on one chart, at most.
    maxDays: 31,
    shape: (rows) => ({ points: fillQuarters(rows) }),
  },
};

/** What a result holds while Athena is still running: its lists empty, its counts absent. */
export const PENDING_PARTS: Record<string, Record<string, unknown>> = {
  salesSeries: { points: [] },
  itemSales: { items: [] },
  categorySales: { categories: [] },
  prepTimesByHour: { hours: [] },
  prepTimesByItem: { items: [] },
  orderFunnel: { counts: null },
  repeatCustomers: { customers: null, repeatCustomers: null, ordersFromRepeatCustomers: null, buckets: [] },
  busiestHours: { cells: [] },
  queueLength: { points: [] },
};
