import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { OrderStatus } from '../../generated/graphql';
import type { OrderRecord } from '../../resolvers/lib/order-record';
import type { StoreRecord } from '../../resolvers/lib/store';
import type { CategoryRecord, MenuItemRecord } from '../../resolvers/lib/menu';
import { SCHEMA_VERSION, type DomainEvent, type OrderDetailType } from './contract';

/** One record of a DynamoDB stream, as a Pipe or an event source mapping delivers it. */
export interface StreamRecord {
  eventID?: string;
  eventName?: 'INSERT' | 'MODIFY' | 'REMOVE';
  dynamodb?: {
    Keys?: Record<string, AttributeValue>;
    NewImage?: Record<string, AttributeValue>;
    OldImage?: Record<string, AttributeValue>;
    SequenceNumber?: string;
  };
}

const image = <T>(raw: Record<string, AttributeValue> | undefined): T | undefined =>
  raw ? (unmarshall(raw) as T) : undefined;

/**
 * The domain events one table change means: none for bookkeeping items (counters, idempotency
 * keys, audit trail) or for a change that moves no status; one per status change; two when a
 * cancellation refunds (Order Cancelled, then Refund Issued). Pure, so the Pipe's target Lambda
 * and the tests share it.
 */
export function toDomainEvents(record: StreamRecord): DomainEvent[] {
  const next = image<Record<string, unknown>>(record.dynamodb?.NewImage);
  const previous = image<Record<string, unknown>>(record.dynamodb?.OldImage);
  const item = next ?? previous;
  if (!item) return [];
  if (item.sk === 'ORDER' && next) return orderEvents(next as OrderRecord, previous as OrderRecord | undefined);
  if (item.pk === 'STORE' && item.sk === 'STORE' && next) return storeEvents(next as StoreRecord, previous as StoreRecord | undefined);
  if (typeof item.sk === 'string' && item.sk.startsWith('ITEM#')) return [menuItemEvent((next ?? previous) as MenuItemRecord, !next)];
  if (typeof item.sk === 'string' && item.sk.startsWith('CATEGORY#')) return [categoryEvent((next ?? previous) as CategoryRecord, !next)];
  return [];
}

/** The event a move into each status is. PENDING_PAYMENT is entered only by placement. */
const ENTERED: Record<OrderStatus, OrderDetailType> = {
  PENDING_PAYMENT: 'Order Placed',
  PAID: 'Order Paid',
  PAYMENT_FAILED: 'Payment Failed',
  PREPARING: 'Order Preparing',
  READY: 'Order Ready',
  COLLECTED: 'Order Collected',
  CANCELLED: 'Order Cancelled',
  EXPIRED: 'Order Expired',
};

function orderEvents(order: OrderRecord, before: OrderRecord | undefined): DomainEvent[] {
  const previousStatus = before?.status ?? null;
  // A payment lock, a queue place or a field resolver's bookkeeping changes the item without
  // moving its status: nothing happened that a consumer must hear about.
  if (previousStatus === order.status) return [];
  const events: DomainEvent[] = [orderEvent(ENTERED[order.status], order, previousStatus)];
  if (order.status === 'CANCELLED' && order.payment?.refunded) events.push(orderEvent('Refund Issued', order, previousStatus));
  return events;
}

const slug = (name: string) => name.toLowerCase().replaceAll(' ', '-');

function orderEvent(detailType: OrderDetailType, order: OrderRecord, previousStatus: OrderStatus | null): DomainEvent {
  const source = detailType === 'Order Paid' || detailType === 'Payment Failed' || detailType === 'Refund Issued' ? 'brewline.payments' : 'brewline.orders';
  return {
    source,
    detailType,
    time: order.updatedAt,
    detail: {
      schemaVersion: SCHEMA_VERSION,
      // Order id + version names the change; the event name tells apart the two events of a refunded cancellation.
      eventId: `${order.id}:${order.version}:${slug(detailType)}`,
      occurredAt: order.updatedAt,
      orderId: order.id,
      version: order.version,
      customerId: order.customerId,
      businessDate: order.businessDate,
      orderNumber: order.orderNumber ?? null,
      status: order.status,
      previousStatus,
      total: order.total,
      currency: order.currency,
      itemCount: order.itemCount,
      // Names, sizes and amounts only: never the card (brand, last digits) or the gateway's ids.
      lines: order.lines.map((line) => ({
        menuItemId: line.menuItemId,
        name: line.name,
        // The category the item was in when the order was placed; null on lines stored before lines carried one.
        categoryId: line.categoryId ?? null,
        categoryName: line.categoryName ?? null,
        size: line.size,
        milk: line.milk ?? null,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        lineTotal: line.lineTotal,
        extras: line.extras.map((extra) => ({ id: extra.id, quantity: extra.quantity })),
      })),
      createdAt: order.createdAt,
      paidAt: order.paidAt ?? null,
      preparingAt: order.preparingAt ?? null,
      readyAt: order.readyAt ?? null,
      collectedAt: order.collectedAt ?? null,
      reason: order.statusReason ?? null,
      ...(detailType === 'Refund Issued' && { refund: { amount: order.payment?.amount ?? order.total, currency: order.currency } }),
    },
  };
}

const SETTINGS = ['capacity', 'customerOrderLimit', 'collectionWindowMinutes', 'prepMinutesPerOrder', 'paymentWindowMinutes'] as const;

function storeEvents(store: StoreRecord, before: StoreRecord | undefined): DomainEvent[] {
  const opened = store.open !== (before?.open ?? false);
  const settingsChanged = SETTINGS.some((key) => before?.[key] !== store[key]);
  // queueLength moves with every payment and collection: that is the orders' news, not the store's.
  if (!opened && !settingsChanged) return [];
  const detailType = opened ? (store.open ? 'Store Opened' : 'Store Closed') : 'Store Settings Changed';
  return [
    {
      source: 'brewline.store',
      detailType,
      time: store.updatedAt,
      detail: {
        schemaVersion: SCHEMA_VERSION,
        eventId: `STORE:${store.updatedAt}:${slug(detailType)}`,
        occurredAt: store.updatedAt,
        open: store.open,
        previousOpen: before ? before.open : null,
        ...Object.fromEntries(SETTINGS.map((key) => [key, store[key]])),
      },
    },
  ];
}

function menuItemEvent(item: MenuItemRecord, removed: boolean): DomainEvent {
  return {
    source: 'brewline.menu',
    detailType: 'Menu Item Changed',
    time: item.updatedAt,
    detail: {
      schemaVersion: SCHEMA_VERSION,
      eventId: `${item.id}:${item.menuVersion ?? item.updatedAt}:${removed ? 'removed' : 'changed'}`,
      occurredAt: item.updatedAt,
      itemId: item.id,
      categoryId: item.categoryId,
      name: item.name,
      available: item.available,
      removed,
      menuVersion: item.menuVersion ?? null,
      prices: item.sizes.map((size) => ({ size: size.size, price: size.price })),
    },
  };
}

function categoryEvent(category: CategoryRecord, removed: boolean): DomainEvent {
  return {
    source: 'brewline.menu',
    detailType: 'Category Changed',
    time: category.updatedAt,
    detail: {
      schemaVersion: SCHEMA_VERSION,
      eventId: `${category.id}:${category.menuVersion ?? category.updatedAt}:${removed ? 'removed' : 'changed'}`,
      occurredAt: category.updatedAt,
      categoryId: category.id,
      name: category.name,
      sortOrder: category.sortOrder ?? null,
      removed,
      menuVersion: category.menuVersion ?? null,
    },
  };
}
