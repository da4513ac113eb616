import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_REGION } from '../../src/services/provision';
import { notesApi } from '../fixtures/notes-api/definition';
import { startTestApi, type GraphqlBody, type TestApi } from '../support/local-api';

/**
 * SigV4 covers the query string (the canonical query string of the AWS signing process), so a
 * signed `GET /graphql?query=...` is a signature over that one query: swapping, adding or
 * dropping a parameter must fail as a signature mismatch, the way every SigV4 endpoint answers.
 */

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi(notesApi);
});
afterAll(() => api?.close());

const MISMATCH = {
  status: 403,
  body: {
    errors: [
      {
        errorType: 'InvalidSignatureException',
        message:
          'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      },
    ],
  },
};

/** The headers an AWS SDK would send for `GET /graphql` with these parameters. */
async function signGet(params: Record<string, string>): Promise<Record<string, string>> {
  const url = new URL(api.server.httpUrl);
  const signer = new SignatureV4({ service: 'appsync', region: LOCAL_REGION, credentials: api.booted.state.iam, sha256: Sha256 });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'GET',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: params,
      headers: { host: url.host },
    }),
  );
  return signed.headers;
}

async function sendGet(headers: Record<string, string>, params: Record<string, string>): Promise<{ status: number; body: GraphqlBody }> {
  const url = new URL(api.server.httpUrl);
  url.search = new URLSearchParams(params).toString();
  const response = await fetch(url, { method: 'GET', headers });
  return { status: response.status, body: (await response.json()) as GraphqlBody };
}

describe('SigV4 over GET signs the query string', () => {
  it('serves a GET whose query string is the one that was signed', async () => {
    const params = { query: '{ backendStatus }' };
    const out = await sendGet(await signGet(params), params);
    expect(out.status).toBe(200);
    expect(out.body.errors).toBeUndefined();
    expect(out.body.data).toHaveProperty('backendStatus');
  });

  it('serves a signed GET carrying variables and an operation name', async () => {
    const params = { query: 'query Q($id: ID!) { note(id: $id) { id } }', variables: '{"id":"nope"}', operationName: 'Q' };
    const out = await sendGet(await signGet(params), params);
    expect(out.status).toBe(200);
  });

  it('refuses a signature made for one query and sent with another', async () => {
    const headers = await signGet({ query: '{ identity }' });
    expect(await sendGet(headers, { query: '{ backendStatus }' })).toEqual(MISMATCH);
  });

  it('refuses a signature made for GET /graphql without a query string when a query is added', async () => {
    const headers = await signGet({});
    expect(await sendGet(headers, { query: '{ backendStatus }' })).toEqual(MISMATCH);
  });

  it('refuses a signed GET with one more parameter than was signed', async () => {
    const params = { query: 'query Q($id: ID!) { note(id: $id) { id } }', operationName: 'Q' };
    const headers = await signGet(params);
    expect(await sendGet(headers, { ...params, variables: '{"id":"other"}' })).toEqual(MISMATCH);
  });

  it('refuses a signed GET whose variables were changed', async () => {
    const query = 'query Q($id: ID!) { note(id: $id) { id } }';
    const headers = await signGet({ query, variables: '{"id":"a"}' });
    expect(await sendGet(headers, { query, variables: '{"id":"b"}' })).toEqual(MISMATCH);
  });
});
