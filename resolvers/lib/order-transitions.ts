import { util, type Context, type DynamoDBGetItemRequest } from '@aws-appsync/utils';
import { get } from '@aws-appsync/utils/dynamodb';
import type { OrderStatus } from '../../generated/graphql';
import { orderKey } from './order-keys';
import type { OrderRecord } from './order-record';
import { TRANSITION_ORDER_ITEM } from './order-writes';

/**
 * The order lifecycle:
 *
 *   PENDING_PAYMENT -> PAID -> PREPARING -> READY -> COLLECTED
 *   PENDING_PAYMENT -> PAYMENT_FAILED -> PAID        (payment retried)
 *   PENDING_PAYMENT | PAYMENT_FAILED | PAID -> CANCELLED   (the customer, before preparation)
 *   any status before COLLECTED -> CANCELLED              (staff, with a reason)
 *   READY -> EXPIRED                                  (not collected within the window)
 *   PENDING_PAYMENT | PAYMENT_FAILED -> EXPIRED       (not paid within the payment window)
 *
 * Errors: INVALID_TRANSITION (errorInfo {from, to}) when the order's status does not allow the
 * change; ORDER_ALREADY_CLAIMED when a barista starts preparing an order someone already claimed
 * (it is PREPARING or past it), whether that shows when the order is read or when the write's
 * status-and-version condition fails because the other barista wrote first.
 */
export const NEXT_STATUSES: Record<OrderStatus, OrderStatus[]> = {
  PENDING_PAYMENT: ['PAID', 'PAYMENT_FAILED', 'CANCELLED', 'EXPIRED'],
  PAYMENT_FAILED: ['PAID', 'PAYMENT_FAILED', 'CANCELLED', 'EXPIRED'],
  PAID: ['PREPARING', 'CANCELLED'],
  PREPARING: ['READY', 'CANCELLED'],
  READY: ['COLLECTED', 'EXPIRED', 'CANCELLED'],
  COLLECTED: [],
  CANCELLED: [],
  EXPIRED: [],
};

/** Statuses a customer may still cancel from (staff may cancel from any non-final status). */
export const CUSTOMER_CANCELLABLE: OrderStatus[] = ['PENDING_PAYMENT', 'PAYMENT_FAILED', 'PAID'];

const CLAIMED: OrderStatus[] = ['PREPARING', 'READY', 'COLLECTED'];

export function invalidTransition(orderId: string, from: OrderStatus, to: OrderStatus): never {
  if (to === 'PREPARING' && CLAIMED.includes(from)) {
    return util.error(`Order ${orderId} was already claimed; it is ${from}.`, 'ORDER_ALREADY_CLAIMED', null, { from, to });
  }
  return util.error(`Order ${orderId} is ${from}; it cannot become ${to}.`, 'INVALID_TRANSITION', null, { from, to });
}

/** Raises the typed error unless the lifecycle allows `order` to move to `to`. */
export function checkTransition(order: OrderRecord, to: OrderStatus): void {
  if (!NEXT_STATUSES[order.status].includes(to)) invalidTransition(order.id, order.status, to);
}

export function orderNotFound(orderId: string): never {
  return util.error(`Order ${orderId} was not found.`, 'ORDER_NOT_FOUND', null, { orderId });
}

/** Step 1 of a transition: the order, read strongly consistent. */
export function loadOrderRequest(orderId: string): DynamoDBGetItemRequest {
  return get({ key: orderKey(orderId), consistentRead: true });
}

export function loadOrderResponse(ctx: Context, orderId: string): OrderRecord {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const order = ctx.result as OrderRecord | null;
  if (!order) orderNotFound(orderId);
  return order;
}

type CancellationReason = { type: string | null; message: string | null; item?: Record<string, unknown> | null };

/**
 * The order as it is now, when a transition's write was cancelled because the order's own
 * condition failed (the transaction returns it with the failure); undefined when the write went
 * through or failed for another reason; null when the order is gone.
 */
export function conflictingOrder(ctx: Context): OrderRecord | null | undefined {
  if (!ctx.error) return undefined;
  const reasons = ((ctx.result as { cancellationReasons?: CancellationReason[] | null } | null)?.cancellationReasons ?? []) as CancellationReason[];
  const reason = reasons[TRANSITION_ORDER_ITEM];
  if (!reason || reason.type !== 'ConditionalCheckFailed') return undefined;
  return (reason.item as OrderRecord | null | undefined) ?? null;
}

/**
 * The response of a transition's write: raises the typed error when the transaction was
 * cancelled. When the order's own condition failed, someone moved it in between: the order as it
 * is now (returned with the failure) says whether the move was taken by someone else or is no
 * longer allowed. Anything else (the event already there, a counter item missing) is the data
 * source's error.
 */
export function raiseTransitionFailure(ctx: Context, order: OrderRecord, to: OrderStatus): void {
  if (!ctx.error) return;
  const current = conflictingOrder(ctx);
  if (current !== undefined) {
    if (!current) orderNotFound(order.id);
    if (current.status === order.status) {
      // Same status, newer version: changed by another request in between. Nothing was written.
      util.error(`Order ${order.id} was changed by another request; read it again and retry.`, 'INVALID_TRANSITION', null, { from: current.status, to });
    }
    invalidTransition(order.id, current.status, to);
  }
  util.error(ctx.error.message, ctx.error.type);
}
