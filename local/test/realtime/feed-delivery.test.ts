import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Feed, type PostInput } from './feed';

/**
 * What subscribers of a real project receive: the feed fixture booted like `npm start` (DynamoDB
 * Local, cognito-local, resolvers bundled from their files), mutations over HTTP, subscribers on
 * raw WebSockets so that every frame can be checked.
 */

let feed: Feed;

beforeAll(async () => {
  feed = await Feed.start();
});

afterEach(async () => {
  await feed.closeSubscribers();
});

afterAll(async () => {
  await feed?.close();
});

const ON_CHANNEL = 'subscription S($channel: String, $author: String, $score: Int) { onPublishPost(channel: $channel, author: $author, score: $score) { id author channel title score tags } }';

describe('fan-out', () => {
  it('publishes a mutation that succeeded, and nothing for one that failed', async () => {
    const subscriber = await feed.connect(feed.apiKey());
    await subscriber.subscribe('s', ON_CHANNEL, { channel: 'fan-out' });
    const id = feed.id('fan');

    const first = await feed.publish({ id, channel: 'fan-out', title: 'first' });
    expect(first.body.errors).toBeUndefined();
    const duplicate = await feed.publish({ id, channel: 'fan-out', title: 'duplicate' });
    expect(duplicate.body.data).toEqual({ publishPost: null });
    expect(duplicate.body.errors?.[0]).toMatchObject({ errorType: 'DynamoDB:ConditionalCheckFailedException' });
    await feed.settle();

    expect(subscriber.data('s')).toEqual([{ data: { onPublishPost: { id, author: null, channel: 'fan-out', title: 'first', score: null, tags: null } } }]);
  });

  it("sends the mutation's selection set: a field the mutation did not select arrives as null", async () => {
    const subscriber = await feed.connect(feed.apiKey());
    await subscriber.subscribe('s', ON_CHANNEL, { channel: 'selection' });
    const id = feed.id('sel');

    await feed.publish({ id, channel: 'selection', title: 'stored', score: 7, tags: ['a'] }, { selection: 'id channel title' });
    await feed.settle();

    expect(subscriber.data('s')).toEqual([{ data: { onPublishPost: { id, author: null, channel: 'selection', title: 'stored', score: null, tags: null } } }]);
  });

  it('turns a delivery into an error when the mutation left out a non-null field the subscriber asked for', async () => {
    const subscriber = await feed.connect(feed.apiKey());
    await subscriber.subscribe('s', 'subscription { onPublishPost(channel: "no-id") { id title } }');

    await feed.publish({ id: feed.id('no-id'), channel: 'no-id', title: 'untitled' }, { selection: 'channel title' });
    await feed.settle();

    expect(subscriber.data('s')).toEqual([
      {
        data: { onPublishPost: null },
        errors: [expect.objectContaining({ path: ['onPublishPost', 'id'], message: "Cannot return null for non-nullable type: 'ID' within parent 'Post' (/onPublishPost/id)" })],
      },
    ]);
  });

  it("shapes each delivery with the subscriber's own selection, aliases included", async () => {
    const subscriber = await feed.connect(feed.apiKey());
    await subscriber.subscribe('s', 'subscription { post: onPublishPost(channel: "aliases") { key: id title } }');
    const id = feed.id('alias');

    await feed.publish({ id, channel: 'aliases', title: 'kept', score: 3 }, { selection: 'postId: id channel title score' });
    await feed.settle();

    expect(subscriber.data('s')).toEqual([{ data: { post: { key: id, title: 'kept' } } }]);
  });

  it('filters by every non-null argument, compared with the fields the mutation returned', async () => {
    const subscriber = await feed.connect(feed.apiKey());
    await subscriber.subscribe('channel', ON_CHANNEL, { channel: 'args' });
    await subscriber.subscribe('channel-and-score', ON_CHANNEL, { channel: 'args', score: 5 });
    await subscriber.subscribe('null-means-any', ON_CHANNEL, { channel: null, author: null });
    const [five, seven, unselected, elsewhere] = [feed.id('five'), feed.id('seven'), feed.id('unselected'), feed.id('elsewhere')];

    await feed.publish({ id: five, channel: 'args', score: 5 });
    await feed.publish({ id: seven, channel: 'args', score: 7 });
    // The item has channel "args", but the mutation does not return it: no argument can match it.
    await feed.publish({ id: unselected, channel: 'args', score: 5 }, { selection: 'id score' });
    await feed.publish({ id: elsewhere, channel: 'other', score: 5 });
    await feed.settle();

    expect(Feed.ids(subscriber, 'channel')).toEqual([five, seven]);
    expect(Feed.ids(subscriber, 'channel-and-score')).toEqual([five]);
    expect(Feed.ids(subscriber, 'null-means-any')).toEqual([five, seven, unselected, elsewhere]);
  });
});

