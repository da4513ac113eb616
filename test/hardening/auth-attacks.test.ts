import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyMode, iamMode, userPoolMode, type AuthMode } from '../../local/test/realtime/appsync-auth';
import { encodeHeader } from '../../local/test/realtime/harness';
import { Subscriber } from '../../local/test/realtime/subscriber';
import { ProtocolClient } from '../../local/test/realtime/ws-client';
import { menuIds, MY_ORDERS, orderOf, PLACE_ORDER, placeOrder } from '../api/support/order-steps';
import { dataAs, seedMenuAndStore, signedInUser, startPaymentsWorld, type PaymentsWorld } from '../api/support/payment-steps';
import { badCredentials, type BadCredential } from './support/credentials';
import { allTables } from './support/tables';

/**
 * Every forged, stolen-from-elsewhere or stale credential, tried against the coffee API on both
 * doors: HTTP (a 401 with AppSync's body, and nothing written) and the real-time WebSocket (a
 * connection_error 401 and a closed socket, or an error for the one `start`, and no
 * subscription registered).
 *
 * ID tokens: AppSync's user-pool mode takes both token types a pool issues (amplify v6 sends the
 * access token; older clients and the AppSync console send the ID token), reading `sub`,
 * `username` and `cognito:groups` from either. So an ID token is not an attack: the suite asserts
 * it is treated exactly as the same user's access token, no more and no less.
 */

let world: PaymentsWorld;
let customer: { email: string; sub: string; token: string };
let idToken: string;
let attacks: BadCredential[];
let flatWhite: string;

beforeAll(async () => {
  world = await startPaymentsWorld();
  await seedMenuAndStore(world.api);
  customer = await signedInUser(world.api, 'victim', ['Customers']);
  ({ idToken } = await world.api.signIn(customer.email));
  attacks = await badCredentials(world.api, customer);
  flatWhite = (await menuIds(world.api, customer.token))['Flat white'] ?? '';
  await placeOrder(world.api, customer.token, orderOf([{ menuItemId: flatWhite, size: 'REGULAR', milk: 'OAT', quantity: 1 }]));
});

afterAll(async () => {
  await world?.close();
});

function wsMode(headers: Record<string, string>): AuthMode {
  const endpoint = world.api.server.httpUrl;
  return headers['x-api-key'] !== undefined ? apiKeyMode(endpoint, headers['x-api-key']) : userPoolMode(endpoint, headers['authorization'] ?? '');
}

async function refusedConnection(auth: AuthMode): Promise<{ frame: Record<string, unknown>; code: number }> {
  const client = await ProtocolClient.open(world.api.server.realtimeUrl, ['graphql-ws', encodeHeader(await auth.connect())], world.api.server.caPem);
  client.send({ type: 'connection_init' });
  const frame = await client.next((candidate) => candidate['type'] === 'connection_ack' || candidate['type'] === 'connection_error');
  const { code } = await client.closed;
  return { frame, code };
}

describe('forged and foreign credentials over HTTP', () => {
  it('answer every attempt to place an order with 401 UnauthorizedException and AppSync’s message, and write nothing', async () => {
    const before = await allTables(world.api);
    for (const attack of attacks) {
      const input = orderOf([{ menuItemId: flatWhite, size: 'REGULAR', quantity: 1 }]);
      const out = await world.api.graphql({ query: PLACE_ORDER, variables: { input } }, attack.headers);
      expect(out, attack.name).toEqual({ status: 401, body: { errors: [{ errorType: 'UnauthorizedException', message: attack.message }] } });
    }
    expect(await allTables(world.api)).toEqual(before);
  });

  it('answer a wrong IAM signature with 403 InvalidSignatureException, and write nothing', async () => {
    const before = await allTables(world.api);
    const body = JSON.stringify({ query: 'mutation { expireOrder(orderId: "x") { id } }' });
    const forged = iamMode(world.api.server.httpUrl, { accessKeyId: world.api.booted.state.iam.accessKeyId, secretAccessKey: 'not-the-secret' });
    const response = await fetch(world.api.server.httpUrl, { method: 'POST', headers: await forged.http(body), body });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { errors: Array<{ errorType: string }> }).errors[0]?.errorType).toBe('InvalidSignatureException');
    expect(await allTables(world.api)).toEqual(before);
  });

  it('treat a signed request whose body was swapped after signing as a wrong signature', async () => {
    const signedBody = JSON.stringify({ query: '{ store { open } }' });
    const sentBody = JSON.stringify({ query: 'mutation { expireOrder(orderId: "x") { id } }' });
    const headers = await iamMode(world.api.server.httpUrl, world.api.booted.state.iam).http(signedBody);
    const response = await fetch(world.api.server.httpUrl, { method: 'POST', headers, body: sentBody });
    expect(response.status).toBe(403);
  });
});

