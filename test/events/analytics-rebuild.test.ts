import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { categoryEvent, menuItemEvent, type LakeEvent } from '../../analytics/lake-events';
import { apiDefinition } from '../../infra/api';
import { openDuckDbLake } from '../../lambdas/analytics/duckdb';
import { readDuckDbCompat, readNamedQueries } from '../../lambdas/analytics/files';
import { bindValues } from '../../lambdas/analytics/params';
import type { EventServices } from '../../local/src/events';
import { LOCAL_REGION } from '../../local/src/services/provision';
import { startTestApi, type TestApi } from '../../local/test/support/local-api';
import { rebuildAnalytics } from '../../scripts/rebuild-analytics';
import { historyEntries, historyStories, publishEntries, type HistoryMenuItem } from '../../scripts/seed/history';
import { signInEachRole } from '../api/support/staff';

/**
 * Backfill: a known history is published through the real bus (archive, analyticsSink to the
 * Firehose stand-in, metricsRollup to the queue and the rollup Lambda), every named query runs on
 * DuckDB over the lake and dailyMetrics through the API; then the lake and the rollups are rebuilt
 * from the archive alone, and every answer is the same. Part of the history is published twice,
 * as at-least-once delivery would: the answers count each order and each event once.
 */
vi.setConfig({ testTimeout: 90_000 });

const MENU: HistoryMenuItem[] = [
  { id: 'flat-white', name: 'Flat white', categoryId: 'coffee', categoryName: 'Coffee', available: true, sizes: [{ size: 'REGULAR', price: 380 }, { size: 'LARGE', price: 430 }], milkOptions: [{ milk: 'WHOLE', surcharge: 0 }, { milk: 'OAT', surcharge: 50 }], extras: [{ id: 'extra-shot', price: 60, maxQuantity: 3 }] },
  { id: 'espresso', name: 'Espresso', categoryId: 'coffee', categoryName: 'Coffee', available: true, sizes: [{ size: 'SMALL', price: 260 }], milkOptions: [], extras: [] },
  { id: 'scone', name: 'Scone', categoryId: 'bakery', categoryName: 'Bakery', available: true, sizes: [{ size: 'REGULAR', price: 300 }], milkOptions: [], extras: [] },
];
const TODAY = '2026-11-30';
const DAYS = ['2026-11-27', '2026-11-28', '2026-11-29'];
const stories = historyStories(MENU, { days: 3, today: TODAY, ordersPerDay: 6 });
const menuAt = new Date('2026-11-26T07:00:00Z');
const menuEvents: LakeEvent[] = [
  categoryEvent(menuAt, { id: 'coffee', name: 'Coffee', version: 1 }),
  categoryEvent(menuAt, { id: 'bakery', name: 'Bakery', version: 1 }),
  menuItemEvent(menuAt, { id: 'flat-white', categoryId: 'coffee', name: 'Flat white', price: 380, version: 1 }),
  menuItemEvent(menuAt, { id: 'espresso', categoryId: 'coffee', name: 'Espresso', price: 260, version: 1 }),
  menuItemEvent(menuAt, { id: 'scone', categoryId: 'bakery', name: 'Scone', price: 300, version: 1 }),
];
const orderEntries = historyEntries(stories, 'domain');
const entries: PutEventsRequestEntry[] = [
  ...menuEvents.map((e) => ({ EventBusName: 'domain', Source: e.source, DetailType: e['detail-type'], Detail: JSON.stringify(e.detail), Time: new Date(e.time) })),
  ...orderEntries,
  // Redelivered: the first day's events a second time.
  ...orderEntries.filter((e) => e.Time && e.Time.toISOString().startsWith(DAYS[0] ?? '')),
];

const DAILY = `query($d: AWSDate) { dailyMetrics(businessDate: $d) {
  businessDate day { ...Counters } hours { hour counters { ...Counters } } items { menuItemId name quantity revenue }
} }
fragment Counters on MetricsCounters { placed paid paymentFailures cancelled expired ready collected revenue refunds refunded averageQueueSeconds averagePrepSeconds averageCollectSeconds }`;

let api: TestApi;
let events: EventServices;
let managerToken = '';
const dynamodb = new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: LOCAL_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

function queue(name: string) {
  return events.queues.get(name);
}

/** Every event delivered, counted by the rollup and written to the lake. */
async function settled(): Promise<void> {
  await events.idle();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const a = queue('metricsRollup').attributes();
    if (a.ApproximateNumberOfMessages === 0 && a.ApproximateNumberOfMessagesNotVisible === 0) break;
    if (Date.now() > deadline) throw new Error('the rollup queue did not drain');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await Promise.all(Object.values(events.deliveryStreams).map((s) => s.flush()));
}

