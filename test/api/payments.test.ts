import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CANCEL_ORDER,
  chargesFor,
  dataAs,
  errorTypeOf,
  ORDER,
  ordersTableItems,
  PAY_ORDER,
  placeFlatWhites,
  seedMenuAndStore,
  signedInUser,
  startPaymentsWorld,
  tokenize,
  type OrderView,
  type PaymentsWorld,
} from './support/payment-steps';

/**
 * payOrder and the refund in cancelOrder, through GraphQL with real Cognito tokens, against the
 * payments Lambda and the payment sandbox: what each answer is, and what the sandbox says was
 * charged or refunded.
 */

let world: PaymentsWorld;

beforeAll(async () => {
  world = await startPaymentsWorld();
  await seedMenuAndStore(world.api);
});

afterAll(async () => {
  await world?.close();
});

async function customer() {
  return signedInUser(world.api, 'customer', ['Customers']);
}

function pay(token: string, orderId: string, cardToken: string, idempotencyKey: string) {
  return dataAs<{ payOrder: OrderView }>(world.api, token, PAY_ORDER, { input: { orderId, cardToken, idempotencyKey } });
}

function payError(token: string, orderId: string, cardToken: string, idempotencyKey: string) {
  return errorTypeOf(world.api, token, PAY_ORDER, { input: { orderId, cardToken, idempotencyKey } });
}

async function orderAs(token: string, id: string): Promise<OrderView> {
  return (await dataAs<{ order: OrderView }>(world.api, token, ORDER, { id })).order;
}

async function salesToday(): Promise<{ ordersPaid: number; revenue: number; refunded: number }> {
  const manager = await signedInUser(world.api, 'manager', ['Managers']);
  const { salesReport } = await dataAs<{ salesReport: { ordersPaid: number; revenue: number; refunded: number } }>(
    world.api,
    manager.token,
    'query { salesReport { ordersPaid revenue refunded } }',
  );
  return salesReport;
}

describe('paying for an order', () => {
  it('pays with a tokenized card: the order is PAID for its total, shows brand and last four digits, and the day takes it in', async () => {
    const john = await customer();
    const order = await placeFlatWhites(world.api, john.token, 2);
    const before = await salesToday();
    const { payOrder } = await pay(john.token, order.id, await tokenize(world.sandbox, '4242424242424242'), 'pay-1');
    expect(payOrder).toMatchObject({ id: order.id, status: 'PAID', version: order.version + 2, statusReason: null });
    expect(payOrder.paidAt).toEqual(expect.any(String));
    expect(payOrder.payment).toMatchObject({ amount: order.total, currency: order.currency, cardBrand: 'visa', cardLast4: '4242', refunded: false, refundId: null });
    const charges = await chargesFor(world.sandbox, order.id);
    expect(charges).toMatchObject([{ id: payOrder.payment?.chargeId, amount: order.total, status: 'succeeded' }]);
    const after = await salesToday();
    expect(after.ordersPaid - before.ordersPaid).toBe(1);
    expect(after.revenue - before.revenue).toBe(order.total);
  });

  it('charges the server-priced total: two oat flat whites at the menu price, never a client amount', async () => {
    const john = await customer();
    const order = await placeFlatWhites(world.api, john.token, 2);
    const line = order.lines[0];
    expect(line?.lineTotal).toBe((line?.unitPrice ?? 0) * 2);
    await pay(john.token, order.id, await tokenize(world.sandbox, '4242424242424242'), 'pay-1');
    expect((await chargesFor(world.sandbox, order.id))[0]?.amount).toBe(order.total);
  });

  it("refuses to pay another customer's order as if it did not exist, and charges nothing", async () => {
    const owner = await customer();
    const other = await customer();
    const order = await placeFlatWhites(world.api, owner.token);
    expect(await payError(other.token, order.id, await tokenize(world.sandbox, '4242424242424242'), 'pay-1')).toBe('ORDER_NOT_FOUND');
    expect(await chargesFor(world.sandbox, order.id)).toEqual([]);
    expect((await orderAs(owner.token, order.id)).status).toBe('PENDING_PAYMENT');
  });
});