describe('forged and foreign credentials on the WebSocket', () => {
  it('get connection_error 401 with AppSync’s message, then a closed socket, for every connection attempt', async () => {
    for (const attack of attacks) {
      const { frame, code } = await refusedConnection(wsMode(attack.headers));
      expect(frame, attack.name).toEqual({
        type: 'connection_error',
        payload: { errors: [{ errorType: 'UnauthorizedException', message: attack.message, errorCode: 401 }] },
      });
      expect(code, attack.name).toBe(4401);
    }
    expect(world.api.server.hub.stats().subscriptions).toBe(0);
  });

  it('refuse a connection signed over IAM with the wrong secret', async () => {
    const forged = iamMode(world.api.server.httpUrl, { accessKeyId: world.api.booted.state.iam.accessKeyId, secretAccessKey: 'not-the-secret' });
    const { frame, code } = await refusedConnection(forged);
    expect(frame['type']).toBe('connection_error');
    expect(code).toBe(4401);
  });

  it('refuse each forged credential on a start over an honest connection, which stays open and registers nothing', async () => {
    const honest = await Subscriber.connect(world.api.server.realtimeUrl, { ca: world.api.server.caPem, auth: userPoolMode(world.api.server.httpUrl, customer.token) });
    try {
      for (const [index, attack] of attacks.entries()) {
        const answer = await honest.start(`forged-${index}`, 'subscription { onMyOrderChanged { id } }', {}, wsMode(attack.headers));
        expect(answer['type'], attack.name).toBe('error');
        expect(JSON.stringify(answer['payload']), attack.name).toMatch(/Unauthorized/);
      }
      expect(honest.isOpen).toBe(true);
      expect(world.api.server.hub.stats().subscriptions).toBe(0);
      await honest.subscribe('mine', 'subscription { onMyOrderChanged { id } }');
      expect(world.api.server.hub.stats().subscriptions).toBe(1);
    } finally {
      await honest.close();
    }
  });
});

describe('an ID token where amplify sends an access token', () => {
  it('is served over HTTP exactly as the same user’s access token', async () => {
    const withAccess = await dataAs(world.api, customer.token, MY_ORDERS, { limit: 10 });
    const withId = await dataAs(world.api, idToken, MY_ORDERS, { limit: 10 });
    expect(withId).toEqual(withAccess);
  });

  it('is refused the same staff-only fields as the access token', async () => {
    const queue = 'query { liveQueue(status: PAID) { items { id } } }';
    const withAccess = await world.api.graphql({ query: queue }, { authorization: customer.token });
    const withId = await world.api.graphql({ query: queue }, { authorization: idToken });
    expect(withAccess.body.errors?.[0]?.errorType).toBe('Unauthorized');
    expect(withId).toEqual(withAccess);
  });

  it('subscribes on the WebSocket to the same user’s orders', async () => {
    const subscriber = await Subscriber.connect(world.api.server.realtimeUrl, { ca: world.api.server.caPem, auth: userPoolMode(world.api.server.httpUrl, idToken) });
    try {
      await subscriber.subscribe('mine', 'subscription { onMyOrderChanged { id customerId } }');
      const placed = await placeOrder(world.api, customer.token, orderOf([{ menuItemId: flatWhite, size: 'REGULAR', quantity: 1 }]));
      await subscriber.client.next((frame) => frame['id'] === 'mine' && frame['type'] === 'data');
      expect(subscriber.data('mine')).toEqual([{ data: { onMyOrderChanged: { id: placed.id, customerId: customer.sub } } }]);
      const refused = await subscriber.start('queue', 'subscription { onOrderQueueChanged { id } }');
      expect(refused['type']).toBe('error');
    } finally {
      await subscriber.close();
    }
  });
});

describe('a signed-in customer with an honest token', () => {
  it('cannot reach any Managers-only field, so the groups claim really comes from the pool', async () => {
    const out = await world.api.graphql({ query: 'mutation { openStore { open } }' }, { authorization: customer.token });
    expect(out.body.errors?.[0]?.errorType).toBe('Unauthorized');
  });
});