const lakeObjects = (): string[] => {
  const root = join(events.lakeDir, 'events');
  return readdirSync(root).flatMap((dt) => readdirSync(join(root, dt)).map((f) => `${dt}/${f}`));
};

/** Every named query over the three days on DuckDB, and dailyMetrics for each day through the API. */
async function answers(): Promise<{ queries: Record<string, unknown>; daily: unknown[] }> {
  const analyticsDir = join(import.meta.dirname, '../../analytics');
  const duck = await openDuckDbLake(events.lakeDir, readDuckDbCompat(analyticsDir));
  const queries: Record<string, unknown> = {};
  try {
    for (const [name, query] of readNamedQueries(analyticsDir)) {
      for (const granularity of name === 'sales_series' ? ['HOUR', 'DAY'] : ['DAY']) {
        queries[`${name}/${granularity}`] = await duck.run(query, bindValues(query.params, { from: DAYS[0], to: DAYS[2], granularity }));
      }
    }
  } finally {
    duck.close();
  }
  const daily: unknown[] = [];
  for (const d of DAYS) {
    const { body } = await api.graphql({ query: DAILY, variables: { d } }, { authorization: managerToken });
    expect(body.errors).toBeUndefined();
    daily.push(body.data?.dailyMetrics);
  }
  return { queries, daily };
}

let before: Awaited<ReturnType<typeof answers>>;

beforeAll(async () => {
  api = await startTestApi(apiDefinition, { events: true });
  if (!api.events) throw new Error('no event services');
  events = api.events;
  managerToken = (await signInEachRole(api, 'analytics-rebuild.test')).tokens.manager;
  const client = new EventBridgeClient({ endpoint: events.endpoint, region: LOCAL_REGION, credentials: api.booted.state.iam });
  await publishEntries(client, entries);
  client.destroy();
  await settled();
  before = await answers();
}, 120_000);

afterAll(async () => {
  dynamodb.destroy();
  await api?.close();
});

describe('rebuilding the analytics from the archive', () => {
  it('answers from the published history count each order once, duplicates and all', () => {
    const funnel = before.queries['funnel/DAY'] as Record<string, unknown>[];
    expect(funnel).toHaveLength(1);
    expect(Number(funnel[0]?.placed)).toBe(stories.length);
    expect(Number(funnel[0]?.paid)).toBe(stories.filter((s) => s.paidAt).length);
    expect(Number(funnel[0]?.collected)).toBe(stories.filter((s) => s.collectedAt).length);
    const day = (before.daily[0] as { day: { placed: number } }).day;
    expect(day.placed).toBe(stories.filter((s) => s.placedAt.toISOString().startsWith(DAYS[0] ?? '')).length);
    // The lines' categories came through the bus and the stream: no sale is Uncategorised.
    const categories = before.queries['sales_by_category/DAY'] as { category_id: string; name: string }[];
    const sold = new Set(stories.filter((st) => st.paidAt && !st.refunded).flatMap((st) => st.lines.map((l) => `${l.categoryId}:${l.categoryName}`)));
    expect(new Set(categories.map((c) => `${c.category_id}:${c.name}`))).toEqual(sold);
    expect(sold.has('coffee:Coffee')).toBe(true);
    // Every query answered something to compare.
    for (const [name, rows] of Object.entries(before.queries)) expect((rows as unknown[]).length, name).toBeGreaterThan(0);
  });

  it('clears the lake and the rollups, replays the archive to metricsRollup and analyticsSink only, and gives the same answers', async () => {
    const oldObjects = lakeObjects();
    const archived = entries.length;
    const result = await rebuildAnalytics({
      services: events,
      busName: 'domain',
      region: LOCAL_REGION,
      credentials: api.booted.state.iam,
      dynamodb,
      metricsTable: api.booted.tableNames.metrics ?? 'metrics',
      rollupQueue: 'metricsRollup',
    });
    expect(result.eventsReplayed).toBe(archived);
    expect(result.rollupItemsDeleted).toBeGreaterThan(0);
    const newObjects = lakeObjects();
    expect(newObjects.length).toBeGreaterThan(0);
    expect(newObjects.filter((key) => oldObjects.includes(key))).toEqual([]);
    expect(await answers()).toEqual(before);
    expect(queue('targetDeadLetters').attributes().ApproximateNumberOfMessages).toBe(0);
  });
});
