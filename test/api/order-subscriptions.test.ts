import { Amplify } from 'aws-amplify';
import { generateClient, type GraphQLQuery, type GraphQLSubscription } from 'aws-amplify/api';
import { signIn, signOut } from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, installTrustingWebSocket } from '../../local/test/realtime/amplify-client';
import { userPoolMode } from '../../local/test/realtime/appsync-auth';
import { Subscriber } from '../../local/test/realtime/subscriber';
import { TEST_PASSWORD } from '../../local/test/support/local-api';
import { dataAs, seedMenuAndStore, signedInUser, startPaymentsWorld, tokenize, type PaymentsWorld } from './support/payment-steps';
import {
  CANCEL_ORDER,
  CHANGES_SINCE,
  MARK_READY,
  PLACE_ORDER,
  START_PREPARING,
  menuIds,
  newKey,
  orderAction,
  orderOf,
  payOrder,
  placeOrder,
  rejection,
  type FullOrder,
} from './support/order-steps';

/**
 * Order events as the apps receive them. John's app is aws-amplify v6 in Node, signed in to
 * cognito-local, subscribed over wss exactly as in a browser; the barista's tablet and a second
 * customer are raw AppSync real-time clients. The API sends each subscriber what the mutation
 * selected, filtered on the server: a customer by their own identity, staff unfiltered.
 */

type User = { email: string; token: string; sub: string };

let world: PaymentsWorld;
let john: User;
let nora: User;
let barista: User;
let ids: Record<string, string>;
let restoreWebSocket: () => void;

const BARISTA_FEED = `subscription Feed { onOrderQueueChanged {
  id orderNumber status pickupName customerId lines { name size milk quantity extras { name quantity } } } }`;
const MY_FEED = 'subscription Mine { onMyOrderChanged { id customerId status orderNumber pickupName readyAt lines { name quantity } } }';

type FeedOrder = { id: string; status: string; customerId: string } & Record<string, unknown>;

