import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamGraphqlClient } from '../../lambdas/expiry-sweeper/iam-graphql';
import { sweepOverdueOrders, type SweepResult } from '../../lambdas/expiry-sweeper/sweep';
import { asUser, chargesFor, dataAs, seedMenuAndStore, signedInUser, startPaymentsWorld, type PaymentsWorld } from './support/payment-steps';
import {
  CANCEL_ORDER,
  EXPIRE_ORDER,
  LIVE_QUEUE,
  MARK_COLLECTED,
  MARK_READY,
  ORDER,
  START_PREPARING,
  backOffice,
  backdateReady,
  menuIds,
  orderAction,
  orderOf,
  payOrder,
  placeOrder,
  readStore,
  rejection,
  tableRow,
  tableSnapshot,
  type FullOrder,
} from './support/order-steps';

/**
 * The order lifecycle through GraphQL: PENDING_PAYMENT -> PAID (through the real payOrder and the
 * payment sandbox) -> PREPARING -> READY -> COLLECTED, cancellation by the customer and by staff,
 * expiry by the sweeper over IAM. Every change is conditional on status and version and leaves an
 * audit event; every refused change writes nothing.
 */

type User = { token: string; sub: string };
type Status = 'PENDING_PAYMENT' | 'PAID' | 'PREPARING' | 'READY' | 'COLLECTED' | 'CANCELLED';

let world: PaymentsWorld;
let flatWhite: string;
let barista: User;
let secondBarista: User;
let manager: User;

beforeAll(async () => {
  world = await startPaymentsWorld();
  await seedMenuAndStore(world.api);
  manager = await signedInUser(world.api, 'manager', ['Managers']);
  barista = await signedInUser(world.api, 'barista', ['Baristas']);
  secondBarista = await signedInUser(world.api, 'barista', ['Baristas']);
  const ids = await menuIds(world.api, manager.token);
  flatWhite = ids['Flat white'] ?? '';
});

afterAll(async () => {
  await world?.close();
});

const customer = (name = 'customer') => signedInUser(world.api, name, ['Customers']);
const twoFlatWhites = () => orderOf([{ menuItemId: flatWhite, size: 'REGULAR', milk: 'OAT', quantity: 2 }], { pickupName: 'John' });

/** A new customer's order, moved through the real API to `status`. */
async function orderIn(status: Status): Promise<{ owner: User; order: FullOrder }> {
  const owner = await customer();
  let order = await placeOrder(world.api, owner.token, twoFlatWhites());
  if (status === 'PENDING_PAYMENT') return { owner, order };
  if (status === 'CANCELLED') {
    order = (await dataAs<{ cancelOrder: FullOrder }>(world.api, owner.token, CANCEL_ORDER, { input: { orderId: order.id } })).cancelOrder;
    return { owner, order };
  }
  order = await payOrder(world, owner.token, order.id);
  const steps: Array<[Status, string]> = [
    ['PREPARING', START_PREPARING],
    ['READY', MARK_READY],
    ['COLLECTED', MARK_COLLECTED],
  ];
  for (const [reached, document] of steps) {
    if (order.status === status) break;
    order = await orderAction(world.api, barista.token, document, order.id);
    expect(order.status).toBe(reached);
  }
  return { owner, order };
}

/** The change is refused with `errorType` and errorInfo {from, to}, and the orders table is untouched. */
async function expectRefusedMove(token: string, document: string, variables: Record<string, unknown>, errorType: string, from: Status, to: string) {
  const before = await tableSnapshot(world.api);
  const refused = await rejection(world.api, token, document, variables);
  expect(refused.errorType).toBe(errorType);
  expect(refused.errorInfo).toEqual({ from, to });
  expect(await tableSnapshot(world.api)).toEqual(before);
}

