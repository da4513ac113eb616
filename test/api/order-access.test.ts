import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userPoolMode } from '../../local/test/realtime/appsync-auth';
import { Subscriber } from '../../local/test/realtime/subscriber';
import { dataAs, seedMenuAndStore, signedInUser, startPaymentsWorld, tokenize, type PaymentsWorld } from './support/payment-steps';
import {
  CANCEL_ORDER,
  CHANGES_SINCE,
  EXPIRE_ORDER,
  LIVE_QUEUE,
  MARK_COLLECTED,
  MARK_READY,
  MY_ORDERS,
  ORDER,
  PAY_ORDER,
  START_PREPARING,
  menuIds,
  newKey,
  orderOf,
  placeOrder,
  rejection,
  tableSnapshot,
  type FullOrder,
} from './support/order-steps';

/**
 * Who may do what with an order, through GraphQL with real tokens: a customer reaches only their
 * own orders (another customer's order does not exist for them), staff reach every order, the
 * back-office fields answer only IAM, and signed-out callers reach none.
 */

type User = { token: string; sub: string };

let world: PaymentsWorld;
let alice: User;
let mallory: User;
let barista: User;
let manager: User;
let aliceOrder: FullOrder;

beforeAll(async () => {
  world = await startPaymentsWorld();
  await seedMenuAndStore(world.api);
  alice = await signedInUser(world.api, 'alice', ['Customers']);
  mallory = await signedInUser(world.api, 'mallory', ['Customers']);
  barista = await signedInUser(world.api, 'barista', ['Baristas']);
  manager = await signedInUser(world.api, 'manager', ['Managers']);
  const ids = await menuIds(world.api, alice.token);
  aliceOrder = await placeOrder(world.api, alice.token, orderOf([{ menuItemId: ids['Flat white'] ?? '', size: 'REGULAR', milk: 'OAT', quantity: 2 }]));
});

afterAll(async () => {
  await world?.close();
});

describe('another customer\'s order', () => {
  it('cannot be read: ORDER_NOT_FOUND, exactly as for an order that does not exist', async () => {
    const foreign = await rejection(world.api, mallory.token, ORDER, { id: aliceOrder.id });
    const missing = await rejection(world.api, mallory.token, ORDER, { id: 'no-such-order' });
    expect(foreign.errorType).toBe('ORDER_NOT_FOUND');
    expect(missing.errorType).toBe('ORDER_NOT_FOUND');
    expect(foreign.data).toEqual({ order: null });
  });

  it('cannot be cancelled: ORDER_NOT_FOUND, nothing written', async () => {
    const before = await tableSnapshot(world.api);
    expect((await rejection(world.api, mallory.token, CANCEL_ORDER, { input: { orderId: aliceOrder.id } })).errorType).toBe('ORDER_NOT_FOUND');
    expect(await tableSnapshot(world.api)).toEqual(before);
  });

  it('cannot be paid: ORDER_NOT_FOUND, nothing written', async () => {
    const cardToken = await tokenize(world.sandbox, '4242424242424242');
    const before = await tableSnapshot(world.api);
    const refused = await rejection(world.api, mallory.token, PAY_ORDER, { input: { orderId: aliceOrder.id, cardToken, idempotencyKey: newKey() } });
    expect(refused.errorType).toBe('ORDER_NOT_FOUND');
    expect(await tableSnapshot(world.api)).toEqual(before);
  });

  it('is not among the caller\'s orders', async () => {
    const { myOrders } = await dataAs<{ myOrders: { items: Array<{ id: string }> } }>(world.api, mallory.token, MY_ORDERS, { limit: 100 });
    expect(myOrders.items.map((order) => order.id)).not.toContain(aliceOrder.id);
  });

  it('is never delivered on the caller\'s onMyOrderChanged, while their own orders are', async () => {
    const subscriber = await Subscriber.connect(world.api.server.realtimeUrl, { ca: world.api.server.caPem, auth: userPoolMode(world.api.server.httpUrl, mallory.token) });
    try {
      await subscriber.subscribe('mine', 'subscription { onMyOrderChanged { id customerId status } }');
      // Alice's order changes: cancelled by Alice, selecting customerId so a filter could match it.
      await dataAs(world.api, alice.token, CANCEL_ORDER, { input: { orderId: aliceOrder.id } });
      // Then one of Mallory's own: events reach a subscriber in publication order, so once this
      // one has arrived, Alice's would have too.
      const ids = await menuIds(world.api, mallory.token);
      const own = await placeOrder(world.api, mallory.token, orderOf([{ menuItemId: ids['Espresso'] ?? '', size: 'SMALL', quantity: 1 }]));
      await subscriber.client.next((frame) => frame['id'] === 'mine' && frame['type'] === 'data');
      expect(subscriber.data('mine')).toEqual([{ data: { onMyOrderChanged: { id: own.id, customerId: mallory.sub, status: 'PENDING_PAYMENT' } } }]);
      await dataAs(world.api, mallory.token, CANCEL_ORDER, { input: { orderId: own.id } });
    } finally {
      await subscriber.close();
    }
  });
});

