import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyMode } from '../realtime/appsync-auth';
import { Subscriber } from '../realtime/subscriber';
import { FIXTURES, serveTestTemplate, type TemplateTestApi } from './support';

/**
 * fixtures/direct-lambda/template.yaml: a Resolver and a pipeline FunctionConfiguration without
 * code on an AWS_LAMBDA data source, served from the template; the inline function runs in the
 * local Lambda service. A mutation on the function reaches a filtered subscriber over the WebSocket.
 */
describe('Direct Lambda resolvers from a CloudFormation template', () => {
  let api: TemplateTestApi;
  let key: string;

  beforeAll(async () => {
    api = await serveTestTemplate(join(FIXTURES, 'direct-lambda', 'template.yaml'));
    key = Object.values(api.served.loaded.state.apiKeys)[0]?.id ?? '';
  });
  afterAll(async () => {
    await api?.close();
  });

  it('serves the resolver and the function without code, reporting nothing', () => {
    expect(api.served.loaded.problems.filter((p) => p.type.startsWith('AWS::AppSync'))).toEqual([]);
  });

  it('a unit resolver without Code invokes the function with the context and answers its result', async () => {
    const out = await api.graphql({ query: '{ hello(name: "Ada") }' }, { 'x-api-key': key });
    expect(out.body).toEqual({ data: { hello: 'Hello Ada from Query.hello' } });
  });

  it('a pipeline function without code gets prev and stash, batched by its own MaxBatchSize', async () => {
    const out = await api.graphql({ query: '{ shelf(ids: ["a", "b", "c"]) { blurb } }' }, { 'x-api-key': key });
    expect(out.body.errors).toBeUndefined();
    expect((out.body.data?.shelf as Array<{ blurb: string }>).map((book) => book.blurb)).toEqual([
      'a: prev {"result":{"book":"a"}}, stash {"shelf":"front"}, batch of 2',
      'b: prev {"result":{"book":"b"}}, stash {"shelf":"front"}, batch of 2',
      'c: prev {"result":{"book":"c"}}, stash {"shelf":"front"}, batch of 1',
    ]);
  });

  it("pushes a Direct Lambda mutation's result to the subscriber whose argument matches, and to no other", async () => {
    const socket = await Subscriber.connect(api.realtimeUrl, { ca: api.ca, auth: apiKeyMode(api.url, key) });
    try {
      await socket.subscribe('ada', 'subscription { onGreet(name: "Ada") { name text } }');
      await socket.subscribe('bob', 'subscription { onGreet(name: "Bob") { name text } }');
      const out = await api.graphql({ query: 'mutation { greet(name: "Ada") { name text } }' }, { 'x-api-key': key });
      const greeting = { name: 'Ada', text: 'Hello Ada from Mutation.greet' };
      expect(out.body).toEqual({ data: { greet: greeting } });
      const pushed = await socket.client.next((frame) => frame.id === 'ada' && frame.type === 'data');
      expect(pushed.payload).toEqual({ data: { onGreet: greeting } });
      expect(socket.data('bob')).toEqual([]);
    } finally {
      await socket.close();
    }
  });

  it("caches the resolver with a CachingConfig under the template's ApiCache, by its caching key, and no other", async () => {
    expect(api.served.loaded.apis[0]?.config.apiCache).toEqual({ apiCachingBehavior: 'PER_RESOLVER_CACHING', ttl: 300, type: 'SMALL' });
    const ask = async (query: string): Promise<unknown> => (await api.graphql({ query }, { 'x-api-key': key })).body.data;
    const first = await ask('{ ticket(desk: "front") }');
    expect(await ask('{ ticket(desk: "front") }')).toEqual(first);
    expect(await ask('{ ticket(desk: "back") }')).not.toEqual(first);
    const fresh = await ask('{ freshTicket(desk: "front") }');
    expect(await ask('{ freshTicket(desk: "front") }')).not.toEqual(fresh);
  });
});
