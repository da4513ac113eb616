import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notesApi } from '../../test/fixtures/notes-api/definition';
import { startTestApi, type TestApi } from '../../test/support/local-api';
import { serveRuntime } from '../../test/support/serve';
import { createRuntime, type Runtime } from '../runtime';
import type { RunningServer } from './index';
import { requestLogOptionsFrom, RequestLogOptionError, type RequestSummary, type TracingLine } from './request-log';

/**
 * The request log of a runtime served over real HTTP against DynamoDB Local: one RequestSummary
 * per request, one Tracing entry per resolver when the field log level is ALL, and durations that
 * nest (the parts of a resolver within the resolver, every resolver within its request). No
 * assertion here is about speed.
 */

let api: TestApi;
const logged: Record<'all' | 'summaries', string[]> = { all: [], summaries: [] };
const served: Array<{ runtime: Runtime; server: RunningServer }> = [];
let urls: Record<'all' | 'summaries', string>;
let noteId: string;

beforeAll(async () => {
  api = await startTestApi(notesApi);
  const serve = async (key: 'all' | 'summaries', fieldLogLevel: 'ALL' | 'NONE'): Promise<string> => {
    const runtime = await createRuntime(api.runtime.config, { lambda: api.booted.lambda }, { requestLog: { fieldLogLevel, write: (line) => logged[key].push(line) } });
    const server = await serveRuntime(runtime);
    served.push({ runtime, server });
    return server.httpUrl;
  };
  urls = { all: await serve('all', 'ALL'), summaries: await serve('summaries', 'NONE') };
  await api.createUser('tracer@example.com');
  const writer = { authorization: (await api.signIn('tracer@example.com')).accessToken };
  const added = await api.graphql({ query: 'mutation { addNote(text: "traced") { id } }' }, writer);
  noteId = (added.body.data?.addNote as { id: string }).id;
});
afterAll(async () => {
  for (const { runtime, server } of served) {
    await server.close();
    await runtime.close();
  }
  await api?.close();
});

async function post(url: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; requestId: string | null; body: unknown }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, requestId: response.headers.get('x-amzn-requestid'), body: await response.json() };
}

/** The lines one request wrote, parsed, found by its request id. */
function linesOf(key: 'all' | 'summaries', requestId: string | null): Array<RequestSummary | TracingLine> {
  return logged[key].map((line) => JSON.parse(line) as RequestSummary | TracingLine).filter((line) => line.requestId === requestId);
}

const TRAIL_QUERY = 'query Trail($id: ID!) { noteTrail(id: $id) { note { id text } steps } echo(text: "hi") }';

