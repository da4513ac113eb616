import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyMode, iamMode } from '../realtime/appsync-auth';
import { Subscriber } from '../realtime/subscriber';
import { synthesizeCdkApp } from './fixtures/cdk-app/app';
import { serveTestTemplate, type TemplateTestApi } from './support';

/**
 * fixtures/cdk-app/app.ts: a small CDK app of another shape than ours (API key by default, IAM
 * beside it; a unit resolver, a two-function pipeline, a Lambda data source from a plain folder
 * asset, a subscription), synthesized in-process into a temporary cdk.out and served from it.
 */
describe('a small CDK app served from the cloud assembly it synthesizes', () => {
  let api: TemplateTestApi;
  let key: string;
  let iam: { accessKeyId: string; secretAccessKey: string };
  const scratch = mkdtempSync(join(tmpdir(), 'appsync-local-cdk-app-'));

  beforeAll(async () => {
    const assembly = synthesizeCdkApp(join(scratch, 'cdk.out'));
    api = await serveTestTemplate(assembly.templateFile, { assetsDir: assembly.dir });
    const { state } = api.served.loaded;
    key = Object.values(state.apiKeys)[0]?.id ?? '';
    iam = state.iam ?? { accessKeyId: '', secretAccessKey: '' };
  });
  afterAll(async () => {
    await api?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** POSTs a query signed with the template's local IAM credentials, as a backend's AWS SDK would. */
  async function signed(query: string, variables: Record<string, unknown> = {}) {
    const body = JSON.stringify({ query, variables });
    const headers = await iamMode(api.url, iam).http(body);
    const response = await fetch(api.url, { method: 'POST', headers, body });
    return (await response.json()) as { data?: Record<string, unknown> | null; errors?: Array<{ errorType?: string; message?: string }> };
  }

  it('serves every AppSync, DynamoDB and Lambda resource CDK wrote', () => {
    const served = /^AWS::(AppSync|DynamoDB|Lambda::Function)/;
    expect(api.served.loaded.problems.filter((p) => served.test(p.type))).toEqual([]);
    expect(api.served.loaded.apis[0]?.config.resolvers.map((r) => `${r.typeName}.${r.fieldName}`).sort()).toEqual([
      'Mutation.addNote',
      'Query.note',
      'Query.noteCount',
      'Query.shout',
    ]);
    expect(key).toMatch(/^da2-/);
  });

  it('adds a note through the pipeline over the API key, pushes it to a subscriber, and reads it back through the unit resolver', async () => {
    const socket = await Subscriber.connect(api.realtimeUrl, { ca: api.ca, auth: apiKeyMode(api.url, key) });
    try {
      await socket.subscribe('added', 'subscription { onNoteAdded { id text words } }');
      const added = await api.graphql({ query: 'mutation { addNote(text: "  oat flat white  ") { id text words } }' }, { 'x-api-key': key });
      expect(added.body.errors).toBeUndefined();
      const note = added.body.data?.addNote as { id: string; text: string; words: number };
      expect(note).toMatchObject({ text: '  oat flat white  ', words: 3 });
      const pushed = await socket.client.next((frame) => frame.id === 'added' && frame.type === 'data');
      expect(pushed.payload).toEqual({ data: { onNoteAdded: note } });

      const read = await api.graphql({ query: 'query ($id: ID!) { note(id: $id) { id text words } }', variables: { id: note.id } }, { 'x-api-key': key });
      expect(read.body).toEqual({ data: { note } });
    } finally {
      await socket.close();
    }
  });

  it("stops the pipeline at its first function's error, before anything is written", async () => {
    const before = await signed('{ noteCount }');
    const { body } = await api.graphql({ query: 'mutation { addNote(text: "   ") { id } }' }, { 'x-api-key': key });
    expect(body.data).toEqual({ addNote: null });
    expect(body.errors?.[0]).toMatchObject({ message: 'A note needs some text', errorType: 'ValidationError' });
    expect(await signed('{ noteCount }')).toEqual(before);
  });

  it('invokes the Lambda function from its asset folder', async () => {
    const { body } = await api.graphql({ query: '{ shout(text: "ready") }' }, { 'x-api-key': key });
    expect(body).toEqual({ data: { shout: 'READY!' } });
  });

  it('takes an IAM-signed mutation and query, and refuses the API key on the IAM-only field', async () => {
    const added = await signed('mutation { addNote(text: "from the backend") { words } }');
    expect(added).toEqual({ data: { addNote: { words: 3 } } });
    const counted = await signed('{ noteCount }');
    expect(counted.errors).toBeUndefined();
    expect(counted.data?.noteCount).toBeGreaterThanOrEqual(2);

    const byKey = await api.graphql({ query: '{ noteCount }' }, { 'x-api-key': key });
    expect(byKey.body.data).toEqual({ noteCount: null });
    expect(byKey.body.errors?.[0]?.errorType).toBe('Unauthorized');
  });

  it('refuses an IAM subscription to a field only the default mode (the API key) may use', async () => {
    const socket = await Subscriber.connect(api.realtimeUrl, { ca: api.ca, auth: iamMode(api.url, iam) });
    try {
      const refused = await socket.start('iam', 'subscription { onNoteAdded { id } }');
      expect(refused.type).toBe('error');
    } finally {
      await socket.close();
    }
  });
});