describe('enhanced filters set by a subscription resolver', () => {
  const posts: PostInput[] = [
    { id: 'p1', channel: 'news', title: 'Oat milk prices rise', score: 95, tags: ['breaking', 'food'] },
    { id: 'p2', channel: 'news', title: 'Calm weather ahead', score: 40, tags: ['weather'] },
    { id: 'p3', channel: 'sport', title: 'Oat league final', score: 70, tags: ['sport', 'breaking'] },
    { id: 'p4', channel: 'tech', title: 'New grinder', score: 10, tags: [] },
    { id: 'p5', channel: 'food', title: 'Espresso guide', score: 55, tags: ['food', 'guide'] },
  ];

  // Expected ids are written out by hand, not computed by the filter under test.
  const cases: Array<{ name: string; filter: Record<string, unknown>; expected: string[] }> = [
    { name: 'eq', filter: { channel: { eq: 'news' } }, expected: ['p1', 'p2'] },
    { name: 'ne', filter: { channel: { ne: 'news' } }, expected: ['p3', 'p4', 'p5'] },
    { name: 'le', filter: { score: { le: 40 } }, expected: ['p2', 'p4'] },
    { name: 'lt', filter: { score: { lt: 40 } }, expected: ['p4'] },
    { name: 'ge', filter: { score: { ge: 70 } }, expected: ['p1', 'p3'] },
    { name: 'gt', filter: { score: { gt: 70 } }, expected: ['p1'] },
    { name: 'contains (substring)', filter: { title: { contains: 'Oat' } }, expected: ['p1', 'p3'] },
    { name: 'contains (list element)', filter: { tags: { contains: 'food' } }, expected: ['p1', 'p5'] },
    { name: 'notContains', filter: { tags: { notContains: 'breaking' } }, expected: ['p2', 'p4', 'p5'] },
    { name: 'beginsWith', filter: { title: { beginsWith: 'New' } }, expected: ['p4'] },
    { name: 'in', filter: { channel: { in: ['sport', 'tech'] } }, expected: ['p3', 'p4'] },
    { name: 'notIn', filter: { channel: { notIn: ['news', 'sport'] } }, expected: ['p4', 'p5'] },
    { name: 'between', filter: { score: { between: [40, 70] } }, expected: ['p2', 'p3', 'p5'] },
    { name: 'containsAny', filter: { tags: { containsAny: ['guide', 'weather'] } }, expected: ['p2', 'p5'] },
    { name: 'AND within a group', filter: { channel: { eq: 'news' }, score: { ge: 50 } }, expected: ['p1'] },
    { name: 'OR across groups', filter: { or: [{ channel: { eq: 'sport' } }, { score: { lt: 20 } }] }, expected: ['p3', 'p4'] },
  ];

  const received = new Map<string, string[]>();
  const hot: string[] = [];

  beforeAll(async () => {
    const subscriber = await feed.connect(feed.apiKey());
    for (const [index, { filter }] of cases.entries()) {
      await subscriber.subscribe(`case-${index}`, 'subscription M($filter: PostFilter!) { onMatchingPost(filter: $filter) { id } }', { filter });
    }
    await subscriber.subscribe('hot', 'subscription { onHotPost { id } }');
    for (const post of posts) {
      const published = await feed.publish(post);
      expect(published.body.errors).toBeUndefined();
    }
    await feed.settle();
    for (const [index, { name }] of cases.entries()) received.set(name, Feed.ids(subscriber, `case-${index}`));
    hot.push(...Feed.ids(subscriber, 'hot'));
  });

  it.each(cases)('$name delivers exactly the matching posts', ({ name, expected }) => {
    expect(received.get(name)).toEqual(expected);
  });

  it('ORs the groups and ANDs the filters of a group fixed in the resolver', () => {
    // (channel = news AND score >= 90) OR tags contain "breaking": p1 matches both, p3 the second.
    expect(hot).toEqual(['p1', 'p3']);
  });

  it("refuses a filter beyond AppSync's limit of 5 values for in, with the service's text", async () => {
    const subscriber = await feed.connect(feed.apiKey());
    const answer = await subscriber.start('too-many', 'subscription M($filter: PostFilter!) { onMatchingPost(filter: $filter) { id } }', {
      filter: { channel: { in: ['a', 'b', 'c', 'd', 'e', 'f'] } },
    });
    expect(answer).toEqual({ id: 'too-many', type: 'error', payload: { errors: [{ message: 'subscription exceeds maximum value limit 5 for operator `in`.', errorCode: 400 }] } });
  });
});

