import { util, type DynamoDBTransactWriteItemsRequest } from '@aws-appsync/utils';
import type { OrderStatus } from '../../generated/graphql';
import type { Actor } from './order-access';
import { changesIndexKeys, customerKey, dueIndexKeys, orderEventKey, orderKey, placementRateKey, statusIndexKeys, storeKey, type TableKey } from './order-keys';
import { PAYABLE_STATUSES } from './payment';
import { holdsPlace, isFinal, type IdempotencyRecord, type OrderEventRecord, type OrderRecord } from './order-record';

/**
 * The order domain's transactions, with the expressions written by hand: the builders' condition
 * objects cannot compare one attribute with another (queueLength < capacity). Every item carries
 * a condition, and each failed condition comes back in ctx.result.cancellationReasons at the
 * item's index with the item as it is (returnValuesOnConditionCheckFailure), so a response can
 * tell which rule stopped the write.
 */
export type TransactItem = DynamoDBTransactWriteItemsRequest['transactItems'][number];

/** Indexes of placeOrder's transaction items, for reading its cancellation reasons. */
export const PLACEMENT = { order: 0, idempotency: 1, store: 2, customer: 3, rate: 4, event: 5 } as const;

/**
 * Per account, at most this many orders placed in one clock hour. With a customer's active
 * orders capped by the store and unpaid ones expiring, this bounds what a place-and-cancel loop
 * can write (orders, audit events) per account; a person ordering for a whole office stays far
 * below it.
 */
export const PLACEMENTS_PER_HOUR = 30;

/** Index of the order's own update in a transition's transaction. */
export const TRANSITION_ORDER_ITEM = 0;

function withoutKey(item: Record<string, unknown>): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const name of Object.keys(item)) if (name !== 'pk' && name !== 'sk') attributes[name] = item[name];
  return attributes;
}

function condition(expression: string, names?: Record<string, string>, values?: Record<string, unknown>) {
  return {
    expression,
    ...(names ? { expressionNames: names } : {}),
    ...(values ? { expressionValues: util.dynamodb.toMapValues(values) } : {}),
    returnValuesOnConditionCheckFailure: true,
  };
}

/** A put of an item that must not exist yet. */
export function putNew(table: string, key: TableKey, item: Record<string, unknown>): TransactItem {
  return {
    table,
    operation: 'PutItem',
    key: util.dynamodb.toMapValues(key),
    attributeValues: util.dynamodb.toMapValues(withoutKey(item)),
    condition: condition('attribute_not_exists(pk)'),
  };
}

/** ADD `delta` to a counter of an item that must exist. */
export function addToExisting(table: string, key: TableKey, counter: string, delta: number): TransactItem {
  return {
    table,
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues(key),
    update: { expression: 'ADD #counter :delta', expressionNames: { '#counter': counter }, expressionValues: util.dynamodb.toMapValues({ ':delta': delta }) },
    condition: condition('attribute_exists(pk)'),
  };
}

/** The store is open and its queue below capacity: placeOrder checks it, payOrder's lock takes a place on it. */
function storeHasRoom() {
  return condition(
    '#open = :open AND (attribute_not_exists(#queueLength) OR #queueLength < #capacity)',
    { '#open': 'open', '#queueLength': 'queueLength', '#capacity': 'capacity' },
    { ':open': true },
  );
}

/**
 * The store's queue place, taken when payment starts (payOrder's lock): open and below capacity,
 * atomically. Unpaid orders hold no place, so accounts that never pay cannot fill the queue.
 */
export function takeQueuePlace(table: string): TransactItem {
  return {
    table,
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues(storeKey()),
    update: { expression: 'ADD #queueLength :one', expressionNames: { '#queueLength': 'queueLength' }, expressionValues: util.dynamodb.toMapValues({ ':one': 1 }) },
    condition: storeHasRoom(),
  };
}

/**
 * placeOrder, all or nothing: the order (unpaid, so without a number or a queue place), the
 * idempotency record, a check that the store is open and not full (the place itself is taken at
 * payment), a customer slot (below the store's per-customer limit, read earlier in the pipeline;
 * the count itself is checked here, atomically), one of the account's placements this hour, and
 * the first audit event. Nothing is written, and nothing consumed, by a placement that fails.
 */