beforeAll(async () => {
  world = await startPaymentsWorld();
  await seedMenuAndStore(world.api);
  john = await signedInUser(world.api, 'john', ['Customers']);
  nora = await signedInUser(world.api, 'nora', ['Customers']);
  barista = await signedInUser(world.api, 'barista', ['Baristas']);
  ids = await menuIds(world.api, john.token);

  restoreWebSocket = installTrustingWebSocket(world.api.server.caPem);
  const { userPoolId, clientId } = world.api.booted.state.pool;
  Amplify.configure({
    Auth: { Cognito: { userPoolId, userPoolClientId: clientId, userPoolEndpoint: inject('cognitoEndpoint') } },
    API: { GraphQL: { endpoint: world.api.server.httpUrl, region: 'local', defaultAuthMode: 'userPool' } },
  });
  await signIn({ username: john.email, password: TEST_PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
});

afterAll(async () => {
  await signOut().catch(() => undefined);
  restoreWebSocket?.();
  await world?.close();
});

/** John's onMyOrderChanged through amplify; `received` fills as events arrive. */
function johnSubscribes(): { received: FeedOrder[]; errors: unknown[]; unsubscribe(): void } {
  const received: FeedOrder[] = [];
  const errors: unknown[] = [];
  const subscription = generateClient()
    .graphql<GraphQLSubscription<{ onMyOrderChanged: FeedOrder }>>({ query: MY_FEED })
    .subscribe({ next: ({ data }) => received.push(data.onMyOrderChanged), error: (error: unknown) => errors.push(error) });
  return { received, errors, unsubscribe: () => subscription.unsubscribe() };
}

async function rawSubscriber(user: User, id: string, query: string): Promise<Subscriber> {
  const subscriber = await Subscriber.connect(world.api.server.realtimeUrl, { ca: world.api.server.caPem, auth: userPoolMode(world.api.server.httpUrl, user.token) });
  await subscriber.subscribe(id, query);
  return subscriber;
}

function feed(subscriber: Subscriber, id: string): FeedOrder[] {
  return subscriber.data(id).map((payload) => Object.values((payload as { data: Record<string, FeedOrder> }).data)[0] as FeedOrder);
}

describe('order subscriptions', () => {
  it('tell the barista of each newly paid order and its changes, and John of every change to his, READY included', async () => {
    const counter = await rawSubscriber(barista, 'feed', BARISTA_FEED);
    const mine = johnSubscribes();
    await eventually(() => world.api.server.hub.stats().subscriptions === 2 || mine.errors.length > 0);
    expect(mine.errors).toEqual([]);
    try {
      // John orders and pays from his app, as amplify sends it.
      const client = generateClient();
      const placed = await client.graphql<GraphQLQuery<{ placeOrder: FullOrder }>>({
        query: PLACE_ORDER,
        variables: { input: orderOf([{ menuItemId: ids['Flat white'] ?? '', size: 'REGULAR', milk: 'OAT', quantity: 2 }], { pickupName: 'John' }) },
      });
      const order = placed.data.placeOrder;
      const cardToken = await tokenize(world.sandbox, '4242424242424242');
      const paid = await client.graphql<GraphQLQuery<{ payOrder: FullOrder }>>({
        query: `mutation Pay($input: PayOrderInput!) { payOrder(input: $input) { id customerId status orderNumber pickupName lines { name size milk quantity extras { name quantity } } } }`,
        variables: { input: { orderId: order.id, cardToken, idempotencyKey: newKey() } },
      });
      // The number comes with payment: the unpaid order had none.
      expect(order.orderNumber).toBeNull();
      const orderNumber = paid.data.payOrder.orderNumber;
      expect(orderNumber).toEqual(expect.any(Number));
      await orderAction(world.api, barista.token, START_PREPARING, order.id);
      const ready = await orderAction(world.api, barista.token, MARK_READY, order.id);

      await eventually(() => feed(counter, 'feed').length >= 3 && mine.received.length >= 4);
      const flatWhites = [{ name: 'Flat white', size: 'REGULAR', milk: 'OAT', quantity: 2, extras: [] }];
      // The barista never sees an unpaid order; the paid one arrives with the name, drinks and milk.
      expect(feed(counter, 'feed')).toEqual([
        { id: order.id, orderNumber, status: 'PAID', pickupName: 'John', customerId: john.sub, lines: flatWhites },
        { id: order.id, orderNumber, status: 'PREPARING', pickupName: 'John', customerId: john.sub, lines: flatWhites },
        { id: order.id, orderNumber, status: 'READY', pickupName: 'John', customerId: john.sub, lines: flatWhites },
      ]);
      expect(mine.received.map((event) => event.status)).toEqual(['PENDING_PAYMENT', 'PAID', 'PREPARING', 'READY']);
      // What the app needs to say "John, your 2 flat whites are ready at the counter, number N".
      expect(mine.received[3]).toEqual({
        id: order.id,
        customerId: john.sub,
        status: 'READY',
        orderNumber,
        pickupName: 'John',
        readyAt: ready.readyAt,
        lines: [{ name: 'Flat white', quantity: 2 }],
      });
    } finally {
      mine.unsubscribe();
      await counter.close();
      await eventually(() => world.api.server.hub.stats().subscriptions === 0);
    }
  });

  it('never deliver one customer\'s order to another customer', async () => {
    const noraFeed = await rawSubscriber(nora, 'mine', MY_FEED);
    const mine = johnSubscribes();
    await eventually(() => world.api.server.hub.stats().subscriptions === 2 || mine.errors.length > 0);
    expect(mine.errors).toEqual([]);
    try {
      const johns = await placeOrder(world.api, john.token, orderOf([{ menuItemId: ids['Espresso'] ?? '', size: 'SMALL', quantity: 1 }]));
      await payOrder(world, john.token, johns.id);
      await dataAs(world.api, barista.token, CANCEL_ORDER, { input: { orderId: johns.id, reason: 'Machine down' } });
      // Nora's own order last: a subscriber gets events in publication order, so once hers and
      // John's last event have arrived, anything of John's meant for Nora would have too.
      const noras = await placeOrder(world.api, nora.token, orderOf([{ menuItemId: ids['Espresso'] ?? '', size: 'SMALL', quantity: 1 }]));
      await eventually(() => feed(noraFeed, 'mine').length >= 1 && mine.received.some((event) => event.status === 'CANCELLED'));
      const johnsLast = await placeOrder(world.api, john.token, orderOf([{ menuItemId: ids['Espresso'] ?? '', size: 'SMALL', quantity: 1 }]));
      await eventually(() => mine.received.some((event) => event.id === johnsLast.id));

      expect(feed(noraFeed, 'mine').map((event) => [event.id, event.customerId])).toEqual([[noras.id, nora.sub]]);
      expect(mine.received.every((event) => event.customerId === john.sub)).toBe(true);
      expect(mine.received.map((event) => event.id)).not.toContain(noras.id);
      await dataAs(world.api, nora.token, CANCEL_ORDER, { input: { orderId: noras.id } });
      await dataAs(world.api, john.token, CANCEL_ORDER, { input: { orderId: johnsLast.id } });
    } finally {
      mine.unsubscribe();
      await noraFeed.close();
      await eventually(() => world.api.server.hub.stats().subscriptions === 0);
    }
  });
});

describe('catching up after a reconnect', () => {
  type Changes = { orderChangesSince: { items: Array<{ id: string; status: string; version: number }>; cursor: string | null } };
  const changesSince = async (cursor: string | null, limit?: number) =>
    (await dataAs<Changes>(world.api, barista.token, CHANGES_SINCE, { cursor, limit })).orderChangesSince;

  it('orderChangesSince returns the orders changed after the cursor, each once in its latest state', async () => {
    const today = await changesSince(null, 100);
    expect(today.cursor).toEqual(expect.any(String));
    expect(today.items.length).toBeGreaterThan(0);
    const sinceNow = await changesSince(today.cursor);
    expect(sinceNow).toEqual({ items: [], cursor: null });

    // While the tablet is away: one order placed and paid, another placed and cancelled.
    const ids2 = await menuIds(world.api, nora.token);
    const paid = await placeOrder(world.api, nora.token, orderOf([{ menuItemId: ids2['Espresso'] ?? '', size: 'SMALL', quantity: 1 }]));
    const paidNow = await payOrder(world, nora.token, paid.id);
    const dropped = await placeOrder(world.api, nora.token, orderOf([{ menuItemId: ids2['Espresso'] ?? '', size: 'SMALL', quantity: 1 }]));
    const droppedNow = (await dataAs<{ cancelOrder: FullOrder }>(world.api, nora.token, CANCEL_ORDER, { input: { orderId: dropped.id } })).cancelOrder;

    const caughtUp = await changesSince(today.cursor);
    expect(caughtUp.items).toEqual([
      { id: paid.id, status: 'PAID', version: paidNow.version },
      { id: dropped.id, status: 'CANCELLED', version: droppedNow.version },
    ]);
    // A page at a time: the cursor carries on where the last page ended.
    const first = await changesSince(today.cursor, 1);
    expect(first.items.map((order) => order.id)).toEqual([paid.id]);
    const second = await changesSince(first.cursor, 1);
    expect(second.items.map((order) => order.id)).toEqual([dropped.id]);
    expect(await changesSince(second.cursor, 1)).toEqual({ items: [], cursor: null });
    await dataAs(world.api, barista.token, CANCEL_ORDER, { input: { orderId: paid.id, reason: 'Test clean-up' } });
  });

  it('refuses a cursor it did not hand out: INVALID_INPUT', async () => {
    expect((await rejection(world.api, barista.token, CHANGES_SINCE, { cursor: 'not-a-cursor' })).errorType).toBe('INVALID_INPUT');
  });
});
