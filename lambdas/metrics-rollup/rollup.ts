/**
 * What one domain event adds to the rollups. Every counter is a sum, so the order in which events
 * arrive does not matter; a duplicate is dropped by its eventId (a guard item written in the same
 * transaction as the counters). Durations come from one event's own timestamps (Order Ready
 * carries paidAt and readyAt), never from pairing two events, for the same reason.
 *
 * Keys in the metrics table:
 *   DAY#<businessDate> / TOTAL           the day
 *   DAY#<businessDate> / HOUR#<HH>       the UTC hour the event happened in
 *   DAY#<businessDate> / ITEM#<itemId>   drinks and revenue per menu item (paid, net of refunds)
 *   EVENT#<eventId>    / EVENT           the guard: this event was counted
 * The day is the order's business date (as salesReport counts it: a refund nets out the day the
 * money came in); the hour is when the event happened.
 */
export interface RollupEvent {
  'detail-type': string;
  detail: {
    eventId: string;
    occurredAt: string;
    businessDate?: string;
    total?: number;
    currency?: string;
    paidAt?: string | null;
    preparingAt?: string | null;
    readyAt?: string | null;
    collectedAt?: string | null;
    refund?: { amount: number };
    lines?: { menuItemId: string; name: string; quantity: number; lineTotal: number }[];
  };
}

/** Counters to ADD, by item key (sk); names to SET on item rows. */
export interface RollupChange {
  eventId: string;
  day: string;
  hour: string;
  counters: Record<string, number>;
  items: { itemId: string; name: string; quantity: number; revenue: number }[];
}

const seconds = (from: string | null | undefined, to: string | null | undefined): number | undefined => {
  if (!from || !to) return undefined;
  const value = (Date.parse(to) - Date.parse(from)) / 1000;
  return Number.isFinite(value) && value >= 0 ? value : undefined;
};

function duration(counters: Record<string, number>, name: string, value: number | undefined): void {
  if (value === undefined) return;
  counters[`${name}Sum`] = value;
  counters[`${name}Count`] = 1;
}

/** The change one event makes, or undefined for events the rollups do not count (store, menu). */
export function rollupChange(event: RollupEvent): RollupChange | undefined {
  const d = event.detail;
  if (!d.businessDate) return undefined;
  const counters: Record<string, number> = {};
  let items: RollupChange['items'] = [];
  const lines = d.lines ?? [];
  switch (event['detail-type']) {
    case 'Order Placed':
      counters.placed = 1;
      break;
    case 'Order Paid':
      counters.paid = 1;
      counters.revenue = d.total ?? 0;
      items = lines.map((l) => ({ itemId: l.menuItemId, name: l.name, quantity: l.quantity, revenue: l.lineTotal }));
      break;
    case 'Payment Failed':
      counters.paymentFailures = 1;
      break;
    case 'Order Preparing':
      duration(counters, 'queueSeconds', seconds(d.paidAt, d.preparingAt));
      break;
    case 'Order Ready':
      counters.ready = 1;
      duration(counters, 'prepSeconds', seconds(d.paidAt, d.readyAt));
      break;
    case 'Order Collected':
      counters.collected = 1;
      duration(counters, 'collectSeconds', seconds(d.readyAt, d.collectedAt));
      break;
    case 'Order Cancelled':
      counters.cancelled = 1;
      break;
    case 'Order Expired':
      counters.expired = 1;
      break;
    case 'Refund Issued': {
      const amount = d.refund?.amount ?? 0;
      counters.refunds = 1;
      counters.refunded = amount;
      counters.revenue = -amount;
      // A refund is always of the whole order: every line comes off its item.
      items = lines.map((l) => ({ itemId: l.menuItemId, name: l.name, quantity: -l.quantity, revenue: -l.lineTotal }));
      break;
    }
    default:
      return undefined;
  }
  return { eventId: d.eventId, day: d.businessDate, hour: d.occurredAt.slice(11, 13), counters, items: byItem(items) };
}

/** One row per item: a transaction may touch an item once, and two lines may be of one drink. */
function byItem(items: RollupChange['items']): RollupChange['items'] {
  const merged = new Map<string, RollupChange['items'][number]>();
  for (const item of items) {
    const known = merged.get(item.itemId);
    if (known) {
      known.quantity += item.quantity;
      known.revenue += item.revenue;
    } else merged.set(item.itemId, { ...item });
  }
  return [...merged.values()];
}
