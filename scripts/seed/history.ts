import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { orderEvents, type OrderLine, type OrderStory } from '../../analytics/lake-events';
import { customerOf, orderFate, pick, placements, random } from '../../analytics/order-model';
import type { AuthContext } from '../../local/src/identity';
import type { Runtime } from '../../local/src/runtime';
import { runAs } from './manager';

/**
 * Weeks of past orders for the managers' charts on a first `npm start`, published as domain
 * events with their past `Time` through the bus's SDK endpoint, 10 entries a call (PutEvents'
 * limit), so they take the path live events take: the archive, analyticsSink to the lake and
 * metricsRollup to the daily rollups. Nothing writes the lake or the tables directly, and the
 * orders exist only as events (the orders table never held them).
 *
 * Their order ids start with HISTORY_PREFIX: pushUnpublishedChanges (infra/api/events.ts) leaves
 * them out, since notifyOrderChanged reads an order that is not in the table.
 */
export const HISTORY_PREFIX = 'history-';

export interface HistoryMenuItem {
  id: string;
  name: string;
  /** The item's category, which each line carries as placeOrder stores it. */
  categoryId: string;
  categoryName: string;
  available: boolean;
  sizes: { size: string; price: number }[];
  milkOptions: { milk: string; surcharge: number }[];
  extras: { id: string; price: number; maxQuantity: number }[];
}

export interface HistoryOptions {
  /** Days of history, ending the day before `today`. */
  days: number;
  /** Today's date (UTC, yyyy-MM-dd): history stops the day before. */
  today: string;
  /** Weekday orders; weekends have about half. */
  ordersPerDay?: number;
  customers?: number;
  seed?: number;
}

/** How often each drink is ordered, relative, by its seed name; the rest of the menu counts 2. */
const POPULAR: Record<string, number> = { 'Flat white': 14, Latte: 16, Cappuccino: 12, Americano: 9, Espresso: 6, 'Iced latte': 5, Mocha: 4, Cortado: 4 };
/** Which milk a milk drink gets (the rest of a menu's milks count 1). */
const MILKS: Record<string, number> = { WHOLE: 45, OAT: 28, SKIM: 10, SOY: 7, ALMOND: 6 };

function line(rand: () => number, item: HistoryMenuItem): OrderLine {
  const size = pick(rand, item.sizes.map((s) => ({ ...s, weight: s.size === 'REGULAR' ? 6 : 2 })));
  const milk = item.milkOptions.length > 0 ? pick(rand, item.milkOptions.map((m) => ({ ...m, weight: MILKS[m.milk] ?? 1 }))) : null;
  const extra = item.extras.length > 0 && rand() < 0.18 ? (item.extras[Math.floor(rand() * item.extras.length)] ?? null) : null;
  const unitPrice = size.price + (milk?.surcharge ?? 0) + (extra?.price ?? 0);
  return {
    menuItemId: item.id,
    name: item.name,
    categoryId: item.categoryId,
    categoryName: item.categoryName,
    size: size.size,
    milk: milk?.milk ?? null,
    extras: extra ? [{ id: extra.id, quantity: 1 }] : [],
    quantity: rand() < 0.12 ? 2 : 1,
    unitPrice,
  };
}

/** The stories of the history's orders, oldest first: opening hours, peaks and fates from analytics/order-model.ts. */
export function historyStories(menu: readonly HistoryMenuItem[], options: HistoryOptions): OrderStory[] {
  const rand = random(options.seed ?? 13);
  const items = menu.filter((item) => item.available && item.sizes.length > 0).map((item) => ({ item, weight: POPULAR[item.name] ?? 2 }));
  if (items.length === 0) throw new Error('The menu has no available drink to seed history with.');
  const stories: OrderStory[] = [];
  const todayMs = Date.parse(`${options.today}T00:00:00Z`);
  for (let d = options.days; d >= 1; d -= 1) {
    const date = new Date(todayMs - d * 86_400_000);
    const dateText = date.toISOString().slice(0, 10);
    let n = 0;
    let paid = 0;
    for (const { placedAt, busy } of placements(rand, date, options.ordersPerDay ?? 120)) {
      n += 1;
      const lines: OrderLine[] = [];
      const drinks = 1 + Math.floor(rand() * rand() * 3);
      for (let i = 0; i < drinks; i += 1) {
        const next = line(rand, pick(rand, items).item);
        if (!lines.some((l) => l.menuItemId === next.menuItemId)) lines.push(next);
      }
      const story = orderFate(rand, {
        orderId: `${HISTORY_PREFIX}${dateText}-${String(n).padStart(4, '0')}`,
        customerId: customerOf(rand, options.customers ?? 400, `${HISTORY_PREFIX}customer-`),
        lines,
        placedAt,
        busy,
      });
      if (story.paidAt) story.orderNumber = (paid += 1);
      stories.push(story);
    }
  }
  return stories;
}

