import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callEndpoint, toOutgoingRequest } from '../../src/datasources/http';
import { createDataSources } from '../../src/datasources/registry';
import { toRuntimeDataSources } from '../../src/project/data-sources';
import { httpApi, SIGNING, SLOW_TIMEOUT_MS } from '../fixtures/http-api/definition';
import { startTestApi, type TestApi } from '../support/local-api';
import { closedPortUrl, startTestEndpoint, type SeenRequest, type TestEndpoint } from './http-server';

let endpoint: TestEndpoint;
let api: TestApi;

beforeAll(async () => {
  endpoint = await startTestEndpoint();
  api = await startTestApi(httpApi({ service: endpoint.url, closed: await closedPortUrl() }));
  endpoint.credentials = api.booted.state.iam;
});
afterAll(async () => {
  await api?.close();
  await endpoint?.close();
});

interface Answer {
  statusCode: number;
  headers: string;
  body: string | null;
}

async function call(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const out = await api.graphql({ query, variables }, { 'x-api-key': api.apiKey, ...headers });
  expect(out.status).toBe(200);
  return out.body;
}

const FIELDS = '{ statusCode headers body }';

function answerOf(data: Record<string, unknown> | null | undefined, field: string): Answer {
  const answer = data?.[field] as Answer | null | undefined;
  if (!answer) throw new Error(`no answer for ${field}`);
  return answer;
}

describe('the HTTP data source, called through GraphQL', () => {
  it('sends a GET to the endpoint plus resourcePath, with the query parameters and headers, and hands back statusCode, headers and body', async () => {
    const body = await call(`query($id: ID!) { item(id: $id, expand: true, tag: "a b&c") ${FIELDS} }`, { id: 'latte 1' });
    expect(body.errors).toBeUndefined();
    const answer = answerOf(body.data, 'item');
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.headers)).toMatchObject({ 'Content-Type': 'application/json', 'X-Served-By': 'test-endpoint' });
    const seen = JSON.parse(answer.body ?? '') as SeenRequest;
    expect(seen).toMatchObject({ method: 'GET', path: '/items/latte%201', query: { expand: 'true', lang: 'en' }, body: '' });
    expect(seen.headers).toMatchObject({ 'content-type': 'application/json', 'x-item-tag': 'a b&c' });
  });

  it('sends an object body as its JSON text on a POST', async () => {
    const body = await call(`mutation { createItem(name: "Flat white", price: 350) ${FIELDS} }`);
    const seen = JSON.parse(answerOf(body.data, 'createItem').body ?? '') as SeenRequest;
    expect(seen).toMatchObject({ method: 'POST', path: '/items', headers: { 'content-type': 'application/json', 'content-length': '33' } });
    expect(JSON.parse(seen.body)).toEqual({ name: 'Flat white', price: 350 });
  });

  it('passes a 4xx or 5xx answer to the response handler as a result, not as an error', async () => {
    for (const code of [404, 503]) {
      const body = await call(`query($code: Int!) { status(code: $code) ${FIELDS} }`, { code });
      expect(body.errors).toBeUndefined();
      const answer = answerOf(body.data, 'status');
      expect(answer.statusCode).toBe(code);
      expect(JSON.parse(answer.headers)).toMatchObject({ 'X-Reason': 'asked' });
      expect(JSON.parse(answer.body ?? '')).toEqual({ message: `status ${code} as asked` });
    }
  });

  it(`gives ctx.error Http:ExecutionTimeoutException when the endpoint does not answer within the data source's timeout (${SLOW_TIMEOUT_MS} ms here)`, async () => {
    const body = await call(`{ slow ${FIELDS} }`);
    expect(body.data).toEqual({ slow: null });
    expect(body.errors?.[0]).toMatchObject({ errorType: 'Http:ExecutionTimeoutException', message: 'execution timed out', path: ['slow'] });
    expect(endpoint.seen.some((request) => request.path === '/hang')).toBe(true);
  });

  it('gives ctx.error Http:HttpRequestException naming the host when nothing listens on the port', async () => {
    const body = await call(`{ unreachable ${FIELDS} }`);
    expect(body.data).toEqual({ unreachable: null });
    expect(body.errors?.[0]?.errorType).toBe('Http:HttpRequestException');
    expect(body.errors?.[0]?.message).toMatch(/^Unable to reach 127\.0\.0\.1:\d+: ECONNREFUSED/);
  });

  it('signs with SigV4 for the configured region and service when authorizationConfig is AWS_IAM, as the server verifies', async () => {
    const get = await call(`{ signed(q: "oat milk+extra") ${FIELDS} }`);
    const getAnswer = JSON.parse(answerOf(get.data, 'signed').body ?? '') as { verdict: string; request: SeenRequest };
    expect(getAnswer.verdict).toBe('valid');
    expect(getAnswer.request.path).toBe('/signed/look%20up');
    expect(getAnswer.request.query).toEqual({ q: 'oat milk+extra' });
    expect(String(getAnswer.request.headers.authorization)).toContain(`/${SIGNING.signingRegion}/${SIGNING.signingServiceName}/aws4_request`);

    const post = await call(`mutation { signedCreate(name: "Cortado") ${FIELDS} }`);
    const postAnswer = JSON.parse(answerOf(post.data, 'signedCreate').body ?? '') as { verdict: string };
    expect(postAnswer.verdict).toBe('valid');
  });

  it('leaves a data source without authorizationConfig unsigned', async () => {
    const body = await call(`{ item(id: "1") ${FIELDS} }`);
    const seen = JSON.parse(answerOf(body.data, 'item').body ?? '') as SeenRequest;
    expect(seen.headers.authorization).toBeUndefined();
  });

  it('forwards the caller’s headers through util.http.copyHeaders, without host, connection and content-length', async () => {
    const body = await call(`{ forwarded ${FIELDS} }`, {}, { 'x-trace-id': 'trace-42' });
    const seen = JSON.parse(answerOf(body.data, 'forwarded').body ?? '') as SeenRequest;
    expect(seen.headers['x-trace-id']).toBe('trace-42');
    expect(seen.headers.host).toBe(new URL(endpoint.url).host);
    expect(seen.headers['content-length']).toBeUndefined();
  });
});

