import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validatorFor } from '../schema/events/catalog';
import { parseNamedQuery, prepare, QueryDefinitionError } from '../lambdas/analytics/catalog';
import { openDuckDbLake, type DuckDbLake } from '../lambdas/analytics/duckdb';
import { readDuckDbCompat, readNamedQueries } from '../lambdas/analytics/files';
import { bindValues, BadArgumentError } from '../lambdas/analytics/params';
import type { Row } from '../lambdas/analytics/rows';
import { generateLake } from './generate';
import { categoryEvent, menuItemEvent, orderEvents, writeLake, type LakeEvent, type OrderStory } from './lake-events';

/**
 * Every named query on DuckDB over a small lake whose answers are worked out by hand below. The
 * lake holds duplicates (one order's events delivered twice, a payment replayed days later into
 * another partition) and orders outside the range, which no answer may count.
 */
const analyticsDir = dirname(fileURLToPath(import.meta.url));
const queries = readNamedQueries(analyticsDir);
const at = (text: string) => new Date(`${text}Z`);

// Each line carries the category its item was in when the order was placed, as placeOrder stores it.
const LATTE = { menuItemId: 'latte', name: 'Latte', categoryId: 'coffee', categoryName: 'Coffee', unitPrice: 350 };
const TEA = { menuItemId: 'tea', name: 'Green Tea', categoryId: 'tea', categoryName: 'Tea', unitPrice: 300 };
const CROISSANT = { menuItemId: 'croissant', name: 'Croissant', categoryId: 'bakery', categoryName: 'Bakery', unitPrice: 250 };
/** Coffee was called "Coffees" until the evening of 2 March: A and C were sold under that name. */
const LATTE_BEFORE_RENAME = { ...LATTE, categoryName: 'Coffees' };

// Monday 2 and Tuesday 3 March 2026, the range; H (1 March) and I (4 March) fall outside.
const stories: Record<string, OrderStory> = {
  A: { orderId: 'A', customerId: 'c1', lines: [{ ...LATTE_BEFORE_RENAME, quantity: 2 }], placedAt: at('2026-03-02T08:00:00'), paidAt: at('2026-03-02T08:01:00'), preparingAt: at('2026-03-02T08:02:00'), readyAt: at('2026-03-02T08:05:00'), collectedAt: at('2026-03-02T08:07:00') },
  B: { orderId: 'B', customerId: 'c1', lines: [{ ...TEA, quantity: 1 }, { ...CROISSANT, quantity: 1 }], placedAt: at('2026-03-02T08:10:00'), paidAt: at('2026-03-02T08:11:00'), preparingAt: at('2026-03-02T08:12:00'), readyAt: at('2026-03-02T08:21:00'), collectedAt: at('2026-03-02T08:22:00') },
  C: { orderId: 'C', customerId: 'c2', lines: [{ ...LATTE_BEFORE_RENAME, quantity: 1 }], placedAt: at('2026-03-02T09:00:00'), paymentFailedAt: [at('2026-03-02T09:01:00')], paidAt: at('2026-03-02T09:02:00'), readyAt: at('2026-03-02T09:05:00'), collectedAt: at('2026-03-02T09:15:00') },
  D: { orderId: 'D', customerId: 'c3', lines: [{ ...TEA, quantity: 2 }], placedAt: at('2026-03-02T09:30:00'), paidAt: at('2026-03-02T09:31:00'), cancelledAt: at('2026-03-02T09:33:00'), refunded: true },
  E: { orderId: 'E', customerId: 'c2', lines: [{ ...LATTE, quantity: 1 }], placedAt: at('2026-03-03T08:00:00'), paidAt: at('2026-03-03T08:00:30'), readyAt: at('2026-03-03T08:03:30'), expiredAt: at('2026-03-03T08:40:00') },
  F: { orderId: 'F', customerId: 'c4', lines: [{ ...CROISSANT, quantity: 3 }], placedAt: at('2026-03-03T10:00:00'), paymentFailedAt: [at('2026-03-03T10:01:00')], expiredAt: at('2026-03-03T10:20:00') },
  G: { orderId: 'G', customerId: 'c1', lines: [{ ...LATTE, quantity: 1 }], placedAt: at('2026-03-03T08:02:00'), paidAt: at('2026-03-03T08:03:00'), readyAt: at('2026-03-03T08:10:00'), collectedAt: at('2026-03-03T08:11:00') },
  H: { orderId: 'H', customerId: 'c5', lines: [{ ...LATTE, quantity: 4 }], placedAt: at('2026-03-01T12:00:00'), paidAt: at('2026-03-01T12:01:00'), readyAt: at('2026-03-01T12:04:00'), collectedAt: at('2026-03-01T12:05:00') },
  I: { orderId: 'I', customerId: 'c1', lines: [{ ...TEA, quantity: 4 }], placedAt: at('2026-03-04T12:00:00'), paidAt: at('2026-03-04T12:01:00'), readyAt: at('2026-03-04T12:04:00'), collectedAt: at('2026-03-04T12:05:00') },
};

