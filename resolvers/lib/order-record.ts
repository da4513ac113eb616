import type { Order, OrderEvent, OrderLine, OrderStatus, Payment } from '../../generated/graphql';

export type { StoreRecord } from './store';

/**
 * An order line as stored: the GraphQL OrderLine plus the menu category its item was in when the
 * order was placed, id and name (placeOrder's loadCategories step), so the domain events carry
 * each line's category and sales by category need no menu history (analytics/README.md). Lines
 * of orders placed before lines carried a category have neither attribute.
 */
export type OrderLineRecord = OrderLine & { categoryId?: string | null; categoryName?: string | null };

/** The payment as stored on the order, once charged (payOrder keeps its lock in `paymentLock`). */
export type PaymentRecord = Partial<Omit<Payment, '__typename'>>;

/**
 * An order as stored (ORDER#<id> / ORDER): the Order fields a resolver reads straight from the
 * item, its keys, and bookkeeping. queuePosition, estimatedReadyAt and events are field resolvers.
 */
export type OrderRecord = Omit<Order, '__typename' | 'queuePosition' | 'estimatedReadyAt' | 'events' | 'lines' | 'payment'> & {
  pk: string;
  sk: string;
  kind: 'ORDER';
  lines: OrderLineRecord[];
  payment?: PaymentRecord | null;
  /** When the order entered its current status: the byStatus sort key starts with it. */
  statusAt: string;
  /** The placeOrder idempotency key it was placed with. */
  idempotencyKey: string;
  preparingAt?: string | null;
  preparedBy?: string | null;
  /**
   * Whether the order holds one of the store's queue places (taken when payment starts). Orders
   * written before places were taken at payment have no such attribute: they took theirs when
   * placed, so absent reads as true.
   */
  holdsPlace?: boolean;
  /** When an unpaid order expires: createdAt plus the store's payment window. */
  payBy?: string;
  gsi4pk?: string;
  gsi4sk?: string;
  gsi1pk: string;
  gsi1sk: string;
  gsi2pk: string;
  gsi2sk: string;
  gsi3pk: string;
  gsi3sk: string;
};

/** The audit trail item (ORDER#<id> / EVENT#<at>#<status>). */
export type OrderEventRecord = Omit<OrderEvent, '__typename'> & {
  pk: string;
  sk: string;
  kind: 'EVENT';
  orderId: string;
  from: OrderStatus | null;
};

/** RATE#<sub>#<hour> / RATE: how many orders the account placed in that clock hour (TTL expiresAt). */
export type PlacementRateRecord = { pk: string; sk: string; placed: number; expiresAt: number };

/** CUSTOMER#<sub> / CUSTOMER: the customer's orders placed and not yet collected, cancelled or expired. */
export type CustomerRecord = { pk: string; sk: string; customerId: string; activeOrders: number };

/** IDEMPOTENCY#<sub>#<key> / IDEMPOTENCY: which order a placeOrder key produced, and from what input. */
export type IdempotencyRecord = {
  pk: string;
  sk: string;
  orderId: string;
  fingerprint: string;
  createdAt: string;
  /** Epoch seconds; DynamoDB's TTL deletes the record some time after. */
  expiresAt: number;
};

/** COUNTER#<date> / COUNTER: the last order number handed out that business day. */
export type CounterRecord = { pk: string; sk: string; lastNumber: number; expiresAt: number };

/** An order keeps its customer slot (and its queue place, once it has one) until it reaches one of these. */
export const FINAL_STATUSES: OrderStatus[] = ['COLLECTED', 'CANCELLED', 'EXPIRED'];

export function isFinal(status: OrderStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

export function holdsPlace(order: OrderRecord): boolean {
  return order.holdsPlace !== false;
}

export function toOrderEvent(record: OrderEventRecord): OrderEvent {
  return { status: record.status, at: record.at, by: record.by, role: record.role, reason: record.reason ?? null };
}