describe('the happy path', () => {
  it('moves a paid order through PREPARING, READY and COLLECTED, recording who did what and when', async () => {
    const storeBefore = await readStore(world.api, manager.token);
    const { owner, order: paid } = await orderIn('PAID');
    expect(paid).toMatchObject({ status: 'PAID', version: paid.version });
    expect(paid.paidAt).toEqual(expect.any(String));

    const preparing = await orderAction(world.api, barista.token, START_PREPARING, paid.id);
    expect(preparing).toMatchObject({ status: 'PREPARING', version: paid.version + 1, queuePosition: null });
    const ready = await orderAction(world.api, barista.token, MARK_READY, paid.id);
    expect(ready).toMatchObject({ status: 'READY', version: paid.version + 2, estimatedReadyAt: ready.readyAt });
    expect(ready.readyAt).toEqual(ready.updatedAt);
    const collected = await orderAction(world.api, secondBarista.token, MARK_COLLECTED, paid.id);
    expect(collected).toMatchObject({ status: 'COLLECTED', version: paid.version + 3, collectedAt: collected.updatedAt, estimatedReadyAt: null });

    expect(collected.events.map((event) => [event.status, event.by, event.role])).toEqual([
      ['PENDING_PAYMENT', owner.sub, 'customer'],
      ['PAID', owner.sub, 'customer'],
      ['PREPARING', barista.sub, 'barista'],
      ['READY', barista.sub, 'barista'],
      ['COLLECTED', secondBarista.sub, 'barista'],
    ]);
    const times = collected.events.map((event) => event.at);
    expect([...times].sort()).toEqual(times);
    expect(times.at(-1)).toBe(collected.collectedAt);

    // The same trail, read back later by the owner and by a manager.
    for (const reader of [owner, manager]) {
      const { order } = await dataAs<{ order: FullOrder }>(world.api, reader.token, ORDER, { id: paid.id });
      expect(order.events).toEqual(collected.events);
    }
    // The order has left the queue and the customer's active orders.
    expect((await readStore(world.api, manager.token)).queueLength).toBe(storeBefore.queueLength);
    expect(await tableRow(world.api, `CUSTOMER#${owner.sub}`, 'CUSTOMER')).toMatchObject({ activeOrders: 0 });
  });

  it('shows paid orders in the live queue oldest first, with their queue position and estimated ready time', async () => {
    const first = await orderIn('PAID');
    const second = await orderIn('PAID');
    const { prepMinutesPerOrder } = await readStore(world.api, manager.token);
    type Queue = { liveQueue: { items: Array<{ id: string; status: string; queuePosition: number | null; estimatedReadyAt: string | null }> } };

    const asked = Date.now();
    const paid = (await dataAs<Queue>(world.api, barista.token, LIVE_QUEUE, { status: 'PAID', limit: 100 })).liveQueue.items;
    const preparing = (await dataAs<Queue>(world.api, barista.token, LIVE_QUEUE, { status: 'PREPARING', limit: 100 })).liveQueue.items;
    const answered = Date.now();
    expect(paid.map((order) => order.queuePosition)).toEqual(paid.map((_, index) => index + 1));
    const firstIndex = paid.findIndex((order) => order.id === first.order.id);
    expect(paid[firstIndex + 1]?.id).toBe(second.order.id);
    // estimatedReadyAt = now + (queuePosition + orders in preparation) x prepMinutesPerOrder.
    for (const order of paid) {
      const offset = ((order.queuePosition ?? 0) + preparing.length) * prepMinutesPerOrder * 60_000;
      const estimate = Date.parse(order.estimatedReadyAt ?? '');
      expect(estimate).toBeGreaterThanOrEqual(asked + offset);
      expect(estimate).toBeLessThanOrEqual(answered + offset);
    }

    const started = Date.now();
    const claimed = await orderAction(world.api, barista.token, START_PREPARING, first.order.id);
    const done = Date.now();
    expect(claimed.queuePosition).toBeNull();
    const estimate = Date.parse(claimed.estimatedReadyAt ?? '');
    expect(estimate).toBeGreaterThanOrEqual(started + prepMinutesPerOrder * 60_000);
    expect(estimate).toBeLessThanOrEqual(done + prepMinutesPerOrder * 60_000);
    const { order: behind } = await dataAs<{ order: FullOrder }>(world.api, second.owner.token, ORDER, { id: second.order.id });
    expect(behind.queuePosition).toBe((paid[firstIndex + 1]?.queuePosition ?? 0) - 1);

    for (const { order } of [first, second]) {
      await dataAs(world.api, manager.token, CANCEL_ORDER, { input: { orderId: order.id, reason: 'Test clean-up' } });
    }
  });
});

