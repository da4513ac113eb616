import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index';
import { feedApi } from '../fixtures/feed-api/definition';
import { serveRuntime } from '../support/serve';
import { startTestApi, type TestApi } from '../support/local-api';
import { eventually } from './amplify-client';
import { type AuthMode, apiKeyMode, userPoolMode } from './appsync-auth';
import { Subscriber } from './subscriber';
import { ProtocolClient } from './ws-client';

/**
 * The per-client caps over real loopback sockets, against the real runtime (feed fixture, real
 * cognito-local tokens), with caps small enough to reach in a bounded number of connections.
 * Each test opens at most cap + 2 sockets and closes them all.
 */

const CAPS = { maxConnectionsPerIdentity: 3, maxSubscriptionsPerIdentity: 5, maxConnectionsPerSourceIp: 8 };
const SUBSCRIPTION = 'subscription S($channel: String) { onPublishPost(channel: $channel) { id } }';

let api: TestApi;
let server: RunningServer;
let alice: AuthMode;
let bob: AuthMode;
const open: Array<{ close(): Promise<unknown> }> = [];

beforeAll(async () => {
  api = await startTestApi(feedApi);
  server = await serveRuntime(api.runtime, { realtime: { options: CAPS } });
  const endpoint = server.httpUrl;
  await Promise.all([api.createUser('alice@example.com'), api.createUser('bob@example.com')]);
  const [a, b] = await Promise.all([api.signIn('alice@example.com'), api.signIn('bob@example.com')]);
  alice = userPoolMode(endpoint, a.accessToken);
  bob = userPoolMode(endpoint, b.accessToken);
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
  // Every slot comes back when the sockets are gone, or the caps would leak and lock people out.
  await eventually(() => server.hub.stats().connections === 0);
  expect(server.hub.quotaStats()).toEqual({ addresses: 0, identities: 0, subscribers: 0 });
});

afterAll(async () => {
  await server?.close();
  await api?.close();
});

async function connect(auth: AuthMode): Promise<Subscriber> {
  const subscriber = await Subscriber.connect(server.realtimeUrl, { ca: server.caPem, auth });
  open.push(subscriber);
  return subscriber;
}

/** Opens a socket with this auth and returns the first answer to connection_init and the close. */
async function refusedConnect(auth: AuthMode): Promise<{ frame: Record<string, unknown>; closed: { code: number; reason: string } }> {
  const headers = await auth.connect();
  const client = await ProtocolClient.open(server.realtimeUrl, ['graphql-ws', `header-${Buffer.from(JSON.stringify(headers)).toString('base64url')}`], server.caPem);
  open.push(client);
  client.send({ type: 'connection_init' });
  const frame = await client.next((f) => f.type === 'connection_ack' || f.type === 'connection_error');
  return { frame, closed: await client.closed };
}

describe('connections per identity', () => {
  it('refuses the connection one past the cap with LimitExceededError and closes it with 4429', async () => {
    for (let i = 0; i < CAPS.maxConnectionsPerIdentity; i += 1) await connect(alice);
    const refused = await refusedConnect(alice);
    expect(refused.frame).toEqual({
      type: 'connection_error',
      payload: { errors: [{ errorType: 'LimitExceededError', message: 'Max number of 3 connections per identity reached' }] },
    });
    expect(refused.closed.code).toBe(4429);
  });

  it('lets another user connect and subscribe while one user is at the cap', async () => {
    const alices = [];
    for (let i = 0; i < CAPS.maxConnectionsPerIdentity; i += 1) alices.push(await connect(alice));
    expect((await refusedConnect(alice)).frame.type).toBe('connection_error');
    const other = await connect(bob);
    expect(await other.start('b1', SUBSCRIPTION, { channel: 'c' })).toEqual({ id: 'b1', type: 'start_ack' });
    // The capped user's existing connections keep working.
    expect(await alices[0]!.start('a1', SUBSCRIPTION, { channel: 'c' })).toEqual({ id: 'a1', type: 'start_ack' });
  });

  it('gives the slot back when a connection closes', async () => {
    const first = await connect(alice);
    for (let i = 1; i < CAPS.maxConnectionsPerIdentity; i += 1) await connect(alice);
    await first.close();
    await eventually(() => server.hub.stats().connections === CAPS.maxConnectionsPerIdentity - 1);
    await connect(alice);
  });

  it('counts guests with the public API key together per address', async () => {
    const guest = apiKeyMode(server.httpUrl, api.apiKey);
    for (let i = 0; i < CAPS.maxConnectionsPerIdentity; i += 1) await connect(guest);
    expect((await refusedConnect(guest)).frame).toMatchObject({ type: 'connection_error', payload: { errors: [{ errorType: 'LimitExceededError' }] } });
    await connect(alice);
  });
});

