import { timeOf } from '../shared/format';

/**
 * Pickup slots. placeOrder accepts a `pickupSlot` from a minute ago up to a day ahead
 * (resolvers/lib/order-pricing.ts); the Store type has no opening hours, only `open`, so "within
 * opening" is: while the store is open (placeOrder refuses otherwise), from the earliest the
 * order can be ready until the end of the customer's day. Slots are quarter hours, the grain
 * people arrange to collect at; the first one leaves time for the queue ahead of the order.
 */
export const SLOT_MINUTES = 15;
const MINUTE = 60_000;

export function pickupSlots(now: Date, store: { prepMinutesPerOrder: number; queueLength: number } | null): string[] {
  const prep = (store?.prepMinutesPerOrder ?? 3) * ((store?.queueLength ?? 0) + 1);
  const step = SLOT_MINUTES * MINUTE;
  const first = Math.ceil((now.getTime() + prep * MINUTE) / step) * step;
  const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime();
  const slots: string[] = [];
  for (let at = first; at < midnight; at += step) slots.push(new Date(at).toISOString());
  return slots;
}

/** "as soon as possible" or "at 10:30", for the order and the receipt. */
export const pickupText = (slot: string | null | undefined): string => (slot ? `at ${timeOf(slot)}` : 'as soon as possible');