describe('the double-claim race', () => {
  it('lets exactly one of two baristas claim an order; the other gets ORDER_ALREADY_CLAIMED', async () => {
    const { order } = await orderIn('PAID');
    const answers = await Promise.all(
      [barista, secondBarista].map((who) => asUser(world.api, who.token, START_PREPARING, { orderId: order.id })),
    );
    const winners = answers.filter((answer) => answer.errors === undefined);
    const losers = answers.filter((answer) => answer.errors !== undefined);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0]?.errors?.[0]?.errorType).toBe('ORDER_ALREADY_CLAIMED');
    expect(losers[0]?.errors?.[0]?.['errorInfo']).toEqual({ from: 'PREPARING', to: 'PREPARING' });

    const winner = answers[0]?.errors === undefined ? barista : secondBarista;
    const { order: stored } = await dataAs<{ order: FullOrder }>(world.api, manager.token, ORDER, { id: order.id });
    expect(stored).toMatchObject({ status: 'PREPARING', version: order.version + 1 });
    expect(stored.events.filter((event) => event.status === 'PREPARING')).toEqual([expect.objectContaining({ by: winner.sub, role: 'barista' })]);
    await dataAs(world.api, manager.token, CANCEL_ORDER, { input: { orderId: order.id, reason: 'Test clean-up' } });
  });
});