// The menu's own events, which no query reads any more: sales_by_category takes the category off
// each line, so neither the rename of coffee after the range nor latte's move to tea changes it.
const menu: LakeEvent[] = [
  categoryEvent(at('2026-02-01T07:00:00'), { id: 'coffee', name: 'Coffees', version: 1 }),
  categoryEvent(at('2026-03-02T20:00:00'), { id: 'coffee', name: 'Coffee', version: 2 }),
  categoryEvent(at('2026-03-04T07:00:00'), { id: 'coffee', name: 'Hot drinks', version: 3 }),
  categoryEvent(at('2026-02-01T07:00:00'), { id: 'tea', name: 'Tea', version: 1 }),
  categoryEvent(at('2026-02-01T07:00:00'), { id: 'bakery', name: 'Bakery', version: 1 }),
  menuItemEvent(at('2026-02-01T07:00:00'), { id: 'latte', categoryId: 'coffee', name: 'Latte', price: 350, version: 1 }),
  menuItemEvent(at('2026-03-04T07:00:00'), { id: 'latte', categoryId: 'tea', name: 'Latte', price: 350, version: 2 }),
  menuItemEvent(at('2026-02-01T07:00:00'), { id: 'tea', categoryId: 'tea', name: 'Green Tea', price: 300, version: 1 }),
  menuItemEvent(at('2026-02-21T07:00:00'), { id: 'croissant', categoryId: 'bakery', name: 'Croissant', price: 250, version: 1 }),
];

/** An order's events as they were written before order lines carried their category (no such keys). */
function withoutLineCategories(events: LakeEvent[]): LakeEvent[] {
  return events.map((event) => {
    const lines = (event.detail.lines as Record<string, unknown>[]).map(({ categoryId: _id, categoryName: _name, ...line }) => line);
    return { ...event, detail: { ...event.detail, lines } };
  });
}

// B's events are older than categories on lines: its tea and croissant count as Uncategorised.
const orderEventsOf = (story: OrderStory): LakeEvent[] => (story.orderId === 'B' ? withoutLineCategories(orderEvents(story)) : orderEvents(story));
const events = Object.values(stories).flatMap(orderEventsOf);
let lakeDir: string;
let lake: DuckDbLake;

beforeAll(async () => {
  lakeDir = mkdtempSync(join(tmpdir(), 'analytics-lake-'));
  writeLake(lakeDir, [...menu, ...events]);
  // Delivered twice (at-least-once), and B's payment replayed from the archive three days later.
  writeLake(lakeDir, orderEvents(stories.A as OrderStory), { arrivalDelayMs: 90_000 });
  writeLake(lakeDir, orderEventsOf(stories.B as OrderStory).filter((e) => e['detail-type'] === 'Order Paid'), { arrivalDelayMs: 3 * 86_400_000 });
  lake = await openDuckDbLake(lakeDir, readDuckDbCompat(analyticsDir));
});

afterAll(() => {
  lake.close();
  rmSync(lakeDir, { recursive: true, force: true });
});

async function run(name: string, args: Record<string, unknown> = { from: '2026-03-02', to: '2026-03-03' }): Promise<Row[]> {
  const query = queries.get(name);
  if (!query) throw new Error(`no query ${name}`);
  return lake.run(query, bindValues(query.params, args));
}

describe('the seeded lake', () => {
  it('holds events valid against the event catalog, as the delivery stream writes them', () => {
    // B's events are left out: they are of the shape before lines carried their category.
    for (const event of [...menu, ...Object.values(stories).flatMap(orderEvents)]) {
      const validate = validatorFor(event.source, event['detail-type']);
      expect(validate, `${event.source} ${event['detail-type']}`).toBeDefined();
      expect(validate?.(event), JSON.stringify(validate?.errors)).toBe(true);
    }
  });
});

