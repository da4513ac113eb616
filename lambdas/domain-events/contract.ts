/**
 * The domain events' names and envelope. Each (source, detail-type) has a JSON Schema in
 * schema/events/, against which tests validate every event the system emits. `detail-type` is a
 * fixed name per event, never a state value or an id, so rules can match it exactly.
 */
export const SCHEMA_VERSION = 1;

export type OrderDetailType =
  | 'Order Placed'
  | 'Order Paid'
  | 'Payment Failed'
  | 'Order Preparing'
  | 'Order Ready'
  | 'Order Collected'
  | 'Order Cancelled'
  | 'Order Expired'
  | 'Refund Issued';

export type DetailType = OrderDetailType | 'Store Opened' | 'Store Closed' | 'Store Settings Changed' | 'Menu Item Changed' | 'Category Changed';

/** The bounded contexts, as event sources. */
export type EventSource = 'brewline.orders' | 'brewline.payments' | 'brewline.store' | 'brewline.menu';

/** A domain event before the bus gives it its envelope (id, account, region): a PutEvents entry. */
export interface DomainEvent {
  source: EventSource;
  detailType: DetailType;
  /** When it happened (the item's updatedAt), as the event's `time`. */
  time: string;
  detail: Record<string, unknown> & { schemaVersion: number; eventId: string; occurredAt: string };
}
