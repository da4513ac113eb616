import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANCEL_ORDER, ORDER, PAY_ORDER, PLACE_ORDER, START_PREPARING, menuIds, newKey, orderOf, payOrder, placeOrder, readStore, updateStore, type FullOrder } from '../api/support/order-steps';
import { asUser, chargesFor, dataAs, seedMenuAndStore, signedInUser, startPaymentsWorld, tokenize, type PaymentsWorld } from '../api/support/payment-steps';
import { allTables } from './support/tables';

/**
 * Many requests at once on the same thing, through the real HTTP server, DynamoDB Local's
 * transactions and the payment sandbox: one claim wins, the queue never outgrows its capacity,
 * and retries of one request make one order and one charge, however many arrive together.
 */

type User = { email: string; sub: string; token: string };

let world: PaymentsWorld;
let manager: User;
let baristas: User[];
let flatWhite: string;

beforeAll(async () => {
  world = await startPaymentsWorld();
  await seedMenuAndStore(world.api);
  manager = await signedInUser(world.api, 'manager', ['Managers']);
  baristas = await Promise.all(Array.from({ length: 5 }, () => signedInUser(world.api, 'barista', ['Baristas'])));
  flatWhite = (await menuIds(world.api, manager.token))['Flat white'] ?? '';
});

afterAll(async () => {
  await world?.close();
});

const lineOfOne = () => [{ menuItemId: flatWhite, size: 'REGULAR', milk: 'OAT', quantity: 1 } as const];

/** The rows of one order's partition (the order and its audit events), by sort key. */
async function partitionOf(orderId: string): Promise<Record<string, Record<string, unknown>>> {
  const rows = await allTables(world.api);
  return Object.fromEntries(Object.entries(rows).filter(([key]) => key.startsWith(`orders|ORDER#${orderId}|`)).map(([key, row]) => [key.split('|')[2] ?? key, row]));
}

describe('50 baristas claiming one order at once', () => {
  it('let exactly one win; the 49 others get ORDER_ALREADY_CLAIMED and the order moves once', async () => {
    const customer = await signedInUser(world.api, 'claimed', ['Customers']);
    const order = await placeOrder(world.api, customer.token, orderOf(lineOfOne()));
    const paid = await payOrder(world, customer.token, order.id);
    const before = await partitionOf(order.id);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, index) => asUser(world.api, baristas[index % baristas.length]?.token ?? '', START_PREPARING, { orderId: order.id })),
    );
    const winners = answers.filter((answer) => answer.errors === undefined);
    expect(winners).toHaveLength(1);
    expect(answers.filter((answer) => answer.errors?.[0]?.errorType === 'ORDER_ALREADY_CLAIMED')).toHaveLength(49);
    const { order: stored } = await dataAs<{ order: FullOrder }>(world.api, manager.token, ORDER, { id: order.id });
    expect(stored).toMatchObject({ status: 'PREPARING', version: paid.version + 1 });
    expect(stored.events.filter((event) => event.status === 'PREPARING')).toHaveLength(1);
    const after = await partitionOf(order.id);
    expect(Object.keys(after).length).toBe(Object.keys(before).length + 1);
  });
});

