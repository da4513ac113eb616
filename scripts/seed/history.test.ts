import { describe, expect, it } from 'vitest';
import { events } from '../../infra/api/events';
import { compileEventPattern } from '../../local/src/eventbridge/pattern';
import { validatorFor } from '../../schema/events/catalog';
import { HISTORY_PREFIX, historyEntries, historyStories, type HistoryMenuItem } from './history';

const MENU: HistoryMenuItem[] = [
  { id: 'fw', name: 'Flat white', categoryId: 'milk', categoryName: 'Milk coffee', available: true, sizes: [{ size: 'REGULAR', price: 380 }, { size: 'LARGE', price: 430 }], milkOptions: [{ milk: 'WHOLE', surcharge: 0 }, { milk: 'OAT', surcharge: 50 }], extras: [{ id: 'extra-shot', price: 60, maxQuantity: 3 }] },
  { id: 'es', name: 'Espresso', categoryId: 'espresso', categoryName: 'Espresso', available: true, sizes: [{ size: 'SMALL', price: 260 }], milkOptions: [], extras: [] },
  { id: 'lb', name: 'Long black', categoryId: 'espresso', categoryName: 'Espresso', available: false, sizes: [{ size: 'REGULAR', price: 310 }], milkOptions: [], extras: [] },
];
// 2026-11-30 is a Monday: the 28 days before it are four whole weeks, Monday 2 November on.
const stories = historyStories(MENU, { days: 28, today: '2026-11-30' });
const hourOf = (d: Date) => d.getUTCHours();

describe('seeded history', () => {
  it('covers the 28 days before today, inside opening hours, busiest in the morning peak and quieter at weekends', () => {
    const days = new Set(stories.map((s) => s.placedAt.toISOString().slice(0, 10)));
    expect(days.size).toBe(28);
    expect([...days].sort()[0]).toBe('2026-11-02');
    expect([...days].sort().at(-1)).toBe('2026-11-29');
    expect(stories.every((s) => hourOf(s.placedAt) >= 7 && hourOf(s.placedAt) < 19)).toBe(true);
    const inHour = (h: number) => stories.filter((s) => hourOf(s.placedAt) === h).length;
    expect(inHour(8)).toBeGreaterThan(inHour(15) * 2);
    const perDay = (date: string) => stories.filter((s) => s.placedAt.toISOString().startsWith(date)).length;
    expect(perDay('2026-11-07')).toBeLessThan(perDay('2026-11-04') * 0.7); // a Saturday against a Wednesday
  });

  it('orders only available drinks, priced from their size, milk and extras, with some milk other than whole', () => {
    const lines = stories.flatMap((s) => s.lines);
    expect(new Set(lines.map((l) => l.menuItemId))).toEqual(new Set(['fw', 'es']));
    for (const l of lines) {
      const item = MENU.find((m) => m.id === l.menuItemId);
      const size = item?.sizes.find((s) => s.size === l.size)?.price ?? NaN;
      const milk = item?.milkOptions.find((m) => m.milk === l.milk)?.surcharge ?? 0;
      const extras = (l.extras ?? []).reduce((sum, e) => sum + (item?.extras.find((x) => x.id === e.id)?.price ?? NaN) * e.quantity, 0);
      expect(l.unitPrice).toBe(size + milk + extras);
    }
    // Each line carries its item's category, as placeOrder stores it (sales_by_category reads it).
    expect(lines.every((l) => l.categoryId === MENU.find((m) => m.id === l.menuItemId)?.categoryId && l.categoryName === MENU.find((m) => m.id === l.menuItemId)?.categoryName)).toBe(true);
    expect(lines.some((l) => l.milk === 'OAT')).toBe(true);
    expect(lines.filter((l) => l.menuItemId === 'es').every((l) => l.milk === null)).toBe(true);
  });

  it('has payment failures, cancellations with refunds, expiries and customers who come back', () => {
    expect(stories.filter((s) => s.paymentFailedAt?.length).length).toBeGreaterThan(0);
    expect(stories.filter((s) => s.refunded).length).toBeGreaterThan(0);
    expect(stories.filter((s) => s.expiredAt && !s.paidAt).length).toBeGreaterThan(0);
    expect(stories.filter((s) => s.expiredAt && s.readyAt).length).toBeGreaterThan(0);
    const visits = new Map<string, number>();
    for (const s of stories) visits.set(s.customerId, (visits.get(s.customerId) ?? 0) + 1);
    expect(Math.max(...visits.values())).toBeGreaterThan(10);
    expect(stories.every((s) => s.orderId.startsWith(HISTORY_PREFIX))).toBe(true);
  });

  it('publishes events the catalog accepts, with their past times, in time order', () => {
    const entries = historyEntries(stories.slice(0, 60), 'domain');
    let previous = 0;
    for (const entry of entries) {
      const validate = validatorFor(entry.Source ?? '', entry.DetailType ?? '');
      expect(validate, entry.DetailType).toBeDefined();
      // The envelope as the bus builds it around the entry.
      const event = { version: '0', id: 'e', source: entry.Source, 'detail-type': entry.DetailType, account: '000000000000', time: entry.Time?.toISOString().replace(/\.\d{3}Z$/, 'Z'), region: 'eu-west-1', resources: [], detail: JSON.parse(entry.Detail ?? '{}') };
      expect(validate?.(event), JSON.stringify(validate?.errors)).toBe(true);
      expect(entry.EventBusName).toBe('domain');
      const time = entry.Time?.getTime() ?? 0;
      expect(time).toBeGreaterThanOrEqual(previous);
      previous = time;
    }
    expect(previous).toBeLessThan(Date.parse('2026-11-30T00:00:00Z'));
  });

  it("stays out of the apps' pushes (its orders are not in the table) while a live order's expiry is pushed", () => {
    const push = compileEventPattern(events.rules.pushUnpublishedChanges.eventPattern);
    const expired = stories.find((s) => s.expiredAt);
    const entry = historyEntries(expired ? [expired] : [], 'domain').find((e) => e.DetailType === 'Order Expired');
    const event = { source: entry?.Source, 'detail-type': entry?.DetailType, detail: JSON.parse(entry?.Detail ?? '{}') as Record<string, unknown> };
    expect(push.matches(event)).toBe(false);
    expect(push.matches({ ...event, detail: { ...event.detail, orderId: '01JDX5Q0ZS2Y4B3V8Q9W7E6R5T' } })).toBe(true);
  });

  it('gives the same history for the same seed', () => {
    expect(historyStories(MENU, { days: 3, today: '2026-11-30' })).toEqual(historyStories(MENU, { days: 3, today: '2026-11-30' }));
  });
});
