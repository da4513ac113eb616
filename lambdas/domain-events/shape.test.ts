import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { eventCatalog, validatorFor } from '../../schema/events/catalog';
import { toDomainEvents, type StreamRecord } from './shape';

const order = (over: Record<string, unknown> = {}) => ({
  pk: 'ORDER#o1',
  sk: 'ORDER',
  kind: 'ORDER',
  id: 'o1',
  orderNumber: null,
  businessDate: '2026-12-02',
  customerId: 'sub-1',
  pickupName: 'John',
  lines: [{ menuItemId: 'flat-white', name: 'Flat white', size: 'REGULAR', milk: 'OAT', extras: [{ id: 'shot', name: 'Extra shot', quantity: 1, unitPrice: 60 }], quantity: 2, unitPrice: 400, lineTotal: 800 }],
  itemCount: 2,
  total: 800,
  currency: 'EUR',
  status: 'PENDING_PAYMENT',
  version: 1,
  createdAt: '2026-12-02T08:00:00.000Z',
  updatedAt: '2026-12-02T08:00:00.000Z',
  payment: { chargeId: 'ch_secret', amount: 800, currency: 'EUR', cardBrand: 'visa', cardLast4: '4242', refunded: false },
  ...over,
});

const change = (before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): StreamRecord => ({
  eventName: before ? (after ? 'MODIFY' : 'REMOVE') : 'INSERT',
  dynamodb: {
    SequenceNumber: '1',
    ...(before && { OldImage: marshall(before, { removeUndefinedValues: true }) }),
    ...(after && { NewImage: marshall(after, { removeUndefinedValues: true }) }),
  },
});

/** The envelope the bus adds, so the whole event can be checked against its schema. */
const onBus = (e: ReturnType<typeof toDomainEvents>[number]) => ({
  version: '0',
  id: 'x',
  source: e.source,
  'detail-type': e.detailType,
  account: '000000000000',
  time: e.time,
  region: 'local',
  resources: [],
  detail: e.detail,
});

function valid(events: ReturnType<typeof toDomainEvents>): void {
  for (const e of events) {
    const validate = validatorFor(e.source, e.detailType);
    expect(validate, e.detailType).toBeDefined();
    expect(validate?.(onBus(e)), JSON.stringify(validate?.errors)).toBe(true);
  }
}

