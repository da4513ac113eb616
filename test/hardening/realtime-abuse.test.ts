import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultRealtimeOptions } from '../../local/src/realtime/options';
import { LOCAL_REGION } from '../../local/src/services/provision';
import { apiKeyMode, userPoolMode, type AuthMode } from '../../local/test/realtime/appsync-auth';
import { eventually } from '../../local/test/realtime/amplify-client';
import { Subscriber } from '../../local/test/realtime/subscriber';
import { ProtocolClient } from '../../local/test/realtime/ws-client';
import { asUser, signedInUser, startPaymentsWorld, type PaymentsWorld } from '../api/support/payment-steps';
import { allTables } from './support/tables';

/**
 * The attacks of issue 10, points 9 to 12, against the coffee API as `npm start` serves it, with
 * the runtime's default caps: one caller flooding the real-time endpoint with the public API key,
 * a GET signature replayed with another query, a customer smuggling a barista subscription behind
 * an authorized root field, and a token in the real-time URL. Counts are bounded by the defaults.
 */

let world: PaymentsWorld;
let customer: { token: string };
let other: { token: string };
const open: Array<{ close(): Promise<unknown> }> = [];

beforeAll(async () => {
  world = await startPaymentsWorld();
  customer = await signedInUser(world.api, 'customer', ['Customers']);
  other = await signedInUser(world.api, 'other', ['Customers']);
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
  await eventually(() => world.api.server.hub.stats().connections === 0);
});

afterAll(async () => {
  await world?.close();
});

async function connect(auth: AuthMode): Promise<Subscriber> {
  const subscriber = await Subscriber.connect(world.api.server.realtimeUrl, { ca: world.api.server.caPem, auth });
  open.push(subscriber);
  return subscriber;
}

async function firstAnswer(url: string, protocols: string[]): Promise<{ frame: Record<string, unknown>; code: number }> {
  const client = await ProtocolClient.open(url, protocols, world.api.server.caPem);
  open.push(client);
  client.send({ type: 'connection_init' });
  const frame = await client.next((f) => f.type === 'connection_ack' || f.type === 'connection_error');
  return { frame, code: (await client.closed).code };
}

const MENU = 'subscription { onMenuChanged { id } }';

describe('flooding the real-time endpoint with the public API key (point 9)', () => {
  it('refuses the connection past the per-identity cap while a customer still connects and subscribes', async () => {
    const guest = apiKeyMode(world.api.server.httpUrl, world.api.apiKey);
    const cap = defaultRealtimeOptions.maxConnectionsPerIdentity;
    for (let i = 0; i < cap; i += 1) await connect(guest);
    const headers = await guest.connect();
    const refused = await firstAnswer(world.api.server.realtimeUrl, ['graphql-ws', `header-${Buffer.from(JSON.stringify(headers)).toString('base64url')}`]);
    expect(refused.frame).toEqual({
      type: 'connection_error',
      payload: { errors: [{ errorType: 'LimitExceededError', message: `Max number of ${cap} connections per identity reached` }] },
    });
    expect(refused.code).toBe(4429);
    const mine = await connect(userPoolMode(world.api.server.httpUrl, customer.token));
    expect(await mine.start('menu', MENU)).toEqual({ id: 'menu', type: 'start_ack' });
  });

  it('refuses subscriptions past the per-identity cap across connections, and others still subscribe', async () => {
    const guest = apiKeyMode(world.api.server.httpUrl, world.api.apiKey);
    const cap = defaultRealtimeOptions.maxSubscriptionsPerIdentity;
    const perConnection = defaultRealtimeOptions.maxSubscriptionsPerConnection;
    const sockets: Subscriber[] = [];
    for (let i = 0; i < Math.ceil(cap / perConnection) + 1; i += 1) sockets.push(await connect(guest));
    let accepted = 0;
    for (let i = 0; i < cap; i += 1) {
      const socket = sockets[Math.floor(i / perConnection)]!;
      if ((await socket.start(`s${i}`, MENU)).type === 'start_ack') accepted += 1;
    }
    expect(accepted).toBe(cap);
    expect(await sockets.at(-1)!.start('over', MENU)).toEqual({
      id: 'over',
      type: 'error',
      payload: { errors: [{ errorType: 'LimitExceededError', message: `Max number of ${cap} subscriptions per identity reached` }] },
    });
    expect(world.api.server.hub.stats().subscriptions).toBe(cap);
    const mine = await connect(userPoolMode(world.api.server.httpUrl, other.token));
    expect(await mine.start('menu', MENU)).toEqual({ id: 'menu', type: 'start_ack' });
  });
});