export function placementItems(
  table: string,
  order: OrderRecord,
  idempotency: IdempotencyRecord,
  customerOrderLimit: number,
  nowSeconds: number,
): TransactItem[] {
  const { pk, sk } = idempotency;
  const placed: OrderEventRecord = {
    ...orderEventKey(order.id, order.createdAt, order.status),
    kind: 'EVENT',
    orderId: order.id,
    status: order.status,
    from: null,
    at: order.createdAt,
    by: order.customerId,
    role: 'customer',
    reason: null,
  };
  const hour = order.createdAt.slice(0, 13);
  return [
    putNew(table, orderKey(order.id), order),
    {
      table,
      operation: 'PutItem',
      key: util.dynamodb.toMapValues({ pk, sk }),
      attributeValues: util.dynamodb.toMapValues(withoutKey(idempotency)),
      // An expired record DynamoDB's TTL has not yet deleted counts as absent.
      condition: condition('attribute_not_exists(pk) OR #expiresAt < :now', { '#expiresAt': 'expiresAt' }, { ':now': nowSeconds }),
    },
    {
      table,
      operation: 'ConditionCheck',
      key: util.dynamodb.toMapValues(storeKey()),
      condition: storeHasRoom(),
    },
    {
      table,
      operation: 'UpdateItem',
      key: util.dynamodb.toMapValues(customerKey(order.customerId)),
      update: {
        expression: 'SET #customerId = :customerId ADD #activeOrders :one',
        expressionNames: { '#customerId': 'customerId', '#activeOrders': 'activeOrders' },
        expressionValues: util.dynamodb.toMapValues({ ':customerId': order.customerId, ':one': 1 }),
      },
      condition: condition('attribute_not_exists(#activeOrders) OR #activeOrders < :limit', { '#activeOrders': 'activeOrders' }, { ':limit': customerOrderLimit }),
    },
    {
      table,
      operation: 'UpdateItem',
      key: util.dynamodb.toMapValues(placementRateKey(order.customerId, hour)),
      // Kept a day after its hour, then DynamoDB's TTL removes it.
      update: {
        expression: 'SET #expiresAt = :expiresAt ADD #placed :one',
        expressionNames: { '#expiresAt': 'expiresAt', '#placed': 'placed' },
        expressionValues: util.dynamodb.toMapValues({ ':expiresAt': nowSeconds + 25 * 60 * 60, ':one': 1 }),
      },
      condition: condition('attribute_not_exists(#placed) OR #placed < :max', { '#placed': 'placed' }, { ':max': PLACEMENTS_PER_HOUR }),
    },
    putNew(table, orderEventKey(order.id, order.createdAt, order.status), placed),
  ];
}

export type Transition = {
  table: string;
  order: OrderRecord;
  to: OrderStatus;
  at: string;
  actor: Actor;
  /** Written to the event, and to the order's statusReason when given. */
  reason?: string | null;
  /** More attributes the transition sets on the order (readyAt, payment, ...). */
  set?: Record<string, unknown>;
  /** More items for the same transaction (the day's sales, ...), after the ones built here. */
  extraItems?: TransactItem[];
  /**
   * When the sweeper must next look at the order (byDue): a timestamp, or null to take it out of
   * the index. Left as it is when absent; any status other than an unpaid one takes it out.
   */
  due?: string | null;
};


/**
 * One status change as ONE transaction: the order moves from the status and version it was read
 * with to `to` and version + 1 (its status and changes index keys with it), the audit event is
 * put, an order holding a queue place gives it back when its payment fails or it reaches
 * COLLECTED, CANCELLED or EXPIRED, and an order reaching one of those gives back its customer
 * slot. Returns the request and the order as it will be.
 */
export function transitionWrite(transition: Transition): { request: DynamoDBTransactWriteItemsRequest; order: OrderRecord } {
  const { table, order, to, at, actor } = transition;
  const reason = transition.reason ?? null;
  const releasesPlace = holdsPlace(order) && !isFinal(order.status) && (isFinal(to) || to === 'PAYMENT_FAILED');
  // Only an unpaid order stays due by its status; any other leaves the index (a refund hold puts it back itself).
  const due = PAYABLE_STATUSES.includes(to) ? transition.due : null;
  const changes: Record<string, unknown> = {
    ...transition.set,
    ...(releasesPlace ? { holdsPlace: false } : {}),
    ...(typeof due === 'string' ? dueIndexKeys(due, order.id) : {}),
    status: to,
    version: order.version + 1,
    updatedAt: at,
    statusAt: at,
    ...statusIndexKeys(to, at, order.id),
    ...changesIndexKeys(at, order.id),
    ...(reason === null ? {} : { statusReason: reason }),
  };
  const updateNames: Record<string, string> = {};
  const updateValues: Record<string, unknown> = {};
  const assignments = Object.keys(changes).map((name, index) => {
    updateNames[`#u${index}`] = name;
    updateValues[`:u${index}`] = changes[name];
    return `#u${index} = :u${index}`;
  });
  const removals = due === null ? ' REMOVE #r0, #r1' : '';
  if (due === null) {
    updateNames['#r0'] = 'gsi4pk';
    updateNames['#r1'] = 'gsi4sk';
  }
  const orderItem: TransactItem = {
    table,
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues(orderKey(order.id)),
    update: { expression: `SET ${assignments.join(', ')}${removals}`, expressionNames: updateNames, expressionValues: util.dynamodb.toMapValues(updateValues) },
    condition: condition('#status = :status AND #version = :version', { '#status': 'status', '#version': 'version' }, { ':status': order.status, ':version': order.version }),
  };
  const event: OrderEventRecord = {
    ...orderEventKey(order.id, at, to),
    kind: 'EVENT',
    orderId: order.id,
    status: to,
    from: order.status,
    at,
    by: actor.by,
    role: actor.role,
    reason,
  };
  const items: TransactItem[] = [orderItem, putNew(table, orderEventKey(order.id, at, to), event)];
  if (releasesPlace) items.push(addToExisting(table, storeKey(), 'queueLength', -1));
  if (isFinal(to) && !isFinal(order.status)) items.push(addToExisting(table, customerKey(order.customerId), 'activeOrders', -1));
  // The returned order may still carry gsi4 attributes the write removes: no field reads them.
  return {
    request: { operation: 'TransactWriteItems', transactItems: [...items, ...(transition.extraItems ?? [])] },
    order: { ...order, ...changes } as OrderRecord,
  };
}