describe('with the field log level ALL', () => {
  it('writes a Tracing entry per resolver and then the RequestSummary, all under the response’s request id', async () => {
    const out = await post(urls.all, { query: TRAIL_QUERY, variables: { id: noteId }, operationName: 'Trail' }, { 'x-api-key': api.apiKey });
    expect(out.status).toBe(200);
    expect(out.body).toMatchObject({ data: { noteTrail: { note: { id: noteId } }, echo: 'hi' } });
    const lines = linesOf('all', out.requestId);
    expect(lines.map((l) => l.logType)).toEqual(['Tracing', 'Tracing', 'RequestSummary']);
    const apiId = api.runtime.config.name;
    const summary = lines[2] as RequestSummary;
    expect(summary).toEqual({
      logType: 'RequestSummary',
      requestId: out.requestId,
      graphQLAPIId: apiId,
      statusCode: 200,
      latency: expect.any(Number),
      operationName: 'Trail',
      authorizationType: 'API_KEY',
    });
    const tracing = (lines.slice(0, 2) as TracingLine[]).sort((a, b) => a.fieldName.localeCompare(b.fieldName));
    expect(tracing.map((t) => ({ ...t, times: undefined }))).toEqual([
      {
        logType: 'Tracing',
        requestId: out.requestId,
        graphQLAPIId: apiId,
        resolverArn: `arn:aws:appsync:local:000000000000:apis/${apiId}/types/Query/resolvers/echo`,
        path: ['echo'],
        parentType: 'Query',
        fieldName: 'echo',
        returnType: 'String',
        startOffset: expect.any(Number),
        duration: expect.any(Number),
        queuedDuration: expect.any(Number),
        handlerDuration: expect.any(Number),
        dataSourceDuration: expect.any(Number),
        times: undefined,
      },
      expect.objectContaining({ path: ['noteTrail'], fieldName: 'noteTrail', returnType: 'NoteTrail', resolverArn: expect.stringMatching(/\/types\/Query\/resolvers\/noteTrail$/) }),
    ]);
  });

  it('counts the data source apart from the handlers, and nests every part within its resolver and every resolver within the request', async () => {
    const out = await post(urls.all, { query: TRAIL_QUERY, variables: { id: noteId } }, { 'x-api-key': api.apiKey });
    const lines = linesOf('all', out.requestId);
    const summary = lines.find((l): l is RequestSummary => l.logType === 'RequestSummary');
    const tracing = lines.filter((l): l is TracingLine => l.logType === 'Tracing');
    expect(summary?.latency).toBeGreaterThan(0);
    for (const t of tracing) {
      for (const value of [t.startOffset, t.duration, t.queuedDuration, t.handlerDuration, t.dataSourceDuration]) expect(Number.isInteger(value) && value >= 0).toBe(true);
      expect(t.queuedDuration + t.handlerDuration + t.dataSourceDuration).toBeLessThanOrEqual(t.duration);
      expect(t.startOffset + t.duration).toBeLessThanOrEqual(summary?.latency ?? 0);
    }
    // The pipeline awaited DynamoDB's GetItem and a NONE step: both are data-source time, and its
    // request and response functions ran, so neither part can be zero.
    const trail = tracing.find((t) => t.fieldName === 'noteTrail');
    expect(trail?.dataSourceDuration).toBeGreaterThan(0);
    expect(trail?.handlerDuration).toBeGreaterThan(0);
  });

  it('gives a request refused before execution a summary only: its status, and no auth mode when authentication failed', async () => {
    const refused = await post(urls.all, { query: TRAIL_QUERY, variables: { id: noteId }, operationName: 'Trail' }, {});
    expect(refused.status).toBe(401);
    expect(linesOf('all', refused.requestId)).toEqual([expect.objectContaining({ logType: 'RequestSummary', statusCode: 401, operationName: 'Trail', authorizationType: null })]);
    const malformed = await post(urls.all, 'not a request', { 'x-api-key': api.apiKey });
    expect(malformed.status).toBe(400);
    expect(linesOf('all', malformed.requestId)).toEqual([expect.objectContaining({ logType: 'RequestSummary', statusCode: 400, operationName: null, authorizationType: null })]);
  });
});

describe('with the field log level NONE', () => {
  it('writes the RequestSummary alone', async () => {
    const out = await post(urls.summaries, { query: TRAIL_QUERY, variables: { id: noteId } }, { 'x-api-key': api.apiKey });
    expect(out.status).toBe(200);
    expect(linesOf('summaries', out.requestId)).toEqual([expect.objectContaining({ logType: 'RequestSummary', statusCode: 200, operationName: null, authorizationType: 'API_KEY' })]);
  });
});

describe('without a request log', () => {
  it('still answers with a request id, and the runtime booted as npm start boots it has no logger to write with', async () => {
    const out = await post(api.server.httpUrl, { query: '{ echo(text: "quiet") }' }, { 'x-api-key': api.apiKey });
    expect(out.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(logged.all.concat(logged.summaries).some((line) => line.includes(out.requestId ?? '-'))).toBe(false);
  });
});

describe('requestLogOptionsFrom', () => {
  it('reads npm start’s flag before the environment variable', () => {
    expect(requestLogOptionsFrom(['--request-log'], {})).toEqual({ fieldLogLevel: 'NONE' });
    expect(requestLogOptionsFrom(['--request-log=all'], { BREWLINE_REQUEST_LOG: 'request' })).toEqual({ fieldLogLevel: 'ALL' });
    expect(requestLogOptionsFrom([], { BREWLINE_REQUEST_LOG: 'all' })).toEqual({ fieldLogLevel: 'ALL' });
    expect(requestLogOptionsFrom(['--request-log=off'], { BREWLINE_REQUEST_LOG: 'all' })).toBeUndefined();
    expect(requestLogOptionsFrom([], {})).toBeUndefined();
  });

  it('refuses an unknown level with a typed error naming it', () => {
    expect(() => requestLogOptionsFrom(['--request-log=verbose'], {})).toThrow(RequestLogOptionError);
    expect(() => requestLogOptionsFrom([], { BREWLINE_REQUEST_LOG: 'ERROR' })).toThrow("Request log level 'ERROR' is not one of: request, all, off.");
  });
});