describe('a GET signature replayed with another query string (point 10)', () => {
  async function signedGetHeaders(params: Record<string, string>): Promise<Record<string, string>> {
    const url = new URL(world.api.server.httpUrl);
    const signer = new SignatureV4({ service: 'appsync', region: LOCAL_REGION, credentials: world.api.booted.state.iam, sha256: Sha256 });
    const signed = await signer.sign(
      new HttpRequest({ method: 'GET', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: url.pathname, query: params, headers: { host: url.host } }),
    );
    return signed.headers;
  }

  async function get(headers: Record<string, string>, query: string): Promise<{ status: number; body: { data?: unknown; errors?: Array<{ errorType?: string }> } }> {
    const url = new URL(world.api.server.httpUrl);
    url.search = new URLSearchParams({ query }).toString();
    const response = await fetch(url, { headers });
    return { status: response.status, body: (await response.json()) as { errors?: Array<{ errorType?: string }> } };
  }

  it('serves the query that was signed, and refuses every other query under that signature, writing nothing', async () => {
    const before = await allTables(world.api);
    const signedFor = '{ store { open } }';
    const headers = await signedGetHeaders({ query: signedFor });
    expect((await get(headers, signedFor)).status).toBe(200);
    const replays = ['{ overdueOrders { items { id customerId } } }', 'mutation { expireOrder(orderId: "x") { id } }', `${signedFor} `];
    for (const query of replays) {
      const out = await get(headers, query);
      expect(out.status, query).toBe(403);
      expect(out.body.errors?.[0]?.errorType, query).toBe('InvalidSignatureException');
    }
    // The original attack: one signature for a bare GET /graphql.
    const bare = await signedGetHeaders({});
    expect((await get(bare, replays[0]!)).status).toBe(403);
    expect(await allTables(world.api)).toEqual(before);
  });
});

describe('a customer smuggling a second root field (point 11)', () => {
  it('refuses onMyOrderChanged @skip next to onOrderQueueChanged, and subscribes nothing', async () => {
    const mine = await connect(userPoolMode(world.api.server.httpUrl, customer.token));
    const before = world.api.server.hub.stats().subscriptions;
    const answers = await Promise.all([
      mine.start('skip', 'subscription { onMyOrderChanged @skip(if: true) { id } onOrderQueueChanged { id customerId } }'),
      mine.start('two', 'subscription { onMyOrderChanged { id } onOrderQueueChanged { id customerId } }'),
      mine.start('include', 'subscription { onOrderQueueChanged @include(if: false) { id } onMyOrderChanged { id } }'),
    ]);
    for (const answer of answers) {
      expect(answer.type, String(answer.id)).toBe('error');
      const errors = (answer.payload as { errors: Array<{ message: string }> }).errors;
      expect(errors.some((error) => error.message.startsWith('Validation error of type Subscription')), String(answer.id)).toBe(true);
    }
    expect(world.api.server.hub.stats().subscriptions).toBe(before);
    expect(await mine.start('ok', 'subscription { onMyOrderChanged { id } }')).toEqual({ id: 'ok', type: 'start_ack' });
    const body = await asUser(world.api, customer.token, 'query { store { open } }');
    expect(body.errors).toBeUndefined();
  });
});

describe('a token in the real-time URL (point 12)', () => {
  it('is not a credential: connection_error 401 and a closed socket', async () => {
    const url = `${world.api.server.realtimeUrl}?authorization=${encodeURIComponent(customer.token)}`;
    const refused = await firstAnswer(url, ['graphql-ws']);
    expect(refused.frame).toEqual({
      type: 'connection_error',
      payload: { errors: [{ errorType: 'UnauthorizedException', message: 'Valid authorization header not provided.', errorCode: 401 }] },
    });
    expect(refused.code).toBe(4401);
  });
});
