import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyMode } from '../realtime/appsync-auth';
import { Subscriber } from '../realtime/subscriber';
import { FIXTURES, serveTestTemplate, type TemplateTestApi } from './support';

/** fixtures/notes/template.yaml: short-form intrinsics, inline code, DynamoDB + NONE, an API key. */
describe('a CloudFormation YAML template served through the loader', () => {
  let api: TemplateTestApi;
  let key: string;

  beforeAll(async () => {
    api = await serveTestTemplate(join(FIXTURES, 'notes', 'template.yaml'));
    key = api.served.loaded.state.apiKeys.ApiKey?.id ?? '';
  });
  afterAll(() => api?.close());

  it('names the search domain and what needs it in the problems, and serves the rest', () => {
    const problems = api.served.loaded.problems.map((p) => `${p.logicalId}: ${p.message}`);
    expect(problems).toEqual([
      'SearchDomain: AWS::OpenSearchService::Domain is not supported by the local runtime',
      expect.stringMatching(/^SearchSource: Fn::GetAtt SearchDomain.DomainEndpoint: SearchDomain \(AWS::OpenSearchService::Domain\) is not running locally/),
      'SearchResolver: Fn::GetAtt SearchSource.Name: SearchSource (AWS::AppSync::DataSource) is not running locally',
    ]);
    expect(api.served.loaded.skipped).toEqual({ 'AWS::IAM::Role': 1 });
    expect(api.served.loaded.apis.map((a) => a.config.resolvers.length)).toEqual([5]);
  });

  it('resolves Ref, Fn::Sub, Fn::If, Fn::Join and Fn::Select into the environment variables', async () => {
    const { body } = await api.graphql({ query: '{ greeting }' }, { 'x-api-key': key });
    const table = api.served.loaded.tables.NotesTable;
    expect(table).toBe(`${api.served.loaded.stackName}-NotesTable`);
    expect(body).toEqual({ data: { greeting: `hello, world from ${table}` } });
  });

  it('refuses a request without the API key as AppSync does', async () => {
    const { status, body } = await api.graphql({ query: '{ greeting }' }, {});
    expect(status).toBe(401);
    expect(body.errors?.[0]?.errorType).toBe('UnauthorizedException');
  });

  it('runs the pipeline mutation, reads the note back by key and through the GSI, and pushes it to a filtered subscriber', async () => {
    const subscriber = await Subscriber.connect(api.realtimeUrl, { ca: api.ca, auth: apiKeyMode(api.url, key) });
    try {
      await subscriber.subscribe('ada', 'subscription { onAddNote(author: "ada") { id author text } }');
      await subscriber.subscribe('bob', 'subscription { onAddNote(author: "bob") { id author text } }');
      const added = await api.graphql({ query: 'mutation { addNote(author: "ada", text: "flat white") { id author text createdAt } }' }, { 'x-api-key': key });
      const note = added.body.data?.addNote as { id: string; createdAt: string };
      expect(added.body.errors).toBeUndefined();
      expect(note).toMatchObject({ author: 'ada', text: 'flat white' });

      const pushed = await subscriber.client.next((frame) => frame.id === 'ada' && frame.type === 'data');
      expect(pushed.payload).toEqual({ data: { onAddNote: { id: note.id, author: 'ada', text: 'flat white' } } });

      const read = await api.graphql({ query: 'query($id: ID!) { note(id: $id) { text createdAt } notesBy(author: "ada") { id } }', variables: { id: note.id } }, { 'x-api-key': key });
      expect(read.body).toEqual({ data: { note: { text: 'flat white', createdAt: note.createdAt }, notesBy: [{ id: note.id }] } });
      expect(subscriber.data('bob')).toEqual([]);
    } finally {
      await subscriber.close();
    }
  });
});
