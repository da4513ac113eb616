/**
 * Writes a generated lake in the delivery stream's layout (lake-events.ts) to a folder, and, with
 * --measure, times every named query on DuckDB over it. For the figures in analytics/README.md:
 *
 *   npx tsx analytics/generate.ts --events 1000000 [--out DIR] [--object-minutes 60] [--measure] [--keep]
 *
 * About 1,000 orders a day (fewer at weekends), 07:00 to 19:00 UTC with morning and lunch peaks,
 * from 1 January 2026 on until the number of events is reached; most orders are collected, some
 * fail a payment first, some are cancelled (most with a refund), some expire unpaid or uncollected.
 * A seeded generator: the same arguments write the same events.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { categoryEvent, menuItemEvent, orderEvents, writeLake, type LakeEvent, type OrderLine } from './lake-events';
import { diskBytes, measureQueries, standardRanges } from './measure';
import { customerOf, orderFate, pick, placements, random, seconds } from './order-model';

const CATEGORIES = [
  { id: 'coffee', name: 'Coffee' },
  { id: 'tea', name: 'Tea' },
  { id: 'cold', name: 'Cold drinks' },
  { id: 'bakery', name: 'Bakery' },
];
const ITEMS = [
  { id: 'espresso', categoryId: 'coffee', name: 'Espresso', price: 250, weight: 8 },
  { id: 'flat-white', categoryId: 'coffee', name: 'Flat White', price: 380, weight: 14 },
  { id: 'latte', categoryId: 'coffee', name: 'Latte', price: 390, weight: 18 },
  { id: 'cappuccino', categoryId: 'coffee', name: 'Cappuccino', price: 380, weight: 12 },
  { id: 'americano', categoryId: 'coffee', name: 'Americano', price: 300, weight: 10 },
  { id: 'mocha', categoryId: 'coffee', name: 'Mocha', price: 420, weight: 5 },
  { id: 'green-tea', categoryId: 'tea', name: 'Green Tea', price: 300, weight: 4 },
  { id: 'chai', categoryId: 'tea', name: 'Chai Latte', price: 400, weight: 5 },
  { id: 'iced-latte', categoryId: 'cold', name: 'Iced Latte', price: 420, weight: 6 },
  { id: 'lemonade', categoryId: 'cold', name: 'Lemonade', price: 350, weight: 3 },
  { id: 'croissant', categoryId: 'bakery', name: 'Croissant', price: 280, weight: 9 },
  { id: 'scone', categoryId: 'bakery', name: 'Scone', price: 300, weight: 6 },
];
const CATEGORY_NAMES: Record<string, string> = Object.fromEntries(CATEGORIES.map((c) => [c.id, c.name]));
const CUSTOMERS = 4_000;

/** One day's orders; their events all happen before midnight (the last orders come before 19:00). */
function day(rand: () => number, date: Date, next: () => number): LakeEvent[] {
  const events: LakeEvent[] = [];
  for (const { placedAt, busy } of placements(rand, date, 1_100, 600 / 1_100)) {
    const lineCount = 1 + Math.floor(rand() * rand() * 3);
    const lines: OrderLine[] = [];
    for (let i = 0; i < lineCount; i += 1) {
      const item = pick(rand, ITEMS);
      if (lines.some((l) => l.menuItemId === item.id)) continue;
      // Each line carries its category as the API's placeOrder stores it (analytics/README.md "The queries").
      lines.push({ menuItemId: item.id, name: item.name, categoryId: item.categoryId, categoryName: CATEGORY_NAMES[item.categoryId] ?? null, quantity: rand() < 0.15 ? 2 : 1, unitPrice: item.price });
    }
    events.push(...orderEvents(orderFate(rand, { orderId: `order-${next()}`, customerId: customerOf(rand, CUSTOMERS), lines, placedAt, busy })));
  }
  return events;
}

export interface GeneratedLake {
  events: number;
  orders: number;
  days: number;
  bytes: number;
  objects: number;
  first: string;
  last: string;
}

