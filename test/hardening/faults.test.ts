import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANCEL_ORDER, ORDER, PAY_ORDER, START_PREPARING, menuIds, newKey, orderOf, placeOrder, type FullOrder } from '../api/support/order-steps';
import { asUser, chargesFor, dataAs, seedMenuAndStore, signedInUser, tokenize, type PaymentsWorld } from '../api/support/payment-steps';
import { armFault } from './fixtures/crashing-payments';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy';
import { startFaultWorld, withPayments } from './support/world';

/**
 * Parts failing under the API: the payment gateway timing out or answering 5xx (through a
 * fault-injecting proxy in front of the real sandbox), and the payments Lambda crashing or
 * hanging. Each leaves the order retryable with no charge or exactly one, answers a typed
 * error, and the server keeps serving.
 */

type User = { email: string; sub: string; token: string };

async function setUp(world: PaymentsWorld): Promise<{ customer: User; flatWhite: string }> {
  await seedMenuAndStore(world.api);
  const customer = await signedInUser(world.api, 'customer', ['Customers']);
  const manager = await signedInUser(world.api, 'manager', ['Managers']);
  await dataAs(world.api, manager.token, 'mutation { updateStoreSettings(input: { customerOrderLimit: 10, capacity: 100 }) { capacity } }');
  return { customer, flatWhite: (await menuIds(world.api, customer.token))['Flat white'] ?? '' };
}

async function orderOfOne(world: PaymentsWorld, token: string, flatWhite: string): Promise<FullOrder> {
  return placeOrder(world.api, token, orderOf([{ menuItemId: flatWhite, size: 'REGULAR', milk: 'OAT', quantity: 1 }]));
}

async function statusOf(world: PaymentsWorld, token: string, orderId: string): Promise<string> {
  return (await dataAs<{ order: FullOrder }>(world.api, token, ORDER, { id: orderId })).order.status;
}

describe('a failing payment gateway', () => {
  let world: PaymentsWorld;
  let proxy: FaultProxy | undefined;
  let customer: User;
  let flatWhite: string;

  beforeAll(async () => {
    // A 3 s function leaves the gateway call 2 s (the handler keeps 1 s to answer in).
    world = await startFaultWorld({
      definition: withPayments({ timeoutSeconds: 3 }),
      gatewayUrl: async (sandboxUrl) => {
        proxy = await startFaultProxy(sandboxUrl);
        return proxy.url;
      },
    });
    ({ customer, flatWhite } = await setUp(world));
  });

  afterAll(async () => {
    await world?.close();
    await proxy?.close();
  });

  function gateway(): FaultProxy {
    if (!proxy) throw new Error('no proxy');
    return proxy;
  }

  it.each(['hang', '503'] as const)('that does not charge (%s): PAYMENT_GATEWAY_ERROR, nothing charged, the same key then pays once', async (mode) => {
    const order = await orderOfOne(world, customer.token, flatWhite);
    const input = { orderId: order.id, cardToken: await tokenize(world.sandbox, '4242424242424242'), idempotencyKey: newKey() };
    gateway().mode = mode;
    const failed = await asUser(world.api, customer.token, PAY_ORDER, { input });
    expect(failed.errors?.[0]?.errorType).toBe('PAYMENT_GATEWAY_ERROR');
    expect(await chargesFor(world.sandbox, order.id)).toEqual([]);
    expect(await statusOf(world, customer.token, order.id)).toBe('PENDING_PAYMENT');
    gateway().mode = 'pass';
    const { payOrder } = await dataAs<{ payOrder: FullOrder }>(world.api, customer.token, PAY_ORDER, { input });
    expect(payOrder.status).toBe('PAID');
    expect((await chargesFor(world.sandbox, order.id)).filter((charge) => charge.status === 'succeeded')).toHaveLength(1);
  });

  it('that charges and then answers 503: PAYMENT_GATEWAY_ERROR, and the retry records that one charge', async () => {
    const order = await orderOfOne(world, customer.token, flatWhite);
    const input = { orderId: order.id, cardToken: await tokenize(world.sandbox, '4242424242424242'), idempotencyKey: newKey() };
    gateway().mode = 'charge-then-503';
    expect((await asUser(world.api, customer.token, PAY_ORDER, { input })).errors?.[0]?.errorType).toBe('PAYMENT_GATEWAY_ERROR');
    const [made, ...more] = await chargesFor(world.sandbox, order.id);
    expect(made?.status).toBe('succeeded');
    expect(more).toEqual([]);
    gateway().mode = 'pass';
    const { payOrder } = await dataAs<{ payOrder: FullOrder }>(world.api, customer.token, PAY_ORDER, { input });
    expect(payOrder).toMatchObject({ status: 'PAID', payment: { chargeId: made?.id } });
    expect(await chargesFor(world.sandbox, order.id)).toHaveLength(1);
  });

  it('that fails a refund: the cancellation holds the order, no barista can claim it, and cancelling again refunds once', async () => {
    const barista = await signedInUser(world.api, 'barista', ['Baristas']);
    const order = await orderOfOne(world, customer.token, flatWhite);
    gateway().mode = 'pass';
    await dataAs(world.api, customer.token, PAY_ORDER, { input: { orderId: order.id, cardToken: await tokenize(world.sandbox, '4242424242424242'), idempotencyKey: newKey() } });
    gateway().mode = '503';
    expect((await asUser(world.api, customer.token, CANCEL_ORDER, { input: { orderId: order.id } })).errors?.[0]?.errorType).toBe('PAYMENT_GATEWAY_ERROR');
    expect(await statusOf(world, customer.token, order.id)).toBe('PAID');
    expect((await asUser(world.api, barista.token, START_PREPARING, { orderId: order.id })).errors?.[0]?.errorType).toBe('CANCELLATION_IN_PROGRESS');
    gateway().mode = 'pass';
    const { cancelOrder } = await dataAs<{ cancelOrder: FullOrder }>(world.api, customer.token, CANCEL_ORDER, { input: { orderId: order.id } });
    expect(cancelOrder).toMatchObject({ status: 'CANCELLED', payment: { refunded: true } });
    const [charge, ...more] = await chargesFor(world.sandbox, order.id);
    expect(more).toEqual([]);
    expect(charge?.refunds).toHaveLength(1);
  });
});