/** The stories' events as PutEvents entries on `busName`, in the order they happened. */
export function historyEntries(stories: readonly OrderStory[], busName: string): PutEventsRequestEntry[] {
  return stories
    .flatMap((story) => orderEvents(story))
    .sort((a, b) => Date.parse(a.time) - Date.parse(b.time))
    .map((event) => ({ EventBusName: busName, Source: event.source, DetailType: event['detail-type'], Detail: JSON.stringify(event.detail), Time: new Date(event.time) }));
}

/** Sends entries 10 a call, a few calls in flight; throws if the bus refuses any entry. */
export async function publishEntries(client: EventBridgeClient, entries: readonly PutEventsRequestEntry[], inFlight = 4): Promise<void> {
  const batches: PutEventsRequestEntry[][] = [];
  for (let i = 0; i < entries.length; i += 10) batches.push(entries.slice(i, i + 10));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) {
      const batch = batches[next] ?? [];
      next += 1;
      const answer = await client.send(new PutEventsCommand({ Entries: batch }));
      const failed = answer.Entries?.find((entry) => entry.ErrorCode);
      if (answer.FailedEntryCount) throw new Error(`The bus refused ${answer.FailedEntryCount} history events: ${failed?.ErrorCode} ${failed?.ErrorMessage}`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

const READ_MENU = 'query { menu { categories { id name items { id categoryId name available sizes { size price } milkOptions { milk surcharge } extras { id price maxQuantity } } } } }';

export interface SeedHistoryOptions {
  runtime: Runtime;
  manager: AuthContext;
  /** The bus's SDK endpoint and the bus to publish on. */
  endpoint: string;
  busName: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Written once the history is published: its presence means "seeded already". */
  markerFile: string;
  /** Resolves when the bus has handed every event to its targets. */
  idle(): Promise<void>;
  /** Writes what the delivery streams hold, so the lake has the history now and not a buffering interval later. */
  flushLake(): Promise<unknown>;
  days?: number;
  ordersPerDay?: number;
}

export interface SeededHistory {
  orders: number;
  events: number;
  days: number;
  /** False when an earlier start seeded it. */
  seededNow: boolean;
}

/** Seeds the history once; later starts read the marker and publish nothing. */
export async function seedHistory(options: SeedHistoryOptions): Promise<SeededHistory> {
  if (existsSync(options.markerFile)) {
    return { ...(JSON.parse(readFileSync(options.markerFile, 'utf8')) as Omit<SeededHistory, 'seededNow'>), seededNow: false };
  }
  type MenuCategory = { id: string; name: string; items: Omit<HistoryMenuItem, 'categoryName'>[] };
  const data = await runAs<{ menu: { categories: MenuCategory[] } }>(options.runtime, options.manager, 'reading the menu for history', READ_MENU);
  const days = options.days ?? 28;
  const stories = historyStories(
    data.menu.categories.flatMap((c) => c.items.map((item) => ({ ...item, categoryName: c.name }))),
    { days, today: new Date().toISOString().slice(0, 10), ...(options.ordersPerDay !== undefined && { ordersPerDay: options.ordersPerDay }) },
  );
  const entries = historyEntries(stories, options.busName);
  const client = new EventBridgeClient({ endpoint: options.endpoint, region: options.region, credentials: options.credentials });
  try {
    await publishEntries(client, entries);
  } finally {
    client.destroy();
  }
  await options.idle();
  await options.flushLake();
  const seeded = { orders: stories.length, events: entries.length, days };
  writeFileSync(options.markerFile, `${JSON.stringify({ ...seeded, seededAt: new Date().toISOString() })}\n`);
  return { ...seeded, seededNow: true };
}
