import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Amplify } from 'aws-amplify';
import { type GraphQLSubscription, generateClient } from 'aws-amplify/api';
import { signIn, signOut } from 'aws-amplify/auth';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type WebSocket from 'ws';
import type { RunningServer } from '../../src/server/index';
import { TEST_PASSWORD } from '../support/local-api';
import { eventually, installTrustingWebSocket } from './amplify-client';
import { Feed } from './feed';
import { type ServeOptions, serveRuntime } from '../support/serve';
import { Subscriber } from './subscriber';

/**
 * The real-time transport of a real project: robustness against bad frames, fan-out that never
 * holds up a mutation, keep-alive, and the unmodified aws-amplify v6 client in Node.
 */

let feed: Feed;
let tlsDir: string;
const servers: RunningServer[] = [];
const sockets: Subscriber[] = [];

beforeAll(async () => {
  feed = await Feed.start();
  tlsDir = mkdtempSync(join(tmpdir(), 'appsync-local-tls-'));
});

afterEach(async () => {
  await Promise.all(sockets.splice(0).map((socket) => socket.close()));
  await feed.closeSubscribers();
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await feed?.close();
  if (tlsDir) rmSync(tlsDir, { recursive: true, force: true });
});

async function serve(options: Omit<ServeOptions, 'tlsDir'>): Promise<RunningServer> {
  const server = await serveRuntime(feed.api.runtime, { ...options, tlsDir });
  servers.push(server);
  return server;
}

async function connectTo(server: RunningServer): Promise<Subscriber> {
  const subscriber = await Subscriber.connect(server.realtimeUrl, { ca: server.caPem, auth: feed.apiKey() });
  sockets.push(subscriber);
  return subscriber;
}

describe('robustness', () => {
  it('answers malformed frames with error frames and keeps serving the connection', async () => {
    const subscriber = await feed.connect(feed.apiKey());
    subscriber.client.socket.send('{"type": "start", nope');
    subscriber.client.send({ id: 'typeless' });
    subscriber.client.send({ id: 'no-data', type: 'start', payload: {} });

    const errors = await Promise.all([
      subscriber.client.next((frame) => frame.type === 'error' && frame.id === undefined),
      subscriber.client.next((frame) => frame.type === 'error' && frame.id === 'typeless'),
      subscriber.client.next((frame) => frame.type === 'error' && frame.id === 'no-data'),
    ]);
    for (const error of errors) expect(error).toMatchObject({ payload: { errors: [{ errorType: 'BadRequestException', errorCode: 400 }] } });

    await subscriber.subscribe('after', 'subscription { onPublishPost(channel: "robust") { id } }');
    const id = feed.id('robust');
    await feed.publish({ id, channel: 'robust' });
    await feed.settle();
    expect(Feed.ids(subscriber, 'after')).toEqual([id]);
    expect(subscriber.isOpen).toBe(true);
  });
});

describe('fan-out and the mutation response', () => {
  it('answers the mutation over HTTP before any subscriber is served, even while fan-out is held back', async () => {
    // A stand-in for a slow subscriber: this server's deliveries wait until the test lets them go.
    const held: Array<() => void> = [];
    const server = await serve({ realtime: { defer: (task) => held.push(task) } });
    const subscriber = await connectTo(server);
    await subscriber.subscribe('s', 'subscription { onPublishPost(channel: "held") { id } }');
    const order: string[] = [];
    const delivered = subscriber.client.next((frame) => frame.id === 's' && frame.type === 'data').then(() => order.push('data'));

    const id = feed.id('held');
    const response = await fetch(server.httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': feed.api.apiKey },
      body: JSON.stringify({ query: 'mutation P($input: PublishPostInput!) { publishPost(input: $input) { id channel } }', variables: { input: { id, channel: 'held' } } }),
    });
    expect(await response.json()).toEqual({ data: { publishPost: { id, channel: 'held' } } });
    order.push('response');
    await eventually(() => held.length > 0);
    expect(order).toEqual(['response']);

    for (const task of held.splice(0)) task();
    await delivered;
    expect(order).toEqual(['response', 'data']);
  });
});

