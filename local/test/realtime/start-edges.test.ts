import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { feedApi } from '../fixtures/feed-api/definition';
import { startTestApi, type TestApi } from '../support/local-api';
import { type AuthMode, userPoolMode } from './appsync-auth';
import { Subscriber } from './subscriber';
import { ProtocolClient } from './ws-client';

/**
 * Auth edges of the real-time endpoint over real sockets with real cognito-local tokens: a
 * subscription may select exactly one root field (so no second field rides on an authorized
 * first), and credentials are read only from the header map, never from the URL.
 */

let api: TestApi;
let reader: AuthMode;
let readerToken: string;
const open: Array<{ close(): Promise<unknown> }> = [];

beforeAll(async () => {
  api = await startTestApi(feedApi);
  await api.createUser('reader@example.com');
  readerToken = (await api.signIn('reader@example.com')).accessToken;
  reader = userPoolMode(api.server.httpUrl, readerToken);
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
});

afterAll(() => api?.close());

async function connect(auth: AuthMode): Promise<Subscriber> {
  const subscriber = await Subscriber.connect(api.server.realtimeUrl, { ca: api.server.caPem, auth });
  open.push(subscriber);
  return subscriber;
}

function messages(frame: Record<string, unknown>): string[] {
  const payload = frame.payload as { errors?: Array<{ message?: string }> } | undefined;
  return (payload?.errors ?? []).map((error) => error.message ?? '');
}

describe('one root field per subscription', () => {
  it('refuses a permitted field hiding behind @skip next to a field the user may not subscribe to, and subscribes nothing', async () => {
    const subscriber = await connect(reader);
    const answer = await subscriber.start('s', 'subscription { onMyPost @skip(if: true) { id } onModeratedPost { id } }');
    expect(answer.type).toBe('error');
    expect(messages(answer)).toContain(
      "Validation error of type SubscriptionRootFieldNoSkipNoInclude: Subscription operation 'null' root field 'onMyPost' must not use @skip nor @include directives in top level selection",
    );
    expect(messages(answer)).toContain("Validation error of type SubscriptionMultipleRootFields: Subscription operation 'null' must have exactly one root field");
    expect(api.server.hub.stats().subscriptions).toBe(0);
  });

  it('refuses two root fields without directives, naming the operation', async () => {
    const subscriber = await connect(reader);
    const answer = await subscriber.start('s', 'subscription Both { onMyPost { id } onHotPost { id } }');
    expect(answer).toMatchObject({
      id: 's',
      type: 'error',
      payload: { errors: [{ message: "Validation error of type SubscriptionMultipleRootFields: Subscription operation 'Both' must have exactly one root field" }] },
    });
    expect(api.server.hub.stats().subscriptions).toBe(0);
  });

  it('refuses a second root field brought in by a fragment', async () => {
    const subscriber = await connect(reader);
    const answer = await subscriber.start('s', 'subscription { onMyPost { id } ...More } fragment More on Subscription { onModeratedPost { id } }');
    expect(messages(answer)).toEqual(["Validation error of type SubscriptionMultipleRootFields: Subscription operation 'null' must have exactly one root field"]);
    expect(api.server.hub.stats().subscriptions).toBe(0);
  });

  it('refuses @include on the only root field, even when it evaluates to true', async () => {
    const subscriber = await connect(reader);
    const answer = await subscriber.start('s', 'subscription { onMyPost @include(if: true) { id } }');
    expect(messages(answer)).toEqual([
      "Validation error of type SubscriptionRootFieldNoSkipNoInclude: Subscription operation 'null' root field 'onMyPost' must not use @skip nor @include directives in top level selection",
    ]);
  });

  it('still serves one root field, with @skip allowed below it', async () => {
    const subscriber = await connect(reader);
    expect(await subscriber.start('s', 'subscription { onMyPost { id title @skip(if: true) } }')).toEqual({ id: 's', type: 'start_ack' });
    expect(api.server.hub.stats().subscriptions).toBe(1);
  });
});

describe('credentials in the real-time URL', () => {
  it('answers a token sent as ?authorization= as no credential at all', async () => {
    const url = `${api.server.realtimeUrl}?authorization=${encodeURIComponent(readerToken)}`;
    const client = await ProtocolClient.open(url, ['graphql-ws'], api.server.caPem);
    open.push(client);
    client.send({ type: 'connection_init' });
    const frame = await client.next((f) => f.type === 'connection_ack' || f.type === 'connection_error');
    expect(frame).toEqual({
      type: 'connection_error',
      payload: { errors: [{ errorType: 'UnauthorizedException', message: 'Valid authorization header not provided.', errorCode: 401 }] },
    });
    expect((await client.closed).code).toBe(4401);
  });

  it('accepts the same token in the header map', async () => {
    await connect(reader);
  });
});

describe('a root field inside an inline fragment', () => {
  it('is subscribed like a plain one, and authorized as itself', async () => {
    const subscriber = await connect(reader);
    expect((await subscriber.start('s', 'subscription { ... on Subscription { onMyPost { id } } }')).type).toBe('start_ack');
    const denied = await subscriber.start('t', 'subscription { ... on Subscription { onModeratedPost { id } } }');
    expect(denied.type).toBe('error');
  });
});

describe('a malformed upgrade request', () => {
  it('answers 400 to an upgrade whose URL cannot parse, and keeps serving', async () => {
    const { connect: dial } = await import('node:net');
    const { port, hostname } = new URL(api.server.httpUrl);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = dial({ host: hostname, port: Number(port) }, () => {
        socket.write('GET //% HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n');
      });
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    const subscriber = await connect(reader);
    expect((await subscriber.start('s', 'subscription { onMyPost { id } }')).type).toBe('start_ack');
  });
});