describe('a filter built from ctx.identity', () => {
  it("gives a user only their own posts, even when they ask for someone else's", async () => {
    const alice = await feed.user('alice.owner@example.com');
    const bob = await feed.user('bob.owner@example.com');
    const subscriber = await feed.connect(alice.auth);
    await subscriber.subscribe('mine', 'subscription { onMyPost { id author } }');
    await subscriber.subscribe('asks-for-bob', 'subscription Mine($author: String) { onMyPost(author: $author) { id author } }', { author: bob.sub });
    const [bobs, alices] = [feed.id('bobs'), feed.id('alices')];

    await feed.publish({ id: bobs, channel: 'owned' }, { auth: bob.auth });
    await feed.publish({ id: alices, channel: 'owned' }, { auth: alice.auth });
    await feed.settle();

    // The resolver's filter replaces the argument filter, so the forged author argument is moot.
    expect(subscriber.data('mine')).toEqual([{ data: { onMyPost: { id: alices, author: alice.sub } } }]);
    expect(subscriber.data('asks-for-bob')).toEqual([{ data: { onMyPost: { id: alices, author: alice.sub } } }]);
  });
});

describe('invalidation', () => {
  it('closes exactly the subscriptions whose invalidation filter matches, with "complete", and keeps the connection', async () => {
    const alice = await feed.user('alice.revoked@example.com');
    const bob = await feed.user('bob.kept@example.com');
    const aliceSocket = await feed.connect(alice.auth);
    const bobSocket = await feed.connect(bob.auth);
    const query = 'subscription C($channel: String!) { onChannelPost(channel: $channel) { id } }';
    await aliceSocket.subscribe('news', query, { channel: 'news' });
    await aliceSocket.subscribe('sport', query, { channel: 'sport' });
    await bobSocket.subscribe('news', query, { channel: 'news' });
    const before = feed.api.server.hub.stats().subscriptions;

    const revoked = await feed.graphql(
      { query: 'mutation R($author: ID!, $channel: String!) { revokeAccess(author: $author, channel: $channel) { author channel } }', variables: { author: alice.sub, channel: 'news' } },
      feed.iam(),
    );
    expect(revoked.body).toEqual({ data: { revokeAccess: { author: alice.sub, channel: 'news' } } });
    await aliceSocket.client.next((frame) => frame.id === 'news' && frame.type === 'complete');

    const [news, sport] = [feed.id('news'), feed.id('sport')];
    await feed.publish({ id: news, channel: 'news' });
    await feed.publish({ id: sport, channel: 'sport' });
    await feed.settle();

    expect(aliceSocket.framesOf('news').map((frame) => frame.type)).toEqual(['start_ack', 'complete']);
    expect(Feed.ids(aliceSocket, 'sport')).toEqual([sport]);
    expect(Feed.ids(bobSocket, 'news')).toEqual([news]);
    expect(aliceSocket.isOpen).toBe(true);
    expect(feed.api.server.hub.stats().subscriptions).toBe(before - 1);
  });

  it('closes nothing when the invalidation payload matches no filter', async () => {
    const carol = await feed.user('carol.untouched@example.com');
    const subscriber = await feed.connect(carol.auth);
    await subscriber.subscribe('news', 'subscription { onChannelPost(channel: "news") { id } }');

    await feed.graphql({ query: 'mutation { revokeAccess(author: "someone-else", channel: "news") { author } }' }, feed.iam());
    const post = feed.id('still');
    await feed.publish({ id: post, channel: 'news' });
    await feed.settle();

    expect(subscriber.framesOf('news').map((frame) => frame.type)).toEqual(['start_ack', 'data']);
    expect(Feed.ids(subscriber, 'news')).toEqual([post]);
  });
});