export function generateLake(dir: string, target: number, options: { seed?: number; objectMinutes?: number } = {}): GeneratedLake {
  const rand = random(options.seed ?? 2026);
  const start = new Date('2026-01-01T00:00:00Z');
  const menu = [
    ...CATEGORIES.map((c) => categoryEvent(seconds(start, 3600), { ...c, version: 1 })),
    ...ITEMS.map((i) => menuItemEvent(seconds(start, 3600), { ...i, version: 1 })),
  ];
  let bytes = writeLake(dir, menu, options);
  let events = menu.length;
  let ids = 0;
  let orders = 0;
  let days = 0;
  const next = () => (ids += 1);
  while (events < target) {
    const date = new Date(start.getTime() + days * 86_400_000);
    let batch = day(rand, date, next);
    if (events + batch.length > target) batch = batch.slice(0, target - events);
    bytes += writeLake(dir, batch, options);
    events += batch.length;
    // The last day may stop mid-order: count the orders whose placement was written.
    orders += batch.filter((e) => e['detail-type'] === 'Order Placed').length;
    days += 1;
  }
  const objects = readdirSync(join(dir, 'events')).reduce((sum, p) => sum + readdirSync(join(dir, 'events', p)).length, 0);
  const last = new Date(start.getTime() + (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return { events, orders, days, bytes, objects, first: '2026-01-01', last };
}

/**
 * Prices (us-east-1 list prices when written; check the pricing pages before relying on them):
 * Firehose Direct PUT ingestion $0.029 per GB, each record rounded up to 5 KB
 * (https://aws.amazon.com/firehose/pricing/); S3 Standard $0.023 per GB-month, PUT $0.005 and
 * GET $0.0004 per 1,000 requests (https://aws.amazon.com/s3/pricing/); Athena $5 per TB scanned,
 * each query rounded up to the MB with a 10 MB minimum (https://aws.amazon.com/athena/pricing/).
 */
const PRICE = { firehosePerGB: 0.029, s3PerGBMonth: 0.023, s3PutPer1000: 0.005, s3GetPer1000: 0.0004, athenaPerTB: 5 };
const GB = 1024 ** 3;
const MB = 1024 ** 2;
const TB = 1024 ** 4;

/**
 * What one dashboard load asks (the manager page the client will draw): today's hourly sales
 * beside the same day last week, the last 7 days' prep times, items, categories and funnel, a
 * 4-week heat map, 30 days of repeat customers, and today's queue. Each reference to `events` in a
 * query scans the partitions from its `dt_from` (the day before `from`, params.ts) to today again
 * (JSON: no column pruning), so `days` counts that extra day; sales_by_category reads its range
 * only, as sales_by_item does, since order lines carry their category.
 */
const DASHBOARD: { query: string; days: number; scans: number; fullScans?: number }[] = [
  { query: 'sales_series', days: 9, scans: 2 },
  { query: 'prep_times_by_hour', days: 8, scans: 1 },
  { query: 'prep_times_by_item', days: 8, scans: 1 },
  { query: 'sales_by_item', days: 8, scans: 2 },
  { query: 'sales_by_category', days: 8, scans: 2 },
  { query: 'funnel', days: 8, scans: 1 },
  { query: 'busiest_hours', days: 29, scans: 1 },
  { query: 'repeat_customers', days: 31, scans: 1 },
  { query: 'queue_length', days: 2, scans: 1 },
];

/** A month at `ordersPerDay`, from what the generated lake measured per order. */
export function monthlyCost(lake: GeneratedLake, ordersPerDay: number, lakeAgeDays: number, objectsPerDay: number) {
  const eventsPerOrder = lake.events / lake.orders;
  const bytesPerDay = (lake.bytes / lake.orders) * ordersPerDay;
  const eventsPerMonth = eventsPerOrder * ordersPerDay * 30;
  const firehose = ((eventsPerMonth * 5 * 1024) / GB) * PRICE.firehosePerGB;
  const storage = ((bytesPerDay * lakeAgeDays) / GB) * PRICE.s3PerGBMonth;
  const puts = ((objectsPerDay * 30) / 1000) * PRICE.s3PutPer1000;
  let athena = 0;
  let gets = 0;
  const perQuery = DASHBOARD.map((q) => {
    const scanned = bytesPerDay * q.days * q.scans + bytesPerDay * lakeAgeDays * (q.fullScans ?? 0);
    const billed = Math.max(10 * MB, Math.ceil(scanned / MB) * MB);
    const objects = objectsPerDay * (q.days * q.scans + lakeAgeDays * (q.fullScans ?? 0));
    athena += (billed / TB) * PRICE.athenaPerTB;
    gets += (objects / 1000) * PRICE.s3GetPer1000;
    return { query: q.query, scannedMB: scanned / MB, billedMB: billed / MB, objects };
  });
  return { eventsPerOrder, bytesPerDay, eventsPerMonth, firehose, storage, puts, dashboard: { athena, gets, perQuery } };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '1000000' },
      out: { type: 'string' },
      'object-minutes': { type: 'string', default: '60' },
      measure: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      runs: { type: 'string', default: '3' },
      cost: { type: 'boolean', default: false },
    },
  });
  const dir = values.out ?? mkdtempSync(join(tmpdir(), 'analytics-generated-'));
  const started = Date.now();
  const lake = generateLake(dir, Number(values.events), { objectMinutes: Number(values['object-minutes']) });
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  console.log(`wrote ${lake.events} events (${lake.orders} orders, ${lake.days} days ${lake.first}..${lake.last}) to ${dir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`objects: ${lake.objects}; object bytes: ${lake.bytes} (${mb(lake.bytes)} MiB, ${((lake.bytes / lake.events) * 1e6 / 1024 / 1024).toFixed(1)} MiB per million events); on disk: ${mb(diskBytes(dir))} MiB`);
  if (values.cost) {
    const minutes = Number(values['object-minutes']);
    // Firehose writes an object per buffering interval (60 s) while events flow, 07:00-19:00.
    const objectsPerDay = Math.ceil((12 * 60) / minutes);
    for (const age of [30, 365]) {
      const c = monthlyCost(lake, 1_000, age, objectsPerDay);
      const usd = (n: number) => `$${n.toFixed(4)}`;
      console.log(`\nAt 1,000 orders a day, lake ${age} days old, ${objectsPerDay} objects a day: ${c.eventsPerOrder.toFixed(2)} events per order, ${(c.bytesPerDay / MB).toFixed(2)} MiB of objects a day`);
      console.log(`Firehose ${usd(c.firehose)}/month (${Math.round(c.eventsPerMonth)} records billed at 5 KB), S3 storage ${usd(c.storage)}/month, S3 PUTs ${usd(c.puts)}/month`);
      console.log(`one dashboard load: Athena ${usd(c.dashboard.athena)} + S3 GETs ${usd(c.dashboard.gets)}`);
      for (const q of c.dashboard.perQuery) console.log(`  ${q.query}: scans ${q.scannedMB.toFixed(2)} MiB, billed ${q.billedMB} MiB, ${q.objects} objects`);
    }
  }
  if (values.measure) {
    const ranges = standardRanges(lake.first, lake.last);
    const labels = { week: 'last 7 days', month: 'last 30 days', all: `all ${lake.days} days` };
    console.log(`| query | ${Object.values(labels).map((l) => `${l} (ms)`).join(' | ')} | rows (all) |`);
    console.log('|---|---|---|---|---|');
    for (const t of await measureQueries(dir, ranges, Number(values.runs))) {
      const cells = Object.keys(ranges).map((label) => (t.ms[label] === null ? '(31 days at most)' : String(t.ms[label])));
      console.log(`| ${t.query} | ${cells.join(' | ')} | ${t.rows} |`);
    }
  }
  if (!values.keep && !values.out) rmSync(dir, { recursive: true, force: true });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