describe('a payments Lambda that crashes or hangs', () => {
  let world: PaymentsWorld;
  let customer: User;
  let flatWhite: string;

  beforeAll(async () => {
    world = await startFaultWorld({ definition: withPayments({ handler: 'test/hardening/fixtures/crashing-payments.ts', timeoutSeconds: 3 }) });
    ({ customer, flatWhite } = await setUp(world));
  });

  afterAll(async () => {
    await world?.close();
  });

  it.each(['crash', 'hang'] as const)('answers an invocation that fails once (%s) with a typed, retryable error; the same key then pays once', async (fault) => {
    const order = await orderOfOne(world, customer.token, flatWhite);
    armFault(order.id, fault);
    const input = { orderId: order.id, cardToken: await tokenize(world.sandbox, '4242424242424242'), idempotencyKey: newKey() };
    const failed = await asUser(world.api, customer.token, PAY_ORDER, { input });
    expect(failed.data).toEqual({ payOrder: null });
    expect(failed.errors?.[0]).toMatchObject({ errorType: 'PAYMENT_GATEWAY_ERROR', errorInfo: { orderId: order.id, retryable: true } });
    expect(await chargesFor(world.sandbox, order.id)).toEqual([]);
    // The outcome is unknown, so only the same key may go on: another could charge twice.
    const otherKey = await asUser(world.api, customer.token, PAY_ORDER, { input: { ...input, idempotencyKey: newKey() } });
    expect(otherKey.errors?.[0]?.errorType).toBe('PAYMENT_IN_PROGRESS');
    const { payOrder } = await dataAs<{ payOrder: FullOrder }>(world.api, customer.token, PAY_ORDER, { input });
    expect(payOrder.status).toBe('PAID');
    expect((await chargesFor(world.sandbox, order.id)).filter((charge) => charge.status === 'succeeded')).toHaveLength(1);
  });

  it('keeps serving another payment while one invocation crashes', async () => {
    const [crashing, healthy] = [await orderOfOne(world, customer.token, flatWhite), await orderOfOne(world, customer.token, flatWhite)];
    const [tokenA, tokenB] = await Promise.all([tokenize(world.sandbox, '4242424242424242'), tokenize(world.sandbox, '4242424242424242')]);
    armFault(crashing.id, 'crash');
    const crashingInput = { orderId: crashing.id, cardToken: tokenA, idempotencyKey: newKey() };
    const [failed, paid] = await Promise.all([
      asUser(world.api, customer.token, PAY_ORDER, { input: crashingInput }),
      asUser(world.api, customer.token, PAY_ORDER, { input: { orderId: healthy.id, cardToken: tokenB, idempotencyKey: newKey() } }),
    ]);
    expect(failed.errors?.[0]?.errorType).toBe('PAYMENT_GATEWAY_ERROR');
    expect(paid.errors).toBeUndefined();
    expect(await statusOf(world, customer.token, healthy.id)).toBe('PAID');
    expect((await dataAs<{ payOrder: FullOrder }>(world.api, customer.token, PAY_ORDER, { input: crashingInput })).payOrder.status).toBe('PAID');
  });
});