describe('moves the lifecycle does not allow write nothing', () => {
  const byStaff: Array<[string, Status, string, string, string]> = [
    ['startPreparing', 'PENDING_PAYMENT', 'INVALID_TRANSITION', 'PREPARING', START_PREPARING],
    ['markReady', 'PENDING_PAYMENT', 'INVALID_TRANSITION', 'READY', MARK_READY],
    ['markCollected', 'PENDING_PAYMENT', 'INVALID_TRANSITION', 'COLLECTED', MARK_COLLECTED],
    ['markReady', 'PAID', 'INVALID_TRANSITION', 'READY', MARK_READY],
    ['markCollected', 'PAID', 'INVALID_TRANSITION', 'COLLECTED', MARK_COLLECTED],
    ['startPreparing', 'PREPARING', 'ORDER_ALREADY_CLAIMED', 'PREPARING', START_PREPARING],
    ['markCollected', 'PREPARING', 'INVALID_TRANSITION', 'COLLECTED', MARK_COLLECTED],
    ['startPreparing', 'READY', 'ORDER_ALREADY_CLAIMED', 'PREPARING', START_PREPARING],
    ['markReady', 'READY', 'INVALID_TRANSITION', 'READY', MARK_READY],
    ['markCollected', 'COLLECTED', 'INVALID_TRANSITION', 'COLLECTED', MARK_COLLECTED],
    ['markReady', 'COLLECTED', 'INVALID_TRANSITION', 'READY', MARK_READY],
    ['startPreparing', 'CANCELLED', 'INVALID_TRANSITION', 'PREPARING', START_PREPARING],
    ['markReady', 'CANCELLED', 'INVALID_TRANSITION', 'READY', MARK_READY],
    ['markCollected', 'CANCELLED', 'INVALID_TRANSITION', 'COLLECTED', MARK_COLLECTED],
  ];
  const orders: Partial<Record<Status, FullOrder>> = {};
  beforeAll(async () => {
    for (const status of ['PENDING_PAYMENT', 'PAID', 'PREPARING', 'READY', 'COLLECTED', 'CANCELLED'] as const) {
      orders[status] = (await orderIn(status)).order;
    }
  });

  it.each(byStaff)('%s on a %s order: %s', async (_name, status, errorType, to, document) => {
    await expectRefusedMove(barista.token, document, { orderId: orders[status]?.id }, errorType, status, to);
  });

  it('staff cancelling a COLLECTED or CANCELLED order: INVALID_TRANSITION', async () => {
    for (const status of ['COLLECTED', 'CANCELLED'] as const) {
      await expectRefusedMove(manager.token, CANCEL_ORDER, { input: { orderId: orders[status]?.id, reason: 'Too late' } }, 'INVALID_TRANSITION', status, 'CANCELLED');
    }
  });

  it('expiring an order that is not READY: INVALID_TRANSITION', async () => {
    const before = await tableSnapshot(world.api);
    const answer = await backOffice(world.api)(EXPIRE_ORDER, { orderId: orders.PREPARING?.id });
    expect(answer.errors?.[0]).toMatchObject({ errorType: 'INVALID_TRANSITION', errorInfo: { from: 'PREPARING', to: 'EXPIRED' } });
    expect(await tableSnapshot(world.api)).toEqual(before);
  });

  it('ORDER_NOT_FOUND: any move of an order that does not exist', async () => {
    for (const document of [START_PREPARING, MARK_READY, MARK_COLLECTED]) {
      expect((await rejection(world.api, barista.token, document, { orderId: 'no-such-order' })).errorType).toBe('ORDER_NOT_FOUND');
    }
    expect((await rejection(world.api, manager.token, CANCEL_ORDER, { input: { orderId: 'no-such-order', reason: 'x' } })).errorType).toBe('ORDER_NOT_FOUND');
  });

  it('is refused to customers: only staff move orders', async () => {
    const { owner, order } = await orderIn('PAID');
    for (const document of [START_PREPARING, MARK_READY, MARK_COLLECTED]) {
      expect((await rejection(world.api, owner.token, document, { orderId: order.id })).errorType).toBe('Unauthorized');
    }
    const { order: unchanged } = await dataAs<{ order: FullOrder }>(world.api, owner.token, ORDER, { id: order.id });
    expect(unchanged).toMatchObject({ status: 'PAID', version: order.version });
  });
});

