import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblems } from '../../src/template';
import { apiKeyMode } from '../realtime/appsync-auth';
import { Subscriber } from '../realtime/subscriber';
import { FIXTURES, serveTestTemplate, type TemplateTestApi } from './support';

/** fixtures/sam-graphql/template.yaml: SAM's AWS::Serverless::GraphQLApi, expanded as SAM's transform does. */
describe("SAM's AWS::Serverless::GraphQLApi served through the loader", () => {
  let api: TemplateTestApi;
  let key: string;

  beforeAll(async () => {
    api = await serveTestTemplate(join(FIXTURES, 'sam-graphql', 'template.yaml'));
    // SAM names the key `<Api><Key>`.
    key = api.served.loaded.state.apiKeys.BlogWebKey?.id ?? '';
  });
  afterAll(() => api?.close());

  it('expands the API into the AppSync resources SAM generates, and names the resolver SAM refuses', () => {
    const { loaded } = api.served;
    expect(loaded.problems).toEqual([
      {
        logicalId: 'BlogQueryunitPost',
        type: 'AWS::Serverless::GraphQLApi',
        message: expect.stringContaining("Resolver 'unitPost' must have Pipeline defined"),
        hint: expect.any(String),
      },
    ]);
    expect(formatProblems(loaded.problems)).toContain('BlogQueryunitPost (AWS::Serverless::GraphQLApi)');
    const [served] = loaded.apis;
    expect(served?.logicalId).toBe('Blog');
    expect(served?.config.name).toBe(`${loaded.stackName}-blog`);
    expect([served?.config.defaultAuth.type, ...(served?.config.additionalAuth.map((m) => m.type) ?? [])]).toEqual(['API_KEY', 'AWS_IAM']);
    expect(served?.config.dataSources.map((d) => `${d.name}:${d.type}`).sort()).toEqual(['BlogNoneDataSource:NONE', 'PostsTable:AMAZON_DYNAMODB', 'Words:AWS_LAMBDA']);
    expect(served?.config.resolvers.map((r) => `${r.typeName}.${r.fieldName}:${r.kind}`).sort()).toEqual(['Mutation.addPost:PIPELINE', 'Query.ping:PIPELINE', 'Query.post:PIPELINE']);
    expect(key).toMatch(/^da2-/);
  });

  it('runs a pipeline through the Lambda and DynamoDB data sources, pushes it to a subscriber, and reads it back through SAM’s default resolver code', async () => {
    const socket = await Subscriber.connect(api.realtimeUrl, { ca: api.ca, auth: apiKeyMode(api.url, key) });
    try {
      await socket.subscribe('added', 'subscription { onPostAdded { id title words } }');
      const added = await api.graphql({ query: 'mutation { addPost(title: "  a flat white, please ") { id title words } }' }, { 'x-api-key': key });
      expect(added.body.errors).toBeUndefined();
      const post = added.body.data?.addPost as { id: string; title: string; words: number };
      expect(post).toMatchObject({ title: '  a flat white, please ', words: 4 });
      const pushed = await socket.client.next((frame) => frame.id === 'added' && frame.type === 'data');
      expect(pushed.payload).toEqual({ data: { onPostAdded: post } });

      const read = await api.graphql({ query: 'query ($id: ID!) { post(id: $id) { id title words } }', variables: { id: post.id } }, { 'x-api-key': key });
      expect(read.body).toEqual({ data: { post } });
    } finally {
      await socket.close();
    }
  });

  it('runs a function on the NONE data source SAM creates for `DataSource: NONE`, under the resolver’s own code', async () => {
    const { body } = await api.graphql({ query: '{ ping }' }, { 'x-api-key': key });
    expect(body).toEqual({ data: { ping: 'pong!' } });
  });
});
