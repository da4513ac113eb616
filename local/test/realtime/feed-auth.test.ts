import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AuthMode, userPoolMode } from './appsync-auth';
import { Feed } from './feed';
import { encodeHeader } from './harness';
import { ProtocolClient } from './ws-client';

/**
 * Auth on the real-time endpoint of a real project: every mode the HTTP side accepts, both
 * handshake transports, and the schema's auth directives applied to each subscription at `start`.
 */

let feed: Feed;
let alice: { sub: string; auth: AuthMode };
let moderator: { sub: string; auth: AuthMode };

beforeAll(async () => {
  feed = await Feed.start();
  alice = await feed.user('alice.auth@example.com');
  moderator = await feed.user('mo.auth@example.com', ['Moderators']);
});

afterEach(async () => {
  await feed.closeSubscribers();
});

afterAll(async () => {
  await feed?.close();
});

const denied = (id: string, field: string) => ({
  id,
  type: 'error',
  payload: { errors: [{ errorType: 'Unauthorized', message: `Not Authorized to access ${field} on type Subscription` }] },
});

describe('auth modes', () => {
  it('accepts an API key on the connection and on each start, as amplify sends it', async () => {
    const subscriber = await feed.connect(feed.apiKey());
    await subscriber.subscribe('s', 'subscription { onPublishPost(channel: "keyed") { id } }');
    const id = feed.id('keyed');
    await feed.publish({ id, channel: 'keyed' });
    await feed.settle();
    expect(Feed.ids(subscriber, 's')).toEqual([id]);
  });

  it('accepts IAM: the connection signs POST /graphql/connect with {}, each start POST /graphql with its data', async () => {
    const subscriber = await feed.connect(feed.iam());
    await subscriber.subscribe('service', 'subscription { onServicePost { id channel } }');
    const id = feed.id('signed');
    await feed.publish({ id, channel: 'ops' }, { auth: feed.iam() });
    await feed.settle();
    expect(Feed.ids(subscriber, 'service')).toEqual([id]);
  });

  it('refuses an IAM start whose signature covers other data, and keeps the connection', async () => {
    const subscriber = await feed.connect(feed.iam());
    const query = 'subscription { onServicePost { id } }';
    const signedForOther = await feed.iam().start(JSON.stringify({ query: 'subscription { onHotPost { id } }', variables: {} }));
    const forged: AuthMode = { ...feed.iam(), start: async () => signedForOther };

    const answer = await subscriber.start('forged', query, {}, forged);

    expect(answer).toMatchObject({ id: 'forged', type: 'error', payload: { errors: [{ errorType: 'InvalidSignatureException' }] } });
    expect((await subscriber.start('honest', query)).type).toBe('start_ack');
  });

  it('authorizes each start on its own, so one connection carries several modes', async () => {
    const subscriber = await feed.connect(feed.apiKey());
    await subscriber.subscribe('alice', 'subscription { onMyPost { id author } }', {}, alice.auth);
    const id = feed.id('mixed');
    await feed.publish({ id, channel: 'mixed' }, { auth: alice.auth });
    await feed.settle();
    expect(subscriber.data('alice')).toEqual([{ data: { onMyPost: { id, author: alice.sub } } }]);
  });

  it('answers bad connection credentials with connection_error 401, then closes the socket', async () => {
    const headers = await userPoolMode(feed.endpoint, 'not-a-jwt').connect();
    const client = await ProtocolClient.open(feed.api.server.realtimeUrl, ['graphql-ws', encodeHeader(headers)], feed.api.server.caPem);
    client.send({ type: 'connection_init' });
    expect(await client.next((frame) => frame.type === 'connection_error')).toEqual({
      type: 'connection_error',
      payload: { errors: [{ errorType: 'UnauthorizedException', message: 'Unable to parse JWT token.', errorCode: 401 }] },
    });
    expect((await client.closed).code).toBe(4401);
  });
});

describe('auth directives, checked at start', () => {
  it("rejects a subscription whose field excludes the caller's mode, with AppSync's error", async () => {
    const keyed = await feed.connect(feed.apiKey());
    expect(await keyed.start('mine', 'subscription { onMyPost { id } }')).toEqual(denied('mine', 'onMyPost'));

    const user = await feed.connect(alice.auth);
    expect(await user.start('service', 'subscription { onServicePost { id } }')).toEqual(denied('service', 'onServicePost'));
    // Only the two connections' marker subscriptions are registered.
    expect(feed.api.server.hub.stats().subscriptions).toBe(2);
  });

  it('admits members of the listed Cognito group only', async () => {
    const outsider = await feed.connect(alice.auth);
    expect(await outsider.start('mod', 'subscription { onModeratedPost { id } }')).toEqual(denied('mod', 'onModeratedPost'));

    const member = await feed.connect(moderator.auth);
    await member.subscribe('mod', 'subscription { onModeratedPost { id } }');
    const id = feed.id('moderated');
    await feed.publish({ id, channel: 'mod' });
    await feed.settle();
    expect(Feed.ids(member, 'mod')).toEqual([id]);
  });
});

describe('the legacy handshake', () => {
  it('serves a client that sends ?header=<base64>&payload=e30= instead of a header- subprotocol', async () => {
    const subscriber = await feed.connect(alice.auth, { transport: 'query' });
    await subscriber.subscribe('mine', 'subscription { onMyPost { id } }');
    const id = feed.id('legacy');
    await feed.publish({ id }, { auth: alice.auth });
    await feed.settle();
    expect(Feed.ids(subscriber, 'mine')).toEqual([id]);
  });
});