describe('staff', () => {
  it('read any customer\'s order', async () => {
    for (const who of [barista, manager]) {
      const { order } = await dataAs<{ order: FullOrder }>(world.api, who.token, ORDER, { id: aliceOrder.id });
      expect(order).toMatchObject({ id: aliceOrder.id, customerId: alice.sub });
    }
  });
});

describe('fields a customer may not use', () => {
  it('the live queue, the changes feed and every staff move answer Unauthorized', async () => {
    const attempts: Array<[string, Record<string, unknown>]> = [
      [LIVE_QUEUE, { status: 'PAID' }],
      [CHANGES_SINCE, { cursor: null }],
      [START_PREPARING, { orderId: aliceOrder.id }],
      [MARK_READY, { orderId: aliceOrder.id }],
      [MARK_COLLECTED, { orderId: aliceOrder.id }],
    ];
    for (const [document, variables] of attempts) {
      expect((await rejection(world.api, alice.token, document, variables)).errorType, document).toBe('Unauthorized');
    }
  });

  it('the barista feed refuses a customer\'s subscription', async () => {
    const subscriber = await Subscriber.connect(world.api.server.realtimeUrl, { ca: world.api.server.caPem, auth: userPoolMode(world.api.server.httpUrl, alice.token) });
    try {
      const answer = await subscriber.start('feed', 'subscription { onOrderQueueChanged { id } }');
      expect(answer['type']).toBe('error');
      expect(JSON.stringify(answer['payload'])).toContain('Unauthorized');
    } finally {
      await subscriber.close();
    }
  });
});

describe('the back-office fields', () => {
  it('answer only IAM: signed-in users, managers included, are Unauthorized', async () => {
    for (const who of [alice, barista, manager]) {
      expect((await rejection(world.api, who.token, 'query { overdueOrders { items { id } } }', {})).errorType).toBe('Unauthorized');
      expect((await rejection(world.api, who.token, EXPIRE_ORDER, { orderId: aliceOrder.id })).errorType).toBe('Unauthorized');
    }
  });
});

describe('signed-out callers (API key)', () => {
  it('reach no order field', async () => {
    const documents: Array<[string, Record<string, unknown>]> = [
      [ORDER, { id: aliceOrder.id }],
      [MY_ORDERS, {}],
      [CANCEL_ORDER, { input: { orderId: aliceOrder.id } }],
      [LIVE_QUEUE, { status: 'PAID' }],
    ];
    for (const [query, variables] of documents) {
      const { body } = await world.api.graphql({ query, variables }, { 'x-api-key': world.api.apiKey });
      expect(body.errors?.[0]?.errorType, query).toBe('Unauthorized');
    }
  });
});
