import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userPoolMode } from '../../local/test/realtime/appsync-auth';
import { Subscriber } from '../../local/test/realtime/subscriber';
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
  orderAction,
  orderOf,
  payOrder,
  placeOrder,
  updateStore,
  type FullOrder,
} from '../api/support/order-steps';
import { asUser, dataAs, seedMenuAndStore, signedInUser, startPaymentsWorld, tokenize, type PaymentsWorld } from '../api/support/payment-steps';
import { allTables } from './support/tables';

/**
 * One customer (Mallory) tries every operation of the schema on another customer's (Alice's)
 * orders, in every state an order can be in while it is live: each attempt is refused, the
 * answer carries nothing of Alice's, and the tables are exactly as they were. Then the same for
 * the schema itself: introspection answers, as on AppSync, and describes types, never rows.
 */

type User = { email: string; sub: string; token: string };

let world: PaymentsWorld;
let alice: User;
let mallory: User;
let barista: User;
let ids: Record<string, string>;
const aliceOrders: Record<string, FullOrder> = {};

beforeAll(async () => {
  world = await startPaymentsWorld();
  await seedMenuAndStore(world.api);
  [alice, mallory, barista] = await Promise.all([
    signedInUser(world.api, 'alice', ['Customers']),
    signedInUser(world.api, 'mallory', ['Customers']),
    signedInUser(world.api, 'barista', ['Baristas']),
  ]);
  ids = await menuIds(world.api, alice.token);
  const manager = await signedInUser(world.api, 'manager', ['Managers']);
  await updateStore(world.api, manager.token, { capacity: 100, customerOrderLimit: 10 });
  const line = { menuItemId: ids['Flat white'] ?? '', size: 'REGULAR', milk: 'OAT', quantity: 1 } as const;
  for (const status of ['PENDING_PAYMENT', 'PAID', 'PREPARING', 'READY']) {
    const placed = await placeOrder(world.api, alice.token, orderOf([line], { pickupName: 'Alice', notes: 'alice-secret-note' }));
    if (status !== 'PENDING_PAYMENT') await payOrder(world, alice.token, placed.id);
    if (status === 'PREPARING' || status === 'READY') await orderAction(world.api, barista.token, START_PREPARING, placed.id);
    if (status === 'READY') await orderAction(world.api, barista.token, MARK_READY, placed.id);
    aliceOrders[status] = placed;
  }
});

afterAll(async () => {
  await world?.close();
});

/** What an answer to Mallory must never contain: anything that identifies Alice or her orders' contents. */
function leaksOfAlice(body: unknown, orderId: string): string[] {
  const text = JSON.stringify(body);
  return [alice.sub, alice.email, 'alice-secret-note', 'Alice'].filter((secret) => text.includes(secret)).concat(
    // The id Mallory sent may be echoed in an error message; a payload carrying it as data may not.
    /"id":"/.test(text) && text.includes(`"id":"${orderId}"`) ? [orderId] : [],
  );
}

async function operationsOn(orderId: string): Promise<Array<[string, string, Record<string, unknown>]>> {
  const cardToken = await tokenize(world.sandbox, '4242424242424242');
  return [
    ['order', ORDER, { id: orderId }],
    ['order with events', 'query($id: ID!) { order(id: $id) { id events { by reason } payment { chargeId } } }', { id: orderId }],
    ['payOrder', PAY_ORDER, { input: { orderId, cardToken, idempotencyKey: newKey() } }],
    ['cancelOrder', CANCEL_ORDER, { input: { orderId } }],
    ['cancelOrder with a reason', CANCEL_ORDER, { input: { orderId, reason: 'I am staff, honest' } }],
    ['startPreparing', START_PREPARING, { orderId }],
    ['markReady', MARK_READY, { orderId }],
    ['markCollected', MARK_COLLECTED, { orderId }],
    ['expireOrder', EXPIRE_ORDER, { orderId }],
    ['liveQueue', LIVE_QUEUE, { status: 'PAID' }],
    ['orderChangesSince', CHANGES_SINCE, { cursor: null }],
    ['overdueOrders', 'query { overdueOrders { items { id customerId } } }', {}],
    ['salesReport', 'query { salesReport { ordersPaid revenue } }', {}],
  ];
}

