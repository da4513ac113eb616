import { mkdirSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Domain events as the lake holds them (the EventBridge envelope of schema/events/, one JSON line
 * each), built from an order's story, and written in the delivery stream's layout:
 * `<lake>/events/dt=YYYY-MM-DD/<stream>-1-<yyyy-MM-dd-HH-mm-ss>-<id>.gz`. The generator and the
 * query tests share it; the tests validate what it builds against the event catalog.
 */
export interface LakeEvent {
  version: '0';
  id: string;
  source: string;
  'detail-type': string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export interface OrderLine {
  menuItemId: string;
  name: string;
  quantity: number;
  /** The line's unit price with its milk and extras (as the API prices it). */
  unitPrice: number;
  /** The item's category when ordered, id and name; null when absent. */
  categoryId?: string | null;
  categoryName?: string | null;
  /** REGULAR, null milk and no extras when absent. */
  size?: string;
  milk?: string | null;
  extras?: { id: string; quantity: number }[];
}

/** What happened to one order: each step's time, absent when it never happened. */
export interface OrderStory {
  orderId: string;
  customerId: string;
  lines: OrderLine[];
  placedAt: Date;
  paymentFailedAt?: Date[];
  paidAt?: Date;
  preparingAt?: Date;
  readyAt?: Date;
  collectedAt?: Date;
  cancelledAt?: Date;
  refunded?: boolean;
  expiredAt?: Date;
  orderNumber?: number;
  /** Why it was cancelled, expired or its payment failed; "test" when absent. */
  reason?: string;
}

const iso = (d: Date | undefined) => (d ? d.toISOString() : null);
let sequence = 0;
const envelopeId = () => {
  sequence += 1;
  return `00000000-0000-4000-8000-${sequence.toString(16).padStart(12, '0')}`;
};

function envelope(source: string, detailType: string, time: Date, detail: Record<string, unknown>): LakeEvent {
  return { version: '0', id: envelopeId(), source, 'detail-type': detailType, account: '000000000000', time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'), region: 'eu-west-1', resources: [], detail };
}

const slug = (name: string) => name.toLowerCase().replaceAll(' ', '-');

/** The order's events in the order they happened, each carrying the order as it was then. */
export function orderEvents(story: OrderStory): LakeEvent[] {
  const lines = story.lines.map((l) => ({
    menuItemId: l.menuItemId,
    name: l.name,
    categoryId: l.categoryId ?? null,
    categoryName: l.categoryName ?? null,
    size: l.size ?? 'REGULAR',
    milk: l.milk ?? null,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    lineTotal: l.quantity * l.unitPrice,
    extras: l.extras ?? [],
  }));
  const total = lines.reduce((sum, l) => sum + l.lineTotal, 0);
  const itemCount = lines.reduce((sum, l) => sum + l.quantity, 0);
  const steps: { type: string; status: string; at: Date }[] = [{ type: 'Order Placed', status: 'PENDING_PAYMENT', at: story.placedAt }];
  for (const at of story.paymentFailedAt ?? []) steps.push({ type: 'Payment Failed', status: 'PAYMENT_FAILED', at });
  if (story.paidAt) steps.push({ type: 'Order Paid', status: 'PAID', at: story.paidAt });
  if (story.preparingAt) steps.push({ type: 'Order Preparing', status: 'PREPARING', at: story.preparingAt });
  if (story.readyAt) steps.push({ type: 'Order Ready', status: 'READY', at: story.readyAt });
  if (story.collectedAt) steps.push({ type: 'Order Collected', status: 'COLLECTED', at: story.collectedAt });
  if (story.cancelledAt) steps.push({ type: 'Order Cancelled', status: 'CANCELLED', at: story.cancelledAt });
  if (story.expiredAt) steps.push({ type: 'Order Expired', status: 'EXPIRED', at: story.expiredAt });
  const events: LakeEvent[] = [];
  let previousStatus: string | null = null;
  steps.forEach((step, index) => {
    const version = index + 1;
    const seen = (d: Date | undefined) => (d && d <= step.at ? iso(d) : null);
    const detail = (type: string): Record<string, unknown> => ({
      schemaVersion: 1,
      eventId: `${story.orderId}:${version}:${slug(type)}`,
      occurredAt: step.at.toISOString(),
      orderId: story.orderId,
      version,
      customerId: story.customerId,
      businessDate: story.placedAt.toISOString().slice(0, 10),
      orderNumber: story.paidAt && story.paidAt <= step.at ? (story.orderNumber ?? 1) : null,
      status: step.status,
      previousStatus,
      total,
      currency: 'EUR',
      itemCount,
      lines,
      createdAt: story.placedAt.toISOString(),
      paidAt: seen(story.paidAt),
      preparingAt: seen(story.preparingAt),
      readyAt: seen(story.readyAt),
      collectedAt: seen(story.collectedAt),
      reason: step.status === 'CANCELLED' || step.status === 'EXPIRED' || step.status === 'PAYMENT_FAILED' ? (story.reason ?? 'test') : null,
    });
    const source = (type: string) => (type === 'Order Paid' || type === 'Payment Failed' || type === 'Refund Issued' ? 'brewline.payments' : 'brewline.orders');
    events.push(envelope(source(step.type), step.type, step.at, detail(step.type)));
    if (step.type === 'Order Cancelled' && story.refunded) {
      events.push(envelope('brewline.payments', 'Refund Issued', step.at, { ...detail('Refund Issued'), refund: { amount: total, currency: 'EUR' } }));
    }
    previousStatus = step.status;
  });
  return events;
}

export function menuItemEvent(at: Date, item: { id: string; categoryId: string; name: string; price: number; version: number }): LakeEvent {
  return envelope('brewline.menu', 'Menu Item Changed', at, {
    schemaVersion: 1,
    eventId: `${item.id}:${item.version}:changed`,
    occurredAt: at.toISOString(),
    itemId: item.id,
    categoryId: item.categoryId,
    name: item.name,
    available: true,
    removed: false,
    menuVersion: item.version,
    prices: [{ size: 'REGULAR', price: item.price }],
  });
}

export function categoryEvent(at: Date, category: { id: string; name: string; version: number }): LakeEvent {
  return envelope('brewline.menu', 'Category Changed', at, {
    schemaVersion: 1,
    eventId: `${category.id}:${category.version}:changed`,
    occurredAt: at.toISOString(),
    categoryId: category.id,
    name: category.name,
    sortOrder: 1,
    removed: false,
    menuVersion: category.version,
  });
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Writes events as the delivery stream would: one gzip object per `objectMinutes` of arrival
 * time, under the partition of its arrival (here the event's time plus `arrivalDelayMs`, as the
 * buffering interval delays delivery). Returns the bytes written.
 */
export function writeLake(lakeDir: string, events: LakeEvent[], options: { objectMinutes?: number; arrivalDelayMs?: number } = {}): number {
  const objectMs = (options.objectMinutes ?? 60) * 60_000;
  const delay = options.arrivalDelayMs ?? 30_000;
  const objects = new Map<number, string[]>();
  for (const event of events) {
    const arrival = Date.parse(event.time) + delay;
    const slot = Math.floor(arrival / objectMs) * objectMs;
    let lines = objects.get(slot);
    if (!lines) objects.set(slot, (lines = []));
    lines.push(`${JSON.stringify(event)}\n`);
  }
  let bytes = 0;
  for (const [slot, lines] of objects) {
    const at = new Date(slot);
    const day = at.toISOString().slice(0, 10);
    const dir = join(lakeDir, 'events', `dt=${day}`);
    mkdirSync(dir, { recursive: true });
    const stamp = `${day}-${pad(at.getUTCHours())}-${pad(at.getUTCMinutes())}-${pad(at.getUTCSeconds())}`;
    const body = gzipSync(lines.join(''));
    writeFileSync(join(dir, `analytics-1-${stamp}-${randomUUID()}.gz`), body);
    bytes += body.length;
  }
  return bytes;
}
