import type { DynamoDBQueryRequest } from '@aws-appsync/utils';
import { query } from '@aws-appsync/utils/dynamodb';
import type { OrderStatus } from '../../generated/graphql';
import { BY_STATUS_INDEX, statusIndexKeys, statusPartition } from './order-keys';
import type { OrderRecord } from './order-record';
import { MINUTE_MILLIS } from './order-time';
import { SETTING_BOUNDS } from './store';

/**
 * Queue position and the estimated ready time, counted in byStatus (DynamoDB Query has no
 * COUNT through AppSync: the keys alone are read, and the count is bounded by the store's
 * largest possible capacity, which bounds the queue).
 *
 *   queuePosition    (PAID only) 1 + the PAID orders paid before it
 *   estimatedReadyAt PAID:       now + (queuePosition + PREPARING orders) x prepMinutesPerOrder
 *                                (one drink station working through the orders in turn; the
 *                                ones in preparation are counted whole, so it errs late)
 *                    PREPARING:  preparingAt + prepMinutesPerOrder, or now if that has passed
 *                    READY:      readyAt
 *                    otherwise   null
 */
export const QUEUE_COUNT_LIMIT = SETTING_BOUNDS.capacity.max;

export type QueueSource = Pick<OrderRecord, 'id' | 'status' | 'statusAt' | 'paidAt' | 'readyAt' | 'preparingAt'> & { gsi2sk?: string };

function ownStatusSortKey(order: QueueSource): string {
  return order.gsi2sk ?? statusIndexKeys(order.status, order.paidAt ?? order.statusAt, order.id).gsi2sk;
}

function keysOnly(status: OrderStatus, before: string | null): DynamoDBQueryRequest {
  return query<OrderRecord>({
    index: BY_STATUS_INDEX,
    query: before ? { gsi2pk: { eq: statusPartition(status) }, gsi2sk: { lt: before } } : { gsi2pk: { eq: statusPartition(status) } },
    projection: ['pk'],
    limit: QUEUE_COUNT_LIMIT,
  });
}

/** The PAID orders ahead of a PAID order. */
export function paidAheadQuery(order: QueueSource): DynamoDBQueryRequest {
  return keysOnly('PAID', ownStatusSortKey(order));
}

export function preparingQuery(): DynamoDBQueryRequest {
  return keysOnly('PREPARING', null);
}

export function countOf(result: { items: unknown[] }): number {
  return result.items.length;
}

export function estimateMillis(order: QueueSource, nowMillis: number, prepMinutes: number, queuePosition: number, preparing: number, preparingSinceMillis: number | null): number | null {
  if (order.status === 'PAID') return nowMillis + (queuePosition + preparing) * prepMinutes * MINUTE_MILLIS;
  if (order.status === 'PREPARING' && preparingSinceMillis !== null) return Math.max(nowMillis, preparingSinceMillis + prepMinutes * MINUTE_MILLIS);
  return null;
}
