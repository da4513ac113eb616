import type { OrderFieldsFragment, OrderStatus } from '../../../generated/client-operations';

export const COLUMNS = ['PAID', 'PREPARING', 'READY'] as const satisfies readonly OrderStatus[];
export type Column = (typeof COLUMNS)[number];

const isColumn = (status: OrderStatus): status is Column => (COLUMNS as readonly OrderStatus[]).includes(status);

export type Applied = 'new' | 'moved' | 'removed' | 'stale';

/**
 * The barista's queue as a fold over order versions. The same order can arrive twice (from the
 * subscription and again from a catch-up query after a reconnect), and out of order; the version
 * every transition increases decides, so applying anything twice changes nothing.
 */
export class Board {
  private readonly orders = new Map<string, OrderFieldsFragment>();
  private readonly seen = new Map<string, number>();

  apply(order: OrderFieldsFragment): Applied {
    const lastVersion = this.seen.get(order.id);
    if (lastVersion !== undefined && lastVersion >= order.version) return 'stale';
    this.seen.set(order.id, order.version);
    const had = this.orders.has(order.id);
    if (!isColumn(order.status)) {
      this.orders.delete(order.id);
      return had ? 'removed' : 'stale';
    }
    this.orders.set(order.id, order);
    return had ? 'moved' : 'new';
  }

  get(id: string): OrderFieldsFragment | undefined {
    return this.orders.get(id);
  }

  /** Oldest first: the order that has waited longest is at the top. */
  column(status: Column): OrderFieldsFragment[] {
    return [...this.orders.values()]
      .filter((order) => order.status === status)
      .sort((a, b) => (a.paidAt ?? a.createdAt).localeCompare(b.paidAt ?? b.createdAt));
  }
}