describe('concurrent placement', () => {
  it('never takes the queue past the store’s capacity: 30 customers paying at once for 8 places, and only those 8 are charged', async () => {
    const store = await readStore(world.api, manager.token);
    const capacity = store.queueLength + 8;
    await updateStore(world.api, manager.token, { capacity, customerOrderLimit: 3 });
    const customers = await Promise.all(Array.from({ length: 30 }, () => signedInUser(world.api, 'rush', ['Customers'])));
    // Unpaid orders take no place: all 30 are placed.
    const orders = await Promise.all(customers.map((who) => placeOrder(world.api, who.token, orderOf(lineOfOne()))));
    const tokens = await Promise.all(orders.map(() => tokenize(world.sandbox, '4242424242424242')));
    const answers = await Promise.all(
      orders.map((order, index) =>
        asUser(world.api, customers[index]?.token ?? '', PAY_ORDER, { input: { orderId: order.id, cardToken: tokens[index], idempotencyKey: newKey() } }),
      ),
    );
    const paid = answers.filter((answer) => answer.errors === undefined);
    expect(paid).toHaveLength(8);
    expect(new Set(answers.flatMap((answer) => answer.errors ?? []).map((error) => error.errorType))).toEqual(new Set(['CAPACITY_FULL']));
    expect((await readStore(world.api, manager.token)).queueLength).toBe(capacity);
    // A payment refused for capacity charged nothing: the place is taken before the card is.
    const charged = (await Promise.all(orders.map((order) => chargesFor(world.sandbox, order.id)))).flat();
    expect(charged.filter((charge) => charge.status === 'succeeded')).toHaveLength(8);
    await updateStore(world.api, manager.token, { capacity: 200, customerOrderLimit: 3 });
  });

  it('never takes one customer past their limit: 20 different orders at once for 3 places', async () => {
    const greedy = await signedInUser(world.api, 'greedy', ['Customers']);
    const answers = await Promise.all(Array.from({ length: 20 }, () => asUser(world.api, greedy.token, PLACE_ORDER, { input: orderOf(lineOfOne()) })));
    expect(answers.filter((answer) => answer.errors === undefined)).toHaveLength(3);
    expect(new Set(answers.flatMap((answer) => answer.errors ?? []).map((error) => error.errorType))).toEqual(new Set(['LIMIT_REACHED']));
    const rows = Object.values(await allTables(world.api)).filter((row) => row['sk'] === 'ORDER' && row['customerId'] === greedy.sub);
    expect(rows).toHaveLength(3);
  });
});

describe('idempotent retries arriving together', () => {
  it('20 copies of one placeOrder make one order, and every answer that succeeds is that order', async () => {
    const customer = await signedInUser(world.api, 'retrier', ['Customers']);
    const input = orderOf(lineOfOne());
    const answers = await Promise.all(Array.from({ length: 20 }, () => asUser(world.api, customer.token, PLACE_ORDER, { input })));
    const ids = new Set(answers.filter((answer) => answer.errors === undefined).map((answer) => (answer.data as { placeOrder: FullOrder }).placeOrder.id));
    expect(ids.size).toBe(1);
    // A copy that lost the race to a still-unfinished first attempt may be told to retry; none may fail otherwise.
    for (const answer of answers) if (answer.errors) expect(answer.errors[0]?.errorType).toMatch(/IN_PROGRESS|CONFLICT/);
    const rows = Object.values(await allTables(world.api)).filter((row) => row['sk'] === 'ORDER' && row['customerId'] === customer.sub);
    expect(rows).toHaveLength(1);
  });

  it('20 copies of one payOrder make one charge, and the order is PAID for it', async () => {
    const customer = await signedInUser(world.api, 'payer', ['Customers']);
    const order = await placeOrder(world.api, customer.token, orderOf(lineOfOne()));
    const input = { orderId: order.id, cardToken: await tokenize(world.sandbox, '4242424242424242'), idempotencyKey: newKey() };
    const answers = await Promise.all(Array.from({ length: 20 }, () => asUser(world.api, customer.token, PAY_ORDER, { input })));
    const paid = answers.filter((answer) => answer.errors === undefined);
    expect(paid.length).toBeGreaterThanOrEqual(1);
    for (const answer of answers) if (answer.errors) expect(answer.errors[0]?.errorType).toBe('PAYMENT_IN_PROGRESS');
    const charges = await chargesFor(world.sandbox, order.id);
    expect(charges.filter((charge) => charge.status === 'succeeded')).toHaveLength(1);
    // A retry once the dust settles answers the same paid order with the same charge.
    const { payOrder: settled } = await dataAs<{ payOrder: FullOrder }>(world.api, customer.token, PAY_ORDER, { input });
    expect(settled).toMatchObject({ status: 'PAID', payment: { chargeId: charges[0]?.id } });
    expect(await chargesFor(world.sandbox, order.id)).toHaveLength(1);
  });

  it('20 payOrder calls with 20 different keys and cards still make one charge', async () => {
    const customer = await signedInUser(world.api, 'eager', ['Customers']);
    const order = await placeOrder(world.api, customer.token, orderOf(lineOfOne()));
    const tokens = await Promise.all(Array.from({ length: 20 }, () => tokenize(world.sandbox, '4242424242424242')));
    const answers = await Promise.all(tokens.map((cardToken) => asUser(world.api, customer.token, PAY_ORDER, { input: { orderId: order.id, cardToken, idempotencyKey: newKey() } })));
    expect(answers.filter((answer) => answer.errors === undefined)).toHaveLength(1);
    for (const answer of answers) if (answer.errors) expect(['PAYMENT_IN_PROGRESS', 'ORDER_ALREADY_PAID']).toContain(answer.errors[0]?.errorType);
    expect((await chargesFor(world.sandbox, order.id)).filter((charge) => charge.status === 'succeeded')).toHaveLength(1);
  });
});

