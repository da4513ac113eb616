import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiDefinition } from '../../infra/api';
import { sweepOverdueOrders, type SweepResult } from '../../lambdas/expiry-sweeper/sweep';
import {
  CANCEL_ORDER,
  ORDER,
  PAY_ORDER,
  PLACE_ORDER,
  backOffice,
  backdatePayBy,
  menuIds,
  newKey,
  orderOf,
  payOrder,
  placeOrder,
  readStore,
  tableRow,
  tableSnapshot,
  type FullOrder,
} from '../api/support/order-steps';
import { asUser, chargesFor, dataAs, seedMenuAndStore, signedInUser, startPaymentsWorld, tokenize, type PaymentsWorld } from '../api/support/payment-steps';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy';
import { startFaultWorld } from './support/world';

/**
 * Issue #10, points 1 to 4, as an outsider attacked them: unpaid orders squatting the queue, a
 * burst burning the day's order numbers, a failed charge or refund wedging an order for good, and
 * predictable gateway keys. Each attack is bounded (a few hundred requests at most, loopback only)
 * and each test shows the defence: what the attacker got, and that everybody else still orders.
 */

type User = { email: string; sub: string; token: string };

const ESPRESSO = (ids: Record<string, string>) => orderOf([{ menuItemId: ids['Espresso'] ?? '', size: 'SMALL', quantity: 1 }]);

async function sweepOnce(world: PaymentsWorld): Promise<SweepResult> {
  return sweepOverdueOrders(backOffice(world.api));
}

async function orderNow(world: PaymentsWorld, token: string, orderId: string): Promise<FullOrder> {
  return (await dataAs<{ order: FullOrder }>(world.api, token, ORDER, { id: orderId })).order;
}