describe('toDomainEvents', () => {
  it('makes Order Placed of a new order, with a deterministic id and no card data', () => {
    const events = toDomainEvents(change(undefined, order()));
    expect(events.map((e) => [e.source, e.detailType, e.detail.eventId])).toEqual([['brewline.orders', 'Order Placed', 'o1:1:order-placed']]);
    expect(JSON.stringify(events)).not.toMatch(/4242|visa|ch_secret/);
    valid(events);
  });

  it("carries each line's category as the order stored it, and null for a line stored before lines had one", () => {
    const withCategory = [{ ...order().lines[0], categoryId: 'milk-coffee', categoryName: 'Milk coffee' }];
    const [placed] = toDomainEvents(change(undefined, order({ lines: withCategory })));
    expect(placed?.detail.lines).toEqual([expect.objectContaining({ menuItemId: 'flat-white', categoryId: 'milk-coffee', categoryName: 'Milk coffee' })]);
    const [paid] = toDomainEvents(change(order(), order({ status: 'PAID', version: 2, orderNumber: 7 })));
    expect(paid?.detail.lines).toEqual([expect.objectContaining({ menuItemId: 'flat-white', categoryId: null, categoryName: null })]);
    valid([placed, paid].filter((e) => e !== undefined));
  });

  it('names each status move by the status entered, payments under brewline.payments', () => {
    const moves: [string, string, string][] = [
      ['PENDING_PAYMENT', 'PAID', 'Order Paid'],
      ['PENDING_PAYMENT', 'PAYMENT_FAILED', 'Payment Failed'],
      ['PAYMENT_FAILED', 'PAID', 'Order Paid'],
      ['PAID', 'PREPARING', 'Order Preparing'],
      ['PREPARING', 'READY', 'Order Ready'],
      ['READY', 'COLLECTED', 'Order Collected'],
      ['READY', 'EXPIRED', 'Order Expired'],
      ['PENDING_PAYMENT', 'CANCELLED', 'Order Cancelled'],
    ];
    for (const [from, to, name] of moves) {
      const events = toDomainEvents(change(order({ status: from }), order({ status: to, version: 2, orderNumber: to === 'PENDING_PAYMENT' ? null : 7 })));
      expect(events.map((e) => e.detailType), `${from} -> ${to}`).toEqual([name]);
      expect(events[0]?.detail).toMatchObject({ previousStatus: from, status: to, version: 2 });
      valid(events);
    }
  });

  it('makes a refunded cancellation two events: Order Cancelled, then Refund Issued with the amount', () => {
    const events = toDomainEvents(change(order({ status: 'PAID' }), order({ status: 'CANCELLED', version: 3, payment: { ...order().payment, refunded: true } })));
    expect(events.map((e) => e.detailType)).toEqual(['Order Cancelled', 'Refund Issued']);
    expect(events[1]?.detail).toMatchObject({ refund: { amount: 800, currency: 'EUR' }, eventId: 'o1:3:refund-issued' });
    valid(events);
  });

  it('says nothing for a change that moves no status, nor for bookkeeping items', () => {
    expect(toDomainEvents(change(order(), order({ version: 2, holdsPlace: true })))).toEqual([]);
    expect(toDomainEvents(change(undefined, { pk: 'COUNTER#2026-12-02', sk: 'COUNTER', lastNumber: 3 }))).toEqual([]);
    expect(toDomainEvents(change(undefined, { pk: 'ORDER#o1', sk: 'EVENT#2026#PAID', status: 'PAID' }))).toEqual([]);
  });

  it('tells the store opening, closing and its settings apart, and ignores the queue length moving', () => {
    const store = { pk: 'STORE', sk: 'STORE', open: false, capacity: 30, customerOrderLimit: 3, collectionWindowMinutes: 30, prepMinutesPerOrder: 3, paymentWindowMinutes: 15, queueLength: 0, updatedAt: '2026-12-02T07:00:00.000Z', updatedBy: 'm' };
    const opened = toDomainEvents(change(store, { ...store, open: true }));
    expect(opened.map((e) => e.detailType)).toEqual(['Store Opened']);
    expect(toDomainEvents(change({ ...store, open: true }, store)).map((e) => e.detailType)).toEqual(['Store Closed']);
    expect(toDomainEvents(change(store, { ...store, capacity: 40 })).map((e) => e.detailType)).toEqual(['Store Settings Changed']);
    expect(toDomainEvents(change(store, { ...store, queueLength: 4 }))).toEqual([]);
    valid(opened);
  });

  it('makes Menu Item Changed of an item edit and of its removal', () => {
    const item = { pk: 'MENU', sk: 'ITEM#fw', kind: 'ITEM', id: 'fw', categoryId: 'coffee', name: 'Flat white', sizes: [{ size: 'REGULAR', price: 400 }], available: true, updatedAt: '2026-12-02T07:00:00.000Z', menuVersion: 4 };
    const edited = toDomainEvents(change(item, { ...item, available: false, menuVersion: 5 }));
    expect(edited.map((e) => [e.detailType, e.detail.eventId])).toEqual([['Menu Item Changed', 'fw:5:changed']]);
    expect(toDomainEvents(change(item, undefined))[0]?.detail).toMatchObject({ removed: true });
    valid(edited);
  });
});

describe('the event catalog', () => {
  it('has a schema for every event and lists each in the README', () => {
    expect(eventCatalog).toHaveLength(14);
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    for (const entry of eventCatalog) expect(readme, entry.detailType).toContain(entry.detailType);
  });
});