describe('cancelling while others act', () => {
  it('10 cancellations of one paid order at once refund it exactly once', async () => {
    const customer = await signedInUser(world.api, 'canceller', ['Customers']);
    const order = await placeOrder(world.api, customer.token, orderOf(lineOfOne()));
    await payOrder(world, customer.token, order.id);
    const answers = await Promise.all(Array.from({ length: 10 }, () => asUser(world.api, customer.token, CANCEL_ORDER, { input: { orderId: order.id } })));
    expect(answers.filter((answer) => answer.errors === undefined)).toHaveLength(1);
    const [charge, ...others] = await chargesFor(world.sandbox, order.id);
    expect(others).toEqual([]);
    expect(charge).toMatchObject({ refunded: true });
    expect(charge?.refunds).toHaveLength(1);
    const { order: stored } = await dataAs<{ order: FullOrder }>(world.api, manager.token, ORDER, { id: order.id });
    expect(stored.status).toBe('CANCELLED');
    expect(stored.events.filter((event) => event.status === 'CANCELLED')).toHaveLength(1);
  });

  it('a customer cancelling as 5 baristas claim, six times over: one side wins each time, and the money matches the outcome', async () => {
    const customer = await signedInUser(world.api, 'undecided', ['Customers']);
    for (let round = 0; round < 6; round += 1) {
      const order = await placeOrder(world.api, customer.token, orderOf(lineOfOne()));
      await payOrder(world, customer.token, order.id);
      const [cancel, ...claims] = await Promise.all([
        asUser(world.api, customer.token, CANCEL_ORDER, { input: { orderId: order.id } }),
        ...baristas.map((barista) => asUser(world.api, barista.token, START_PREPARING, { orderId: order.id })),
      ]);
      const claimed = claims.filter((answer) => answer.errors === undefined);
      for (const claim of claims) if (claim.errors) expect(['ORDER_ALREADY_CLAIMED', 'INVALID_TRANSITION', 'CANCELLATION_IN_PROGRESS']).toContain(claim.errors[0]?.errorType);
      const { order: stored } = await dataAs<{ order: FullOrder }>(world.api, manager.token, ORDER, { id: order.id });
      const [charge] = await chargesFor(world.sandbox, order.id);
      if (cancel?.errors === undefined) {
        expect(claimed).toHaveLength(0);
        expect(stored.status).toBe('CANCELLED');
        expect(charge?.refunds).toHaveLength(1);
      } else {
        // Before the fix the refund went out here while the order went on to be made.
        expect(claimed).toHaveLength(1);
        expect(stored.status).toBe('PREPARING');
        expect(charge?.refunded).toBe(false);
        await dataAs(world.api, manager.token, CANCEL_ORDER, { input: { orderId: order.id, reason: 'Test clean-up' } });
      }
    }
  });
});