describe('cancelling', () => {
  it('by the customer before payment: CANCELLED, nothing to refund, the slot comes back', async () => {
    const storeBefore = await readStore(world.api, manager.token);
    const { owner, order } = await orderIn('PENDING_PAYMENT');
    const { cancelOrder } = await dataAs<{ cancelOrder: FullOrder }>(world.api, owner.token, CANCEL_ORDER, { input: { orderId: order.id } });
    expect(cancelOrder).toMatchObject({ status: 'CANCELLED', version: order.version + 1, statusReason: null, payment: null });
    expect(cancelOrder.events.at(-1)).toMatchObject({ status: 'CANCELLED', by: owner.sub, role: 'customer', reason: null });
    expect((await readStore(world.api, manager.token)).queueLength).toBe(storeBefore.queueLength);
    expect(await tableRow(world.api, `CUSTOMER#${owner.sub}`, 'CUSTOMER')).toMatchObject({ activeOrders: 0 });
  });

  it('by the customer after payment and before preparation: CANCELLED and refunded once', async () => {
    const { owner, order } = await orderIn('PAID');
    const { cancelOrder } = await dataAs<{ cancelOrder: FullOrder }>(world.api, owner.token, CANCEL_ORDER, { input: { orderId: order.id } });
    expect(cancelOrder.status).toBe('CANCELLED');
    expect(cancelOrder.payment).toMatchObject({ chargeId: order.payment?.chargeId, refunded: true, refundId: expect.any(String) });
    const charges = await chargesFor(world.sandbox, order.id);
    expect(charges.filter((charge) => charge.status === 'succeeded')).toEqual([expect.objectContaining({ refunded: true, amount_refunded: order.total })]);
  });

  it('by the customer once preparation has started: INVALID_TRANSITION, nothing written', async () => {
    const { owner, order } = await orderIn('PREPARING');
    await expectRefusedMove(owner.token, CANCEL_ORDER, { input: { orderId: order.id } }, 'INVALID_TRANSITION', 'PREPARING', 'CANCELLED');
  });

  it('by staff without a reason: REASON_REQUIRED, nothing written', async () => {
    const { order } = await orderIn('PAID');
    const before = await tableSnapshot(world.api);
    for (const reason of [undefined, '   ']) {
      expect((await rejection(world.api, barista.token, CANCEL_ORDER, { input: { orderId: order.id, reason } })).errorType).toBe('REASON_REQUIRED');
    }
    expect(await tableSnapshot(world.api)).toEqual(before);
  });

  it('with a reason over 500 characters: INVALID_INPUT', async () => {
    const { order } = await orderIn('PAID');
    expect((await rejection(world.api, barista.token, CANCEL_ORDER, { input: { orderId: order.id, reason: 'x'.repeat(501) } })).errorType).toBe('INVALID_INPUT');
  });

  it('by staff with a reason, even during preparation: CANCELLED, refunded, the reason on the order and its event', async () => {
    const { order } = await orderIn('PREPARING');
    const { cancelOrder } = await dataAs<{ cancelOrder: FullOrder }>(world.api, barista.token, CANCEL_ORDER, {
      input: { orderId: order.id, reason: 'Out of oat milk' },
    });
    expect(cancelOrder).toMatchObject({ status: 'CANCELLED', statusReason: 'Out of oat milk', payment: { refunded: true } });
    expect(cancelOrder.events.at(-1)).toMatchObject({ status: 'CANCELLED', by: barista.sub, role: 'barista', reason: 'Out of oat milk' });
  });
});

describe('expiry', () => {
  it('the sweeper expires a READY order left past the collection window, and only that one', async () => {
    const { collectionWindowMinutes } = await readStore(world.api, manager.token);
    const late = await orderIn('READY');
    const fresh = await orderIn('READY');
    await backdateReady(world.api, late.order.id, collectionWindowMinutes + 10);
    const queueBefore = (await readStore(world.api, manager.token)).queueLength;

    const sweeps: SweepResult[] = [await sweepOverdueOrders(iamGraphqlClient({ graphqlUrl: world.api.server.httpUrl, credentials: world.api.booted.state.iam, region: 'local' }))];
    const failures: unknown[] = [];

    expect(failures).toEqual([]);
    expect(sweeps[0]).toEqual({ expired: [late.order.id], settled: [], skipped: [] });
    const { order: expired } = await dataAs<{ order: FullOrder }>(world.api, late.owner.token, ORDER, { id: late.order.id });
    expect(expired).toMatchObject({ status: 'EXPIRED', statusReason: expect.any(String), version: late.order.version + 1 });
    expect(expired.events.at(-1)).toMatchObject({ status: 'EXPIRED', by: 'system', role: 'system' });
    const { order: waiting } = await dataAs<{ order: FullOrder }>(world.api, fresh.owner.token, ORDER, { id: fresh.order.id });
    expect(waiting).toMatchObject({ status: 'READY', version: fresh.order.version });
    expect((await readStore(world.api, manager.token)).queueLength).toBe(queueBefore - 1);
    expect(await tableRow(world.api, `CUSTOMER#${late.owner.sub}`, 'CUSTOMER')).toMatchObject({ activeOrders: 0 });
  });

  it('expireOrder refuses a READY order still within its window, and writes nothing', async () => {
    const { order } = await orderIn('READY');
    const before = await tableSnapshot(world.api);
    const answer = await backOffice(world.api)(EXPIRE_ORDER, { orderId: order.id });
    expect(answer.errors?.[0]).toMatchObject({ errorType: 'INVALID_TRANSITION', errorInfo: { from: 'READY', to: 'EXPIRED' } });
    expect(await tableSnapshot(world.api)).toEqual(before);
  });
});