describe('the HTTP core', () => {
  it('ends a call whose answer passes the size cap with Http:ResponseTooLargeException, and hands back one at the cap', async () => {
    const call = (bytes: number) => callEndpoint(toOutgoingRequest(endpoint.url, { method: 'GET', resourcePath: '/big', params: { query: { bytes } } }), { maxResponseBytes: 1000 });
    expect(await call(1001)).toEqual({ error: { type: 'Http:ResponseTooLargeException', message: `The HTTP response from ${new URL(endpoint.url).host} is larger than 1000 bytes.` } });
    expect(await call(1000)).toMatchObject({ result: { statusCode: 200, body: 'x'.repeat(1000) } });
  });
});

describe('OpenSearch data sources', () => {
  it('are refused at start-up without an endpoint, naming the data source and the field to set', () => {
    for (const type of ['AMAZON_OPENSEARCH_SERVICE', 'AMAZON_ELASTICSEARCH'] as const) {
      const configs = toRuntimeDataSources({ search: { type, endpoint: 'https://search-posts.eu-west-1.es.amazonaws.com' } }, { tableName: (t) => t, dynamoEndpoint: '', region: 'eu-west-1' });
      expect(() => createDataSources(configs)).toThrow(
        `Data source search is ${type}, which needs an OpenSearch server, and none is configured. Set its endpoint (DataSourceDefinition 'localEndpoint', e.g. http://127.0.0.1:9200, a local OpenSearch) or remove the data source from the local run.`,
      );
    }
  });

  it('send the resolver’s operation, path, queryString and body to localEndpoint and hand back the parsed JSON answer', async () => {
    const configs = toRuntimeDataSources({ search: { type: 'AMAZON_OPENSEARCH_SERVICE', localEndpoint: endpoint.url } }, { tableName: (t) => t, dynamoEndpoint: '', region: 'eu-west-1' });
    const search = createDataSources(configs).get('search');
    const outcome = await search?.invoke({ operation: 'GET', path: '/id/post/_search', params: { headers: {}, queryString: { size: 50 }, body: { query: { match: { author: 'Nadia' } } } } });
    expect(outcome).toMatchObject({ result: { method: 'GET', path: '/id/post/_search', query: { size: '50' }, headers: { 'content-type': 'application/json' } } });
    const seen = (outcome as { result: SeenRequest }).result;
    expect(JSON.parse(seen.body)).toEqual({ query: { match: { author: 'Nadia' } } });
  });
});
