import { describe, expect, it } from 'vitest';
import { rollupChange } from './rollup';

const lines = [
  { menuItemId: 'fw', name: 'Flat white', quantity: 2, lineTotal: 800 },
  { menuItemId: 'fw', name: 'Flat white', quantity: 1, lineTotal: 460 },
  { menuItemId: 'cr', name: 'Croissant', quantity: 1, lineTotal: 300 },
];
const event = (type: string, detail: Record<string, unknown> = {}) => ({
  'detail-type': type,
  detail: { eventId: `o1:1:${type}`, occurredAt: '2026-12-02T08:15:00.000Z', businessDate: '2026-12-02', total: 1560, lines, ...detail },
});

describe('rollupChange', () => {
  it('counts a paid order into its day and hour, one row per item however many lines name it', () => {
    expect(rollupChange(event('Order Paid'))).toEqual({
      eventId: 'o1:1:Order Paid',
      day: '2026-12-02',
      hour: '08',
      counters: { paid: 1, revenue: 1560 },
      items: [
        { itemId: 'fw', name: 'Flat white', quantity: 3, revenue: 1260 },
        { itemId: 'cr', name: 'Croissant', quantity: 1, revenue: 300 },
      ],
    });
  });

  it('takes a refund off the revenue and off every item, and counts it', () => {
    const change = rollupChange(event('Refund Issued', { refund: { amount: 1560 } }));
    expect(change?.counters).toEqual({ refunds: 1, refunded: 1560, revenue: -1560 });
    expect(change?.items.map((i) => [i.itemId, i.quantity, i.revenue])).toEqual([['fw', -3, -1260], ['cr', -1, -300]]);
  });

  it("times preparation from the event's own timestamps, and never a negative or missing duration", () => {
    expect(rollupChange(event('Order Ready', { paidAt: '2026-12-02T08:00:00.000Z', readyAt: '2026-12-02T08:04:30.000Z' }))?.counters).toEqual({ ready: 1, prepSecondsSum: 270, prepSecondsCount: 1 });
    expect(rollupChange(event('Order Ready', { paidAt: '2026-12-02T08:05:00.000Z', readyAt: '2026-12-02T08:04:30.000Z' }))?.counters).toEqual({ ready: 1 });
    expect(rollupChange(event('Order Collected', { readyAt: null, collectedAt: '2026-12-02T08:10:00.000Z' }))?.counters).toEqual({ collected: 1 });
  });

  it('ignores store and menu events', () => {
    expect(rollupChange({ 'detail-type': 'Store Opened', detail: { eventId: 's', occurredAt: '2026-12-02T07:00:00.000Z' } })).toBeUndefined();
  });
});