describe('keep-alive', () => {
  it('promises the configured connectionTimeoutMs and sends ka at the configured interval', async () => {
    const server = await serve({ realtime: { options: { keepAliveIntervalMs: 20, connectionTimeoutMs: 2_000 } } });
    const subscriber = await connectTo(server);
    expect(subscriber.client.frames[0]).toEqual({ type: 'connection_ack', payload: { connectionTimeoutMs: 2000 } });
    await eventually(() => subscriber.client.frames.filter((frame) => frame.type === 'ka').length >= 4);
    expect(subscriber.client.frames.slice(1).every((frame) => frame.type === 'ka')).toBe(true);
  });
});

describe('aws-amplify v6 in Node', () => {
  const opened: WebSocket[] = [];
  let server: RunningServer;
  let restoreWebSocket: () => void = () => undefined;
  let me: { sub: string };

  beforeAll(async () => {
    server = await serve({});
    restoreWebSocket = installTrustingWebSocket(server.caPem, opened);
    me = await feed.api.createUser('amplify.node@example.com');
    const { userPoolId, clientId } = feed.api.booted.state.pool;
    Amplify.configure({
      Auth: { Cognito: { userPoolId, userPoolClientId: clientId, userPoolEndpoint: inject('cognitoEndpoint') } },
      API: { GraphQL: { endpoint: server.httpUrl, region: 'local', defaultAuthMode: 'userPool' } },
    });
    await signIn({ username: 'amplify.node@example.com', password: TEST_PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
  });

  afterAll(async () => {
    await signOut().catch(() => undefined);
    restoreWebSocket();
  });

  type Post = { id: string; author?: string | null; channel?: string | null };
  type Events = Record<string, Post>;

  function subscribe(query: string, variables: Record<string, string> = {}) {
    const received: Events[] = [];
    const errors: unknown[] = [];
    const subscription = generateClient()
      .graphql<GraphQLSubscription<Events>>({ query, variables })
      .subscribe({ next: (event) => received.push(event.data), error: (error: unknown) => errors.push(error) });
    return { received, errors, unsubscribe: () => subscription.unsubscribe() };
  }

  it('signs in through cognito-local, subscribes over wss and receives its own posts', async () => {
    const mine = subscribe('subscription { onMyPost { id author } }');
    await eventually(() => server.hub.stats().subscriptions === 1 || mine.errors.length > 0);
    expect(mine.errors).toEqual([]);

    const id = feed.id('amplify');
    const published = await generateClient().graphql({
      query: 'mutation P($input: PublishPostInput!) { publishPost(input: $input) { id author } }',
      variables: { input: { id, channel: 'amplify' } },
    });
    expect(published).toMatchObject({ data: { publishPost: { id, author: me.sub } } });

    await eventually(() => mine.received.length > 0);
    expect(mine.received).toEqual([{ onMyPost: { id, author: me.sub } }]);
    // amplify derived wss://…/graphql/realtime from the http:// endpoint and needed one socket.
    expect(opened.map((socket) => socket.url.split('?')[0])).toEqual([server.realtimeUrl]);
    mine.unsubscribe();
    await eventually(() => server.hub.stats().subscriptions === 0);
  });

  it('stops delivering an invalidated subscription without raising an error, as amplify ignores "complete"', async () => {
    const channel = subscribe('subscription C($channel: String!) { onChannelPost(channel: $channel) { id } }', { channel: 'revoked' });
    const marker = subscribe('subscription { onPublishPost(channel: "amplify-marker") { id } }');
    await eventually(() => server.hub.stats().subscriptions === 2);

    const before = feed.id('before');
    await feed.publish({ id: before, channel: 'revoked' });
    await eventually(() => channel.received.length === 1);

    const revoked = await feed.graphql({ query: `mutation { revokeAccess(author: "${me.sub}", channel: "revoked") { author } }` }, feed.iam());
    expect(revoked.body.errors).toBeUndefined();
    await eventually(() => server.hub.stats().subscriptions === 1);

    const after = feed.id('after');
    await feed.publish({ id: after, channel: 'revoked' });
    const markerId = feed.id('amplify-marker');
    await feed.publish({ id: markerId, channel: 'amplify-marker' });
    await eventually(() => marker.received.length === 1);

    expect(channel.received).toEqual([{ onChannelPost: { id: before } }]);
    expect(channel.errors).toEqual([]);
    channel.unsubscribe();
    marker.unsubscribe();
  });
});
