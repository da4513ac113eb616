import type { OrderRecord } from './order-record';

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

/** The page size for a `limit` argument: a default when absent, clamped to 1..100. */
export function orderPageSize(limit: number | null | undefined): number {
  return Math.min(Math.max(limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
}

/** A Query result as an OrderPage: the items are whole orders (the indexes project ALL). */
export function toOrderPage(result: { items: OrderRecord[]; nextToken?: string | null }): { items: OrderRecord[]; nextToken: string | null } {
  return { items: result.items, nextToken: result.nextToken ?? null };
}