describe('subscriptions per identity, across connections', () => {
  it('refuses the start one past the cap, whichever connection carries it, and nothing more is subscribed', async () => {
    const [one, two] = [await connect(alice), await connect(alice)];
    for (let i = 0; i < 3; i += 1) await one.subscribe(`one-${i}`, SUBSCRIPTION, { channel: 'c' });
    for (let i = 0; i < CAPS.maxSubscriptionsPerIdentity - 3; i += 1) await two.subscribe(`two-${i}`, SUBSCRIPTION, { channel: 'c' });
    expect(await two.start('over', SUBSCRIPTION, { channel: 'c' })).toEqual({
      id: 'over',
      type: 'error',
      payload: { errors: [{ errorType: 'LimitExceededError', message: 'Max number of 5 subscriptions per identity reached' }] },
    });
    expect(server.hub.stats().subscriptions).toBe(CAPS.maxSubscriptionsPerIdentity);
    // Another user is not affected by alice's count.
    const other = await connect(bob);
    await other.subscribe('b', SUBSCRIPTION, { channel: 'c' });
  });

  it('frees a slot on stop', async () => {
    const one = await connect(alice);
    for (let i = 0; i < CAPS.maxSubscriptionsPerIdentity; i += 1) await one.subscribe(`s-${i}`, SUBSCRIPTION, { channel: 'c' });
    one.client.send({ id: 's-0', type: 'stop' });
    await one.client.next((frame) => frame.id === 's-0' && frame.type === 'complete');
    expect(await one.start('again', SUBSCRIPTION, { channel: 'c' })).toEqual({ id: 'again', type: 'start_ack' });
  });

  it('frees the slot of a start that failed', async () => {
    const one = await connect(alice);
    for (let i = 0; i < CAPS.maxSubscriptionsPerIdentity; i += 1) {
      expect((await one.start(`bad-${i}`, 'subscription { nope { id } }')).type).toBe('error');
    }
    for (let i = 0; i < CAPS.maxSubscriptionsPerIdentity; i += 1) await one.subscribe(`ok-${i}`, SUBSCRIPTION, { channel: 'c' });
  });
});

describe('connections per source address', () => {
  it('refuses sockets past the address cap at once, authenticated or not, with LimitExceededError', async () => {
    // Sockets that never authenticate still hold an address slot until they close or time out.
    const silent: ProtocolClient[] = [];
    for (let i = 0; i < CAPS.maxConnectionsPerSourceIp; i += 1) {
      const client = await ProtocolClient.open(server.realtimeUrl, ['graphql-ws'], server.caPem);
      open.push(client);
      silent.push(client);
    }
    await eventually(() => server.hub.stats().connections === CAPS.maxConnectionsPerSourceIp);
    const refused = await refusedConnect(bob);
    expect(refused.frame).toEqual({
      type: 'connection_error',
      payload: { errors: [{ errorType: 'LimitExceededError', message: 'Max number of 8 connections per source address reached' }] },
    });
    expect(refused.closed.code).toBe(4429);
    await silent[0]!.close();
    await eventually(() => server.hub.stats().connections === CAPS.maxConnectionsPerSourceIp - 1);
    await connect(bob);
  });
});