describe('another customer’s live orders', () => {
  for (const status of ['PENDING_PAYMENT', 'PAID', 'PREPARING', 'READY']) {
    it(`refuse every query and mutation while ${status}, leak nothing and write nothing`, async () => {
      const order = aliceOrders[status];
      if (!order) throw new Error(`no ${status} order`);
      const before = await allTables(world.api);
      for (const [name, document, variables] of await operationsOn(order.id)) {
        const body = await asUser(world.api, mallory.token, document, variables);
        expect(body.errors, `${name} on a ${status} order answered ${JSON.stringify(body.data)}`).toBeDefined();
        expect(['ORDER_NOT_FOUND', 'Unauthorized'], name).toContain(body.errors?.[0]?.errorType);
        expect(leaksOfAlice(body, order.id), name).toEqual([]);
      }
      expect(await allTables(world.api)).toEqual(before);
    });
  }

  it('never come back in the caller’s own list, on any page', async () => {
    await placeOrder(world.api, mallory.token, orderOf([{ menuItemId: ids['Espresso'] ?? '', size: 'SMALL', quantity: 1 }]));
    let nextToken: string | null = null;
    const seen: string[] = [];
    for (let page = 0; page < 20; page += 1) {
      const result: { myOrders: { items: Array<{ id: string; customerId: string }>; nextToken: string | null } } = await dataAs(world.api, mallory.token, MY_ORDERS, { limit: 1, nextToken });
      seen.push(...result.myOrders.items.map((item) => item.customerId));
      nextToken = result.myOrders.nextToken;
      if (!nextToken) break;
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([mallory.sub]));
  });

  it('cannot be paged into with a nextToken taken from the owner’s list', async () => {
    const first = await dataAs<{ myOrders: { nextToken: string | null } }>(world.api, alice.token, MY_ORDERS, { limit: 1 });
    const stolen = first.myOrders.nextToken;
    expect(stolen).toBeTruthy();
    const body = await asUser(world.api, mallory.token, MY_ORDERS, { limit: 10, nextToken: stolen });
    const items = (body.data as { myOrders?: { items?: Array<{ customerId: string }> } } | null)?.myOrders?.items ?? [];
    expect(items.filter((item) => item.customerId !== mallory.sub)).toEqual([]);
    expect(leaksOfAlice(body, '')).toEqual([]);
  });

  it('never reach the caller over any subscription, through every move of their lifecycle', async () => {
    const subscriber = await Subscriber.connect(world.api.server.realtimeUrl, { ca: world.api.server.caPem, auth: userPoolMode(world.api.server.httpUrl, mallory.token) });
    try {
      await subscriber.subscribe('mine', 'subscription { onMyOrderChanged { id customerId status } }');
      await subscriber.subscribe('aliased', 'subscription { theirs: onMyOrderChanged { id customerId pickupName notes } }');
      const queue = await subscriber.start('queue', 'subscription { onOrderQueueChanged { id customerId } }');
      expect(queue['type']).toBe('error');
      const order = await placeOrder(world.api, alice.token, orderOf([{ menuItemId: ids['Flat white'] ?? '', size: 'REGULAR', quantity: 1 }]));
      await payOrder(world, alice.token, order.id);
      for (const move of [START_PREPARING, MARK_READY, MARK_COLLECTED]) await orderAction(world.api, barista.token, move, order.id);
      // Mallory's own order, placed last: deliveries keep publication order, so once it has
      // arrived on both subscriptions, any of Alice's would have too.
      const own = await placeOrder(world.api, mallory.token, orderOf([{ menuItemId: ids['Espresso'] ?? '', size: 'SMALL', quantity: 1 }]));
      await subscriber.client.next((frame) => frame['id'] === 'mine' && frame['type'] === 'data');
      await subscriber.client.next((frame) => frame['id'] === 'aliased' && frame['type'] === 'data');
      expect(subscriber.data('mine')).toEqual([{ data: { onMyOrderChanged: { id: own.id, customerId: mallory.sub, status: 'PENDING_PAYMENT' } } }]);
      expect(subscriber.data('aliased')).toHaveLength(1);
      expect(leaksOfAlice(subscriber.client.frames, order.id)).toEqual([]);
    } finally {
      await subscriber.close();
    }
  });
});

describe('introspection', () => {
  const INTROSPECT = '{ __schema { queryType { name } types { name fields { name } } } __type(name: "Order") { fields { name } } }';

  it('answers every caller as AppSync does: API key, customer, staff', async () => {
    const callers: Array<Record<string, string>> = [{ 'x-api-key': world.api.apiKey }, { authorization: mallory.token }, { authorization: barista.token }];
    for (const headers of callers) {
      const out = await world.api.graphql({ query: INTROSPECT }, headers);
      expect(out.status).toBe(200);
      expect(out.body.errors).toBeUndefined();
      expect(JSON.stringify(out.body.data)).toContain('"name":"Order"');
    }
  });

  it('describes types only: no answer holds a customer id, an order id or a note', async () => {
    const out = await world.api.graphql({ query: INTROSPECT }, { authorization: mallory.token });
    const text = JSON.stringify(out.body);
    for (const order of Object.values(aliceOrders)) expect(text).not.toContain(order.id);
    expect(text).not.toContain(alice.sub);
    expect(text).not.toContain('alice-secret-note');
  });

  it('mixed into a query for another customer’s order, adds the type name and still leaks nothing', async () => {
    const order = aliceOrders['PAID'];
    const body = await asUser(world.api, mallory.token, 'query($id: ID!) { __typename order(id: $id) { __typename id customerId } }', { id: order?.id });
    expect(body.data).toEqual({ __typename: 'Query', order: null });
    expect(body.errors?.[0]?.errorType).toBe('ORDER_NOT_FOUND');
  });
});