describe('each test card gives its typed error', () => {
  it('a declined card: PAYMENT_DECLINED, the order PAYMENT_FAILED with the reason, then paid with another card and key', async () => {
    const john = await customer();
    const order = await placeFlatWhites(world.api, john.token);
    expect(await payError(john.token, order.id, await tokenize(world.sandbox, '4000000000000002'), 'pay-1')).toBe('PAYMENT_DECLINED');
    expect(await orderAs(john.token, order.id)).toMatchObject({ status: 'PAYMENT_FAILED', statusReason: 'Your card was declined.', payment: null });
    const { payOrder } = await pay(john.token, order.id, await tokenize(world.sandbox, '4242424242424242'), 'pay-2');
    expect(payOrder).toMatchObject({ status: 'PAID', statusReason: null });
    expect((await chargesFor(world.sandbox, order.id)).map((charge) => charge.status).sort()).toEqual(['failed', 'succeeded']);
  });

  it('a card without funds: INSUFFICIENT_FUNDS and PAYMENT_FAILED', async () => {
    const john = await customer();
    const order = await placeFlatWhites(world.api, john.token);
    expect(await payError(john.token, order.id, await tokenize(world.sandbox, '4000000000009995'), 'pay-1')).toBe('INSUFFICIENT_FUNDS');
    expect(await orderAs(john.token, order.id)).toMatchObject({ status: 'PAYMENT_FAILED', statusReason: 'Your card has insufficient funds.' });
  });

  it('a token the gateway does not know: INVALID_CARD_TOKEN', async () => {
    const john = await customer();
    const order = await placeFlatWhites(world.api, john.token);
    expect(await payError(john.token, order.id, 'tok_made_up', 'pay-1')).toBe('INVALID_CARD_TOKEN');
    expect((await orderAs(john.token, order.id)).status).toBe('PAYMENT_FAILED');
  });

  it('a gateway that fails (4000000000000119): PAYMENT_GATEWAY_ERROR, the order untouched, nothing charged', async () => {
    const john = await customer();
    const order = await placeFlatWhites(world.api, john.token);
    expect(await payError(john.token, order.id, await tokenize(world.sandbox, '4000000000000119'), 'pay-1')).toBe('PAYMENT_GATEWAY_ERROR');
    expect(await orderAs(john.token, order.id)).toMatchObject({ status: 'PENDING_PAYMENT', statusReason: null, payment: null });
    expect(await chargesFor(world.sandbox, order.id)).toEqual([]);
  });
});