/** Sweeps until the order has left `status` (a stale lock needs its second to pass first); at most 20 sweeps. */
async function sweepUntilSettled(world: PaymentsWorld, token: string, orderId: string, status: string): Promise<FullOrder> {
  for (let sweep = 0; sweep < 20; sweep += 1) {
    await sweepOnce(world);
    const order = await orderNow(world, token, orderId);
    if (order.status !== status || sweep === 19) return order;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('unreachable');
}

describe('queue squatting and order numbers (points 1 and 2)', () => {
  let world: PaymentsWorld;
  let ids: Record<string, string>;
  let manager: User;

  beforeAll(async () => {
    world = await startPaymentsWorld();
    await seedMenuAndStore(world.api);
    manager = await signedInUser(world.api, 'manager', ['Managers']);
    ids = await menuIds(world.api, manager.token);
  });

  afterAll(async () => {
    await world?.close();
  });

  it('ten free accounts with every unpaid order they may hold do not keep a paying customer out', async () => {
    const store = await readStore(world.api, manager.token);
    const squatters = await Promise.all(Array.from({ length: 10 }, (_, index) => signedInUser(world.api, `squatter${index}`, [])));
    // Each account tries one more than its limit, all at once: 10 x (limit + 1) requests.
    const answers = await Promise.all(
      squatters.flatMap((squatter) => Array.from({ length: store.customerOrderLimit + 1 }, () => asUser(world.api, squatter.token, PLACE_ORDER, { input: ESPRESSO(ids) }))),
    );
    const placed = answers.filter((answer) => !answer.errors);
    const refusals = answers.filter((answer) => answer.errors).map((answer) => answer.errors?.[0]?.errorType);
    expect(placed).toHaveLength(10 * store.customerOrderLimit);
    expect(new Set(refusals)).toEqual(new Set(['LIMIT_REACHED']));
    // Unpaid orders hold no place in the queue.
    expect((await readStore(world.api, manager.token)).queueLength).toBe(store.queueLength);

    const john = await signedInUser(world.api, 'john', ['Customers']);
    const order = await placeOrder(world.api, john.token, ESPRESSO(ids));
    const paid = await payOrder(world, john.token, order.id);
    expect(paid).toMatchObject({ status: 'PAID', orderNumber: expect.any(Number) });
    expect((await readStore(world.api, manager.token)).queueLength).toBe(store.queueLength + 1);
  });

  it('expires orders left unpaid past the payment window, giving each account its slots back', async () => {
    const idler = await signedInUser(world.api, 'idler', []);
    const { customerOrderLimit } = await readStore(world.api, manager.token);
    const left = await Promise.all(Array.from({ length: customerOrderLimit }, () => placeOrder(world.api, idler.token, ESPRESSO(ids))));
    expect((await asUser(world.api, idler.token, PLACE_ORDER, { input: ESPRESSO(ids) })).errors?.[0]?.errorType).toBe('LIMIT_REACHED');
    const fresh = await placeOrder(world.api, manager.token, ESPRESSO(ids));
    for (const order of left) await backdatePayBy(world.api, order.id, 1);

    const sweep = await sweepOnce(world);
    expect(sweep.settled).toEqual(expect.arrayContaining(left.map((order) => order.id)));
    expect(sweep.settled).not.toContain(fresh.id);
    for (const order of left) {
      expect(await orderNow(world, idler.token, order.id)).toMatchObject({ status: 'EXPIRED', statusReason: 'Not paid within the payment window.' });
    }
    expect(await tableRow(world.api, `CUSTOMER#${idler.sub}`, 'CUSTOMER')).toMatchObject({ activeOrders: 0 });
    expect((await orderNow(world, manager.token, fresh.id)).status).toBe('PENDING_PAYMENT');
    // The account can order again; an expired order cannot be paid.
    await placeOrder(world.api, idler.token, ESPRESSO(ids));
    const cardToken = await tokenize(world.sandbox, '4242424242424242');
    const late = await asUser(world.api, idler.token, PAY_ORDER, { input: { orderId: left[0]?.id, cardToken, idempotencyKey: newKey() } });
    expect(late.errors?.[0]).toMatchObject({ errorType: 'INVALID_TRANSITION', errorInfo: { from: 'EXPIRED', to: 'PAID' } });
    await dataAs(world.api, manager.token, CANCEL_ORDER, { input: { orderId: fresh.id } });
  });

  it('lets a burst of 200 concurrent placements from one account consume no order number', async () => {
    const burster = await signedInUser(world.api, 'burster', []);
    const { customerOrderLimit } = await readStore(world.api, manager.token);
    const today = new Date().toISOString().slice(0, 10);
    const counterBefore = await tableRow(world.api, `COUNTER#${today}`, 'COUNTER');
    const answers = await Promise.all(Array.from({ length: 200 }, () => asUser(world.api, burster.token, PLACE_ORDER, { input: ESPRESSO(ids) })));
    const placed = answers.filter((answer) => !answer.errors);
    expect(placed).toHaveLength(customerOrderLimit);
    expect(new Set(answers.filter((answer) => answer.errors).map((answer) => answer.errors?.[0]?.errorType))).toEqual(new Set(['LIMIT_REACHED']));
    expect(await tableRow(world.api, `COUNTER#${today}`, 'COUNTER')).toEqual(counterBefore);
    // Paying takes exactly one number.
    const first = (placed[0]?.data as { placeOrder: FullOrder }).placeOrder;
    const paid = await payOrder(world, burster.token, first.id);
    expect(await tableRow(world.api, `COUNTER#${today}`, 'COUNTER')).toMatchObject({ lastNumber: paid.orderNumber });
    expect(paid.orderNumber).toBe(((counterBefore?.['lastNumber'] as number | undefined) ?? 0) + 1);
  });

  it('refuses an account its 31st placement in an hour with RATE_LIMITED, writing nothing', async () => {
    const churner = await signedInUser(world.api, 'churner', []);
    let refused: { errorType?: string | null; errorInfo?: unknown } | undefined;
    let before: Record<string, Record<string, unknown>> = {};
    // 30 an hour; an hour boundary crossed during the loop allows up to 30 more, so 61 bound it.
    for (let attempt = 0; attempt < 61 && !refused; attempt += 1) {
      before = await tableSnapshot(world.api);
      const answer = await asUser(world.api, churner.token, PLACE_ORDER, { input: ESPRESSO(ids) });
      if (answer.errors) {
        refused = answer.errors[0];
        break;
      }
      await dataAs(world.api, churner.token, CANCEL_ORDER, { input: { orderId: (answer.data as { placeOrder: FullOrder }).placeOrder.id } });
    }
    expect(refused).toMatchObject({ errorType: 'RATE_LIMITED', errorInfo: { limit: 30 } });
    expect(await tableSnapshot(world.api)).toEqual(before);
  });
});

describe('payments and refunds whose outcome stays unknown (points 3 and 4)', () => {
  let world: PaymentsWorld;
  let proxy: FaultProxy | undefined;
  let customer: User;
  let barista: User;
  let ids: Record<string, string>;

  beforeAll(async () => {
    // A lock or hold is stale after 1 s here (120 s deployed), so the sweeper settles within the test.
    world = await startFaultWorld({
      definition: { ...apiDefinition, environmentVariables: { ...apiDefinition.environmentVariables, PAYMENT_LOCK_SECONDS: '1' } },
      gatewayUrl: async (sandboxUrl) => {
        proxy = await startFaultProxy(sandboxUrl);
        return proxy.url;
      },
    });
    await seedMenuAndStore(world.api);
    customer = await signedInUser(world.api, 'customer', ['Customers']);
    barista = await signedInUser(world.api, 'barista', ['Baristas']);
    const manager = await signedInUser(world.api, 'manager', ['Managers']);
    await dataAs(world.api, manager.token, 'mutation { updateStoreSettings(input: { customerOrderLimit: 10, capacity: 100 }) { capacity } }');
    ids = await menuIds(world.api, customer.token);
  });

  afterAll(async () => {
    await world?.close();
    await proxy?.close();
  });

  function gateway(): FaultProxy {
    if (!proxy) throw new Error('no proxy');
    return proxy;
  }

  it('a processing error no longer wedges the order: the sweeper finds no charge, releases the lock and the place, and the order can be cancelled or paid', async () => {
    const { queueLength } = await readStore(world.api, customer.token);
    const order = await placeOrder(world.api, customer.token, ESPRESSO(ids));
    const input = { orderId: order.id, cardToken: await tokenize(world.sandbox, '4000000000000119'), idempotencyKey: newKey() };
    const failed = await asUser(world.api, customer.token, PAY_ORDER, { input });
    expect(failed.errors?.[0]).toMatchObject({ errorType: 'PAYMENT_GATEWAY_ERROR', errorInfo: { retryable: true } });
    // The message says what to do, never the gateway's own text.
    expect(failed.errors?.[0]?.message).not.toMatch(/127\.0\.0\.1|charge_|refund|processing your card/i);
    const cancelled = await asUser(world.api, customer.token, CANCEL_ORDER, { input: { orderId: order.id } });
    expect(cancelled.errors?.[0]?.errorType).toBe('PAYMENT_IN_PROGRESS');
    expect((await readStore(world.api, customer.token)).queueLength).toBe(queueLength + 1);

    const settled = await sweepUntilSettled(world, customer.token, order.id, 'PENDING_PAYMENT');
    expect(settled).toMatchObject({ status: 'PAYMENT_FAILED', statusReason: 'The payment could not be completed; the card was not charged.' });
    expect(settled.events.at(-1)).toMatchObject({ status: 'PAYMENT_FAILED', by: 'system', role: 'system' });
    expect((await readStore(world.api, customer.token)).queueLength).toBe(queueLength);
    expect((await chargesFor(world.sandbox, order.id)).filter((charge) => charge.status === 'succeeded')).toEqual([]);
    // A new payment goes through; so would a cancel.
    expect((await payOrder(world, customer.token, order.id)).status).toBe('PAID');
  });

  it('a charge whose answer was lost and never retried: the sweeper finds it and records the order PAID, numbered, charged once', async () => {
    const order = await placeOrder(world.api, customer.token, ESPRESSO(ids));
    const input = { orderId: order.id, cardToken: await tokenize(world.sandbox, '4242424242424242'), idempotencyKey: newKey() };
    gateway().mode = 'charge-then-503';
    try {
      expect((await asUser(world.api, customer.token, PAY_ORDER, { input })).errors?.[0]?.errorType).toBe('PAYMENT_GATEWAY_ERROR');
    } finally {
      gateway().mode = 'pass';
    }
    const settled = await sweepUntilSettled(world, customer.token, order.id, 'PENDING_PAYMENT');
    expect(settled).toMatchObject({ status: 'PAID', orderNumber: expect.any(Number), payment: { amount: order.total, refunded: false } });
    const charges = await chargesFor(world.sandbox, order.id);
    expect(charges.filter((charge) => charge.status === 'succeeded')).toHaveLength(1);
    // The customer's retry with the same key now answers the paid order, and charges nothing more.
    const { payOrder: retried } = await dataAs<{ payOrder: FullOrder }>(world.api, customer.token, PAY_ORDER, { input });
    expect(retried).toMatchObject({ id: order.id, status: 'PAID', orderNumber: settled.orderNumber });
    expect(await chargesFor(world.sandbox, order.id)).toHaveLength(charges.length);
  });

  it('a refund made out of band: cancelling completes with that refund instead of sticking in CANCELLATION_IN_PROGRESS', async () => {
    const order = await placeOrder(world.api, customer.token, ESPRESSO(ids));
    await payOrder(world, customer.token, order.id);
    const [charge] = await chargesFor(world.sandbox, order.id);
    const outOfBand = await fetch(`${world.sandbox.url}/v1/refunds`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.sandbox.secretKey}`, 'content-type': 'application/json', 'idempotency-key': `support-desk-${order.id}` },
      body: JSON.stringify({ charge: charge?.id, amount: charge?.amount }),
    });
    expect(outOfBand.status).toBe(200);
    const refundId = ((await outOfBand.json()) as { id: string }).id;

    const { cancelOrder } = await dataAs<{ cancelOrder: FullOrder }>(world.api, customer.token, CANCEL_ORDER, { input: { orderId: order.id } });
    expect(cancelOrder).toMatchObject({ status: 'CANCELLED', payment: { refunded: true, refundId } });
    const [after] = await chargesFor(world.sandbox, order.id);
    expect(after?.refunds).toEqual([refundId]);
  });

  it('a refund the gateway fails and nobody retries: the sweeper completes the cancellation with one refund, as the barista asked', async () => {
    const order = await placeOrder(world.api, customer.token, ESPRESSO(ids));
    await payOrder(world, customer.token, order.id);
    gateway().mode = '503';
    try {
      const refused = await asUser(world.api, barista.token, CANCEL_ORDER, { input: { orderId: order.id, reason: 'Out of beans' } });
      expect(refused.errors?.[0]).toMatchObject({ errorType: 'PAYMENT_GATEWAY_ERROR', errorInfo: { retryable: true } });
      expect(refused.errors?.[0]?.message).not.toMatch(/refund:|127\.0\.0\.1|injected/);
    } finally {
      gateway().mode = 'pass';
    }
    const settled = await sweepUntilSettled(world, customer.token, order.id, 'PAID');
    expect(settled).toMatchObject({ status: 'CANCELLED', payment: { refunded: true } });
    expect(settled.events.at(-1)).toMatchObject({ status: 'CANCELLED', by: barista.sub, role: 'barista', reason: 'Out of beans' });
    const [charge] = await chargesFor(world.sandbox, order.id);
    expect(charge?.refunds).toHaveLength(1);
  });

  it('uses gateway keys nobody can derive: a refund pre-posted under the old predictable key does not touch the customer’s refund', async () => {
    // The attacker's own paid order, refunded first under the key the victim's refund used to get.
    const attacker = await signedInUser(world.api, 'attacker', []);
    const bait = await placeOrder(world.api, attacker.token, ESPRESSO(ids));
    await payOrder(world, attacker.token, bait.id);
    const [baitCharge] = await chargesFor(world.sandbox, bait.id);
    const victimOrder = await placeOrder(world.api, customer.token, ESPRESSO(ids));
    const poisoned = await fetch(`${world.sandbox.url}/v1/refunds`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.sandbox.secretKey}`, 'content-type': 'application/json', 'idempotency-key': `refund:${victimOrder.id}` },
      body: JSON.stringify({ charge: baitCharge?.id, amount: 1 }),
    });
    expect(poisoned.status).toBe(200);

    await payOrder(world, customer.token, victimOrder.id);
    const { cancelOrder } = await dataAs<{ cancelOrder: FullOrder }>(world.api, customer.token, CANCEL_ORDER, { input: { orderId: victimOrder.id } });
    expect(cancelOrder).toMatchObject({ status: 'CANCELLED', payment: { refunded: true } });
    const [victimCharge] = await chargesFor(world.sandbox, victimOrder.id);
    expect(victimCharge).toMatchObject({ refunded: true, amount_refunded: victimCharge?.amount });
    // The keys the API stored: random, and none contains the order's id.
    const row = await tableRow(world.api, `ORDER#${victimOrder.id}`, 'ORDER');
    const lock = row?.['paymentLock'] as { attempt: string } | undefined;
    expect(lock?.attempt).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(row)).not.toContain(`refund:${victimOrder.id}`);
  });
});