describe('the named queries on DuckDB', () => {
  it('reads the folder with hive partitioning, dt a string', async () => {
    const query = parseNamedQuery('dt_probe', '-- columns: dt:string kind:string\nSELECT DISTINCT dt, typeof(dt) AS kind FROM events ORDER BY dt');
    const rows = await lake.run(query, {});
    expect(rows.map((r) => r.dt)).toEqual(['2026-02-01', '2026-02-21', '2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05']);
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(['VARCHAR']));
  });

  it('sales_series by day: orders paid and takings per day, the refund on the day it was made', async () => {
    expect(await run('sales_series', { from: '2026-03-02', to: '2026-03-03', granularity: 'DAY' })).toEqual([
      { bucket: '2026-03-02T00:00:00.000Z', orders: 4, revenue: 2200, refunded: 600 },
      { bucket: '2026-03-03T00:00:00.000Z', orders: 2, revenue: 700, refunded: 0 },
    ]);
  });

  it('sales_series by hour', async () => {
    expect(await run('sales_series', { from: '2026-03-02', to: '2026-03-03', granularity: 'HOUR' })).toEqual([
      { bucket: '2026-03-02T08:00:00.000Z', orders: 2, revenue: 1250, refunded: 0 },
      { bucket: '2026-03-02T09:00:00.000Z', orders: 2, revenue: 950, refunded: 600 },
      { bucket: '2026-03-03T08:00:00.000Z', orders: 2, revenue: 700, refunded: 0 },
    ]);
  });

  it('sales_by_item: quantities and takings net of the refunded order, most sold first', async () => {
    expect(await run('sales_by_item')).toEqual([
      { menu_item_id: 'latte', name: 'Latte', quantity: 5, revenue: 1750 },
      { menu_item_id: 'croissant', name: 'Croissant', quantity: 1, revenue: 250 },
      { menu_item_id: 'tea', name: 'Green Tea', quantity: 1, revenue: 300 },
    ]);
  });

  it('sales_by_category: each line under the category it was sold in, named as its latest sale in the range was', async () => {
    // Coffee: A 2 and C 1 (sold as "Coffees"), E 1 and G 1 (as "Coffee"); the menu's later rename
    // and latte's move to tea change nothing. B's lines carry no category (written before lines
    // had one): its tea and croissant are Uncategorised. D's tea was refunded.
    expect(await run('sales_by_category')).toEqual([
      { category_id: 'coffee', name: 'Coffee', quantity: 5, revenue: 1750 },
      { category_id: '', name: 'Uncategorised', quantity: 2, revenue: 550 },
    ]);
    expect(await run('sales_by_category', { from: '2026-03-02', to: '2026-03-02' })).toEqual([
      { category_id: 'coffee', name: 'Coffees', quantity: 3, revenue: 1050 },
      { category_id: '', name: 'Uncategorised', quantity: 2, revenue: 550 },
    ]);
    // I (4 March) sold tea under tea.
    expect(await run('sales_by_category', { from: '2026-03-04', to: '2026-03-04' })).toEqual([{ category_id: 'tea', name: 'Tea', quantity: 4, revenue: 1200 }]);
  });

  it('prep_times_by_hour: nearest-rank p50 and p90 of paid->ready and ready->collected, by the hour paid', async () => {
    // Hour 8: prep 240 (A), 600 (B), 180 (E), 420 (G); wait 120, 60, 60 (E was never collected).
    expect(await run('prep_times_by_hour')).toEqual([
      { hour_of_day: 8, orders: 4, prep_p50: 240, prep_p90: 600, wait_p50: 60, wait_p90: 120 },
      { hour_of_day: 9, orders: 1, prep_p50: 180, prep_p90: 180, wait_p50: 600, wait_p90: 600 },
    ]);
  });

  it('prep_times_by_item: an order counts once for each item on it', async () => {
    // Latte: prep 240 (A), 180 (C), 180 (E), 420 (G); wait 120, 600, 60.
    expect(await run('prep_times_by_item')).toEqual([
      { menu_item_id: 'latte', name: 'Latte', orders: 4, prep_p50: 180, prep_p90: 420, wait_p50: 120, wait_p90: 600 },
      { menu_item_id: 'croissant', name: 'Croissant', orders: 1, prep_p50: 600, prep_p90: 600, wait_p50: 60, wait_p90: 60 },
      { menu_item_id: 'tea', name: 'Green Tea', orders: 1, prep_p50: 600, prep_p90: 600, wait_p50: 60, wait_p90: 60 },
    ]);
  });

  it('funnel: placed, paid, collected, payment failures, cancellations, expiries and refunds, each once', async () => {
    expect(await run('funnel')).toEqual([{ placed: 7, paid: 6, collected: 4, payment_failures: 2, cancelled: 1, expired: 2, refunded: 1 }]);
  });

  it('repeat_customers: customers by the number of orders they paid for', async () => {
    expect(await run('repeat_customers')).toEqual([
      { orders_per_customer: 1, customers: 1, orders: 1 },
      { orders_per_customer: 2, customers: 1, orders: 2 },
      { orders_per_customer: 3, customers: 1, orders: 3 },
    ]);
  });

  it('busiest_hours: orders paid per ISO day of the week and hour', async () => {
    expect(await run('busiest_hours')).toEqual([
      { iso_day_of_week: 1, hour_of_day: 8, orders: 2 },
      { iso_day_of_week: 1, hour_of_day: 9, orders: 2 },
      { iso_day_of_week: 2, hour_of_day: 8, orders: 2 },
    ]);
  });

  it('queue_length: per quarter hour, the most orders waiting at once and the length at its last change', async () => {
    expect(await run('queue_length')).toEqual([
      { bucket: '2026-03-02T08:00:00.000Z', max_length: 1, end_length: 1 },
      { bucket: '2026-03-02T08:15:00.000Z', max_length: 0, end_length: 0 },
      { bucket: '2026-03-02T09:00:00.000Z', max_length: 1, end_length: 1 },
      { bucket: '2026-03-02T09:15:00.000Z', max_length: 0, end_length: 0 },
      { bucket: '2026-03-02T09:30:00.000Z', max_length: 1, end_length: 0 },
      { bucket: '2026-03-03T08:00:00.000Z', max_length: 2, end_length: 1 },
      { bucket: '2026-03-03T08:30:00.000Z', max_length: 0, end_length: 0 },
    ]);
  });

  it('a range with no events answers no rows, and a lake with no objects yet answers too', async () => {
    expect(await run('sales_by_item', { from: '2027-01-01', to: '2027-01-31' })).toEqual([]);
    const empty = mkdtempSync(join(tmpdir(), 'analytics-empty-'));
    const fresh = await openDuckDbLake(empty, readDuckDbCompat(analyticsDir));
    try {
      const query = queries.get('funnel');
      if (!query) throw new Error('no funnel');
      expect(await fresh.run(query, bindValues(query.params, { from: '2026-03-02', to: '2026-03-03' }))).toEqual([
        { placed: 0, paid: 0, collected: 0, payment_failures: 0, cancelled: 0, expired: 0, refunded: 0 },
      ]);
    } finally {
      fresh.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('the generator', () => {
  it('writes the layout the queries read: every order it generated is placed, in partitions of its days', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'analytics-generated-'));
    const generated = generateLake(dir, 5_000, { seed: 7 });
    const fresh = await openDuckDbLake(dir, readDuckDbCompat(analyticsDir));
    try {
      const funnel = queries.get('funnel');
      if (!funnel) throw new Error('no funnel');
      const [counts] = await fresh.run(funnel, bindValues(funnel.params, { from: generated.first, to: generated.last }));
      expect(generated.events).toBe(5_000);
      // The last day may be cut short mid-order: its placement is there, maybe not its payment.
      expect(counts?.placed).toBe(generated.orders);
      expect(Number(counts?.paid)).toBeGreaterThan(generated.orders * 0.9);
      expect(Number(counts?.paid)).toBeLessThan(generated.orders);
    } finally {
      fresh.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Partition pruning: what Athena bills is the bytes of the partitions it reads, so a query must
 * read no partition before the first one its range can need (`dt >= :dt_from`, the day before
 * `from`, params.ts). Every partition before that holds an object that is not gzip: a query that
 * opened one would fail with DuckDB's "not a GZIP stream", so a query that reads outside its range
 * fails this test, whatever it answers. There is no exception: sales_by_category, which read the
 * menu's events from every partition until order lines carried their category, is bounded too.
 * A query that must read every partition goes on this list, so the test says so.
 */
describe('partition pruning', () => {
  const READS_EVERY_PARTITION: string[] = [];
  let dir: string;
  let pruned: DuckDbLake;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'analytics-pruning-'));
    writeLake(dir, Object.values(stories).flatMap(orderEvents));
    for (const day of ['2026-02-20', '2026-02-27', '2026-02-28']) {
      const partition = join(dir, 'events', `dt=${day}`);
      mkdirSync(partition, { recursive: true });
      writeFileSync(join(partition, 'analytics-1-not-gzip.gz'), 'outside the range: never to be read');
    }
    pruned = await openDuckDbLake(dir, readDuckDbCompat(analyticsDir));
  });

  afterAll(() => {
    pruned.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [name, query] of queries) {
    it(`${name} reads no partition before the day before its range`, async () => {
      const asked = pruned.run(query, bindValues(query.params, { from: '2026-03-02', to: '2026-03-03', granularity: 'DAY' }));
      if (READS_EVERY_PARTITION.includes(name)) await expect(asked).rejects.toThrow(/not a GZIP stream/);
      else expect((await asked).length).toBeGreaterThan(0);
    });
  }
});

describe('the first partition', () => {
  it('counts an event of `from` delivered in the object Firehose began the day before', async () => {
    // Placed and paid at 00:04 on 2 March; the object holding them was begun at 23:55 on 1 March
    // (an object is named after its oldest record), so its key is under dt=2026-03-01.
    const dir = mkdtempSync(join(tmpdir(), 'analytics-midnight-'));
    const story: OrderStory = { orderId: 'M', customerId: 'c9', lines: [{ ...LATTE, quantity: 1 }], placedAt: at('2026-03-02T00:04:00'), paidAt: at('2026-03-02T00:04:30') };
    writeLake(dir, orderEvents(story), { arrivalDelayMs: -9 * 60_000 });
    const midnight = await openDuckDbLake(dir, readDuckDbCompat(analyticsDir));
    try {
      const partitions = await midnight.run(parseNamedQuery('dt_probe', '-- columns: dt:string\nSELECT DISTINCT dt FROM events'), {});
      expect(partitions).toEqual([{ dt: '2026-03-01' }]);
      const funnel = queries.get('funnel');
      if (!funnel) throw new Error('no funnel');
      const [counts] = await midnight.run(funnel, bindValues(funnel.params, { from: '2026-03-02', to: '2026-03-02' }));
      expect(counts).toMatchObject({ placed: 1, paid: 1 });
    } finally {
      midnight.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parameters', () => {
  it('become ? placeholders bound in order, never text in the SQL', () => {
    const { sql, order } = prepare(queries.get('sales_series') as NonNullable<ReturnType<typeof queries.get>>);
    expect(sql).not.toMatch(/:[a-z]/);
    expect(order).toEqual(['dt_from', 'from', 'to', 'dt_from', 'from', 'to', 'granularity']);
    expect(sql.split('?')).toHaveLength(order.length + 1);
  });

  it('refuse what is not a date, a granularity outside the list, an inverted or too long range', () => {
    const params = queries.get('sales_series')?.params ?? [];
    const refuse = (args: Record<string, unknown>) => expect(() => bindValues(params, args)).toThrow(BadArgumentError);
    refuse({ from: "2026-03-02' OR 1=1 --", to: '2026-03-03', granularity: 'DAY' });
    refuse({ from: '2026-02-30', to: '2026-03-03', granularity: 'DAY' });
    refuse({ from: '2026-03-02', to: '2026-03-03', granularity: 'minute' });
    refuse({ from: '2026-03-02', to: '2026-03-03', granularity: 'hour' });
    refuse({ from: '2026-03-04', to: '2026-03-03', granularity: 'DAY' });
    refuse({ from: '2025-01-01', to: '2026-03-03', granularity: 'DAY' });
    expect(bindValues(params, { from: '2026-03-02', to: '2026-03-03', granularity: 'HOUR' })).toEqual({ from: '2026-03-02', to: '2026-03-03', dt_from: '2026-03-01', granularity: 'hour' });
    // The first partition is derived, never taken from the client.
    expect(bindValues(params, { from: '2026-03-01', to: '2026-03-03', granularity: 'DAY', dt_from: '1970-01-01' }).dt_from).toBe('2026-02-28');
  });

  it('a query file that uses an undeclared parameter, or one outside a WHERE clause (Athena binds none there), is refused when read', () => {
    expect(() => parseNamedQuery('bad', '-- params: from:date\n-- columns: n:int\nSELECT count(*) AS n FROM events WHERE dt >= :from AND dt <= :to')).toThrow(QueryDefinitionError);
    expect(() => parseNamedQuery('bad', "-- params: granularity:granularity\n-- columns: n:int\nSELECT date_trunc(:granularity, now()) AS n FROM events WHERE dt >= '2026-01-01'")).toThrow(/outside a WHERE clause/);
  });
});
