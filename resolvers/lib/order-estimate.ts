import type { QueueSource } from './order-queue';

/**
 * Order.estimatedReadyAt's stash:
 *   1.readPrepMinutes        prepMinutes (the store's prepMinutesPerOrder)
 *   2.countPaidAhead         ahead (PAID orders before this one)
 *   3.countPreparing         preparing (orders being prepared now)
 * Each step runs only for the statuses that need it (see order-queue.ts for the formula).
 */
export type EstimateStash = { prepMinutes?: number; ahead?: number; preparing?: number };

export function needsEstimate(order: QueueSource): boolean {
  return order.status === 'PAID' || order.status === 'PREPARING';
}
