import type { OrderRecord } from './order-record';

/**
 * orderChangesSince reads the changes index: one partition per business date (UTC) of the change,
 * sorted by <updatedAt>#<orderId>. An order sits there once, at its latest change, as a whole
 * order. The cursor is the last sort key a client got (opaque to it); no cursor means the start
 * of today.
 *
 * A tablet that reconnects the next day gets the rest of its cursor's day, then today's changes,
 * in one answer; days in between are skipped (live orders from them would show in liveQueue).
 *
 * Steps and stash:
 *   index.ts               day, after, today, limit (from the cursor)
 *   1.changesOnCursorDay   items, more: the cursor's day after the cursor
 *   2.changesSinceToday    items, more: today from its start, when the cursor's day is past and
 *                          the page has room
 */
export type ChangesStash = {
  day: string;
  after: string | null;
  today: string;
  limit: number;
  items: OrderRecord[];
  more: boolean;
};

/** `<timestamp>#<id>` as the changes index writes it. */
export const CURSOR_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z#.+$';
