import type { OrderStatus } from '../../generated/graphql';
import { businessDateOf } from './order-time';

export { storeKey } from './store';

/**
 * Keys of the orders table (infra/api/tables.ts): one table for the whole order domain, so that
 * placing or moving an order is one transaction.
 *
 *   ORDER#<id> / ORDER                        the order
 *   ORDER#<id> / EVENT#<at>#<status>          its audit trail, oldest first
 *   STORE / STORE                             open, capacity, limits, queue length
 *   CUSTOMER#<sub> / CUSTOMER                 the customer's active-order count
 *   COUNTER#<date> / COUNTER                  the day's last order number
 *   IDEMPOTENCY#<sub>#<key> / IDEMPOTENCY     placeOrder retries (TTL expiresAt)
 *
 * and the order's index attributes:
 *   byCustomer  gsi1pk CUSTOMER#<sub>     gsi1sk <createdAt>#<id>   my orders, newest first
 *   byStatus    gsi2pk STATUS#<status>    gsi2sk <statusAt>#<id>    the queue, oldest first
 *   changes     gsi3pk CHANGES#<date>     gsi3sk <updatedAt>#<id>   catch-up after a reconnect
 *   byDue       gsi4pk DUE                gsi4sk <dueAt>#<id>       sparse: what the sweeper must settle
 * The changes partition is the business date of the CHANGE, not of the order, so "since the start
 * of today" is one partition.
 */
export type TableKey = { pk: string; sk: string };

export const BY_CUSTOMER_INDEX = 'byCustomer';
export const BY_STATUS_INDEX = 'byStatus';
export const CHANGES_INDEX = 'changes';
export const BY_DUE_INDEX = 'byDue';
export const DUE_PARTITION = 'DUE';

export const EVENT_PREFIX = 'EVENT#';

export function orderKey(id: string): TableKey {
  return { pk: `ORDER#${id}`, sk: 'ORDER' };
}

export function orderEventKey(id: string, at: string, status: OrderStatus): TableKey {
  return { pk: `ORDER#${id}`, sk: `${EVENT_PREFIX}${at}#${status}` };
}

export function customerKey(customerId: string): TableKey {
  return { pk: `CUSTOMER#${customerId}`, sk: 'CUSTOMER' };
}

export function counterKey(businessDate: string): TableKey {
  return { pk: `COUNTER#${businessDate}`, sk: 'COUNTER' };
}

/** The placements of one customer in one clock hour, for the per-account rate limit. */
export function placementRateKey(customerId: string, hour: string): TableKey {
  return { pk: `RATE#${customerId}#${hour}`, sk: 'RATE' };
}

export function idempotencyKey(customerId: string, key: string): TableKey {
  return { pk: `IDEMPOTENCY#${customerId}#${key}`, sk: 'IDEMPOTENCY' };
}

export function customerPartition(customerId: string): string {
  return `CUSTOMER#${customerId}`;
}

export function statusPartition(status: OrderStatus): string {
  return `STATUS#${status}`;
}

export function changesPartition(businessDate: string): string {
  return `CHANGES#${businessDate}`;
}

export function customerIndexKeys(customerId: string, createdAt: string, id: string): { gsi1pk: string; gsi1sk: string } {
  return { gsi1pk: customerPartition(customerId), gsi1sk: `${createdAt}#${id}` };
}

/** `statusAt` is when the order entered `status`: paidAt for PAID, readyAt for READY, ... */
export function statusIndexKeys(status: OrderStatus, statusAt: string, id: string): { gsi2pk: string; gsi2sk: string } {
  return { gsi2pk: statusPartition(status), gsi2sk: `${statusAt}#${id}` };
}

export function changesIndexKeys(updatedAt: string, id: string): { gsi3pk: string; gsi3sk: string } {
  return { gsi3pk: changesPartition(businessDateOf(updatedAt)), gsi3sk: `${updatedAt}#${id}` };
}

/**
 * An order the sweeper must look at by `dueAt`: an unpaid order at the end of its payment window,
 * a payment lock or refund hold once it is stale. One partition: the index holds only orders in
 * those states (a few per place in the queue), far below a partition's limits.
 */
export function dueIndexKeys(dueAt: string, id: string): { gsi4pk: string; gsi4sk: string } {
  return { gsi4pk: DUE_PARTITION, gsi4sk: `${dueAt}#${id}` };
}
