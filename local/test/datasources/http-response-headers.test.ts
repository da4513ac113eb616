import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpApi } from '../fixtures/http-api/definition';
import { startTestApi, type GraphqlBody, type TestApi } from '../support/local-api';
import { closedPortUrl, startTestEndpoint, type TestEndpoint } from './http-server';

// util.http.addResponseHeader(s) over real HTTP: "HTTP helpers in util.http"
// (https://docs.aws.amazon.com/appsync/latest/devguide/http-helpers-in-utils-http-js.html).
let endpoint: TestEndpoint;
let api: TestApi;

beforeAll(async () => {
  endpoint = await startTestEndpoint();
  api = await startTestApi(httpApi({ service: endpoint.url, closed: await closedPortUrl() }));
});
afterAll(async () => {
  await api?.close();
  await endpoint?.close();
});

/** POSTs over HTTP and keeps the response's headers, which TestApi.graphql does not return. */
async function post(query: string): Promise<{ headers: Headers; body: GraphqlBody }> {
  const response = await fetch(api.server.httpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': api.apiKey },
    body: JSON.stringify({ query }),
  });
  expect(response.status).toBe(200);
  return { headers: response.headers, body: (await response.json()) as GraphqlBody };
}

describe('custom response headers from util.http', () => {
  it('puts the accepted headers on the GraphQL HTTP response, a map value as its JSON text, and reports the refused one in errors', async () => {
    const { headers, body } = await post('{ tagged { statusCode } }');
    expect(body.data).toEqual({ tagged: { statusCode: 200 } });
    expect(headers.get('x-served-by')).toBe('test-endpoint');
    expect(headers.get('x-items-count')).toBe('7');
    expect(JSON.parse(headers.get('x-render') ?? '')).toEqual({ field1: 7, field2: 'string' });
    expect(headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]).toMatchObject({ errorType: 'ResponseHeaderError', path: ['tagged'], message: 'Response header "Content-Type" was ignored: the name is restricted.' });
  });

  it('sends the most recent definition when several resolvers of one operation set the same header', async () => {
    const { headers, body } = await post('mutation { first: step(label: "one") { statusCode } second: step(label: "two") { statusCode } }');
    expect(body.errors).toBeUndefined();
    expect(headers.get('x-step')).toBe('two');
  });

  it('counts every definition against the 4 KB of the whole operation and ignores the one past it with a ResponseHeaderError', async () => {
    const { headers, body } = await post('mutation { first: step(label: "one", padding: 3000) { statusCode } second: step(label: "two", padding: 3000) { statusCode } }');
    expect(headers.get('x-step')).toBe(`one${'-'.repeat(3000)}`);
    expect(body.data).toEqual({ first: { statusCode: 200 }, second: { statusCode: 200 } });
    expect(body.errors).toEqual([
      expect.objectContaining({ errorType: 'ResponseHeaderError', path: ['second'], message: 'Response header "X-Step" was ignored: custom response headers may not exceed 4 KB in total.' }),
    ]);
  });

  it('leaves headers of one request off the next one', async () => {
    await post('mutation { step(label: "earlier") { statusCode } }');
    const { headers } = await post('{ tagged { statusCode } }');
    expect(headers.get('x-step')).toBeNull();
  });
});