describe('retries never charge twice', () => {
  it('a retry with the same key returns the paid order and the sandbox holds one charge', async () => {
    const john = await customer();
    const order = await placeFlatWhites(world.api, john.token);
    const token = await tokenize(world.sandbox, '4242424242424242');
    const first = await pay(john.token, order.id, token, 'pay-1');
    const retry = await pay(john.token, order.id, token, 'pay-1');
    expect(retry.payOrder).toEqual(first.payOrder);
    expect(await chargesFor(world.sandbox, order.id)).toHaveLength(1);
  });

  it('another key on a paid order is ORDER_ALREADY_PAID and charges nothing more', async () => {
    const john = await customer();
    const order = await placeFlatWhites(world.api, john.token);
    await pay(john.token, order.id, await tokenize(world.sandbox, '4242424242424242'), 'pay-1');
    expect(await payError(john.token, order.id, await tokenize(world.sandbox, '4242424242424242'), 'pay-2')).toBe('ORDER_ALREADY_PAID');
    expect(await chargesFor(world.sandbox, order.id)).toHaveLength(1);
  });

  it('the same key with another card token is IDEMPOTENCY_KEY_REUSED', async () => {
    const john = await customer();
    const order = await placeFlatWhites(world.api, john.token);
    await pay(john.token, order.id, await tokenize(world.sandbox, '4242424242424242'), 'pay-1');
    expect(await payError(john.token, order.id, await tokenize(world.sandbox, '4242424242424242'), 'pay-1')).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('two payOrder calls at once with two keys make exactly one charge; the other is told why', async () => {
    const john = await customer();
    const order = await placeFlatWhites(world.api, john.token);
    const [tokenA, tokenB] = await Promise.all([tokenize(world.sandbox, '4242424242424242'), tokenize(world.sandbox, '4242424242424242')]);
    const input = (cardToken: string, idempotencyKey: string) => ({ input: { orderId: order.id, cardToken, idempotencyKey } });
    const answers = await Promise.all([
      world.api.graphql({ query: PAY_ORDER, variables: input(tokenA, 'key-a') }, { authorization: john.token }),
      world.api.graphql({ query: PAY_ORDER, variables: input(tokenB, 'key-b') }, { authorization: john.token }),
    ]);
    const paid = answers.filter(({ body }) => !body.errors);
    const refused = answers.flatMap(({ body }) => body.errors ?? []).map((error) => error.errorType);
    expect(paid).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(['PAYMENT_IN_PROGRESS', 'ORDER_ALREADY_PAID']).toContain(refused[0]);
    expect((await chargesFor(world.sandbox, order.id)).filter((charge) => charge.status === 'succeeded')).toHaveLength(1);
    expect((await orderAs(john.token, order.id)).status).toBe('PAID');
  });

  it('a lost gateway answer leaves the order retryable; the retry with the same key records the one charge made', async () => {
    const john = await customer();
    const order = await placeFlatWhites(world.api, john.token);
    const token = await tokenize(world.sandbox, '4000000000001000');
    expect(await payError(john.token, order.id, token, 'pay-1')).toBe('PAYMENT_GATEWAY_ERROR');
    const [made] = await chargesFor(world.sandbox, order.id);
    expect(made?.status).toBe('succeeded');
    expect((await orderAs(john.token, order.id)).status).toBe('PENDING_PAYMENT');
    // Until the outcome is settled, neither another key nor a cancellation may slip past the charge.
    expect(await payError(john.token, order.id, await tokenize(world.sandbox, '4242424242424242'), 'pay-2')).toBe('PAYMENT_IN_PROGRESS');
    expect(await errorTypeOf(world.api, john.token, CANCEL_ORDER, { input: { orderId: order.id } })).toBe('PAYMENT_IN_PROGRESS');
    const { payOrder } = await pay(john.token, order.id, token, 'pay-1');
    expect(payOrder).toMatchObject({ status: 'PAID', payment: { chargeId: made?.id } });
    expect(await chargesFor(world.sandbox, order.id)).toHaveLength(1);
  });
});

describe('cancelling a paid order', () => {
  it('refunds it exactly once, shows the refund on the order, and takes it off the day', async () => {
    const john = await customer();
    const order = await placeFlatWhites(world.api, john.token);
    await pay(john.token, order.id, await tokenize(world.sandbox, '4242424242424242'), 'pay-1');
    const before = await salesToday();
    const { cancelOrder } = await dataAs<{ cancelOrder: OrderView }>(world.api, john.token, CANCEL_ORDER, { input: { orderId: order.id } });
    expect(cancelOrder).toMatchObject({ status: 'CANCELLED', payment: { refunded: true, refundId: expect.stringMatching(/^re_/) } });
    expect(await errorTypeOf(world.api, john.token, CANCEL_ORDER, { input: { orderId: order.id } })).toBe('INVALID_TRANSITION');
    const [charge] = await chargesFor(world.sandbox, order.id);
    expect(charge).toMatchObject({ refunded: true, amount_refunded: order.total, refunds: [cancelOrder.payment?.refundId] });
    const after = await salesToday();
    expect(after.refunded - before.refunded).toBe(order.total);
    expect(after.revenue - before.revenue).toBe(-order.total);
  });

  it('refunds nothing for an unpaid order', async () => {
    const john = await customer();
    const order = await placeFlatWhites(world.api, john.token);
    const { cancelOrder } = await dataAs<{ cancelOrder: OrderView }>(world.api, john.token, CANCEL_ORDER, { input: { orderId: order.id } });
    expect(cancelOrder).toMatchObject({ status: 'CANCELLED', payment: null });
    expect(await chargesFor(world.sandbox, order.id)).toEqual([]);
  });
});

describe('card numbers never reach the API', () => {
  it('refuses a card number sent as the token, and no card number is anywhere in the orders table', async () => {
    const john = await customer();
    const order = await placeFlatWhites(world.api, john.token);
    expect(await payError(john.token, order.id, '4242 4242 4242 4242', 'pay-1')).toBe('INVALID_CARD_TOKEN');
    expect(await chargesFor(world.sandbox, order.id)).toEqual([]);
    const table = JSON.stringify(await ordersTableItems(world.api));
    expect(table).toContain('tok_');
    for (const number of ['4242424242424242', '4242 4242 4242 4242', '4000000000000002', '4000000000009995', '4000000000000119', '4000000000001000']) {
      expect(table).not.toContain(number);
    }
  });
});
