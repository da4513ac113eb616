import type { OrderFieldsFragment } from '../../../generated/client-operations';

/**
 * What a kitchen display derives from a ticket, kept pure so the page only renders it.
 *
 * Overdue: a drink takes the store's `prepMinutesPerOrder`; a ticket that has waited past one
 * such slot since payment is "due" (amber), past two it is "late" (red). Two slots, not one,
 * because a ticket normally waits behind the one being made; beyond that the queue is slipping
 * and the barista should look. READY tickets are never coloured: waiting at the counter is the
 * customer's delay, not the bar's, and the server's collection window expires them.
 */
export type Urgency = 'ok' | 'due' | 'late';

export function urgency(order: Pick<OrderFieldsFragment, 'status' | 'paidAt' | 'createdAt'>, prepMinutes: number, now: number): Urgency {
  if (order.status === 'READY') return 'ok';
  const minutes = elapsedMinutes(order, now);
  if (minutes >= 2 * prepMinutes) return 'late';
  if (minutes >= prepMinutes) return 'due';
  return 'ok';
}

export function elapsedMinutes(order: Pick<OrderFieldsFragment, 'paidAt' | 'createdAt'>, now: number): number {
  return Math.max(0, Math.floor((now - Date.parse(order.paidAt ?? order.createdAt)) / 60_000));
}

/** "0 min", "12 min", "1 h 05": short enough to read across the counter. */
export function elapsedLabel(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')}`;
}

type Line = OrderFieldsFragment['lines'][number];

/** A line's milk is a modifier when it differs from the item's default (unknown items: any milk). */
export function milkIsModifier(line: Pick<Line, 'menuItemId' | 'milk'>, defaultMilk: ReadonlyMap<string, string | null | undefined>): boolean {
  if (!line.milk) return false;
  return !defaultMilk.has(line.menuItemId) || defaultMilk.get(line.menuItemId) !== line.milk;
}

/** "3 × Flat white" over the given tickets, most first: what to batch at the machine. */
export function batchTotals(orders: ReadonlyArray<{ lines: ReadonlyArray<{ name: string; quantity: number }> }>): Array<{ name: string; quantity: number }> {
  const totals = new Map<string, number>();
  for (const order of orders) for (const line of order.lines) totals.set(line.name, (totals.get(line.name) ?? 0) + line.quantity);
  return [...totals].map(([name, quantity]) => ({ name, quantity })).sort((a, b) => b.quantity - a.quantity || a.name.localeCompare(b.name));
}
