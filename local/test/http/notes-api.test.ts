import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notesApi } from '../fixtures/notes-api/definition';
import { startTestApi, type TestApi } from '../support/local-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi(notesApi);
});
afterAll(() => api?.close());

describe('a project booted like npm start boots one', () => {
  it('writes and reads a DynamoDB item through JS resolvers with a real Cognito access token', async () => {
    const { sub } = await api.createUser('writer@example.com');
    const { accessToken } = await api.signIn('writer@example.com');
    const added = await api.graphql({ query: 'mutation { addNote(text: "hello") { id owner text createdAt } }' }, { authorization: accessToken });
    expect(added.status).toBe(200);
    expect(added.body.errors).toBeUndefined();
    const note = (added.body.data?.addNote ?? {}) as { id: string; owner: string; text: string; createdAt: string };
    expect(note).toMatchObject({ owner: sub, text: 'hello' });
    expect(note.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    const read = await api.graphql({ query: 'query($id: ID!) { note(id: $id) { text owner } }', variables: { id: note.id } }, { 'x-api-key': api.apiKey });
    expect(read.body).toEqual({ data: { note: { text: 'hello', owner: sub } } });
  });

  it('passes ctx.identity to a NONE resolver', async () => {
    const { username } = await api.createUser('who@example.com');
    const { accessToken } = await api.signIn('who@example.com');
    const out = await api.graphql({ query: '{ whoami }' }, { authorization: accessToken });
    expect(out.body).toEqual({ data: { whoami: username } });
  });

  it('answers 401 without credentials and Unauthorized for a field the mode may not read', async () => {
    const none = await api.graphql({ query: '{ whoami }' });
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ errors: [{ errorType: 'UnauthorizedException', message: 'Valid authorization header not provided.' }] });
    const withKey = await api.graphql({ query: '{ whoami }' }, { 'x-api-key': api.apiKey });
    expect(withKey.status).toBe(200);
    expect(withKey.body.data).toEqual({ whoami: null });
    expect(withKey.body.errors?.[0]).toMatchObject({ errorType: 'Unauthorized', message: 'Not Authorized to access whoami on type Query', path: ['whoami'] });
  });
});
