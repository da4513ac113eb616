import type { OrderRecord, StoreRecord } from './order-record';
import type { PricedOrder } from './order-pricing';

/**
 * What placeOrder's steps hand on in ctx.stash:
 *   index.ts                 customerId, fingerprint, now
 *   1.loadOrderingState      store, or existingOrderId when the key was used for the same order
 *   2.loadMenuItems          priced
 *   3.loadCategories         priced, each line with its category's name
 *   4.writeOrder             order, or existingOrderId when a concurrent retry won the race
 *   5.loadExistingOrder      order
 * Steps 2 to 4 skip themselves once existingOrderId is set.
 */
export type PlacementStash = {
  customerId: string;
  fingerprint: string;
  now: string;
  store?: StoreRecord;
  existingOrderId?: string;
  priced?: PricedOrder;
  order?: OrderRecord;
};

/** An idempotency record lives a day: long enough for any client retry. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;


