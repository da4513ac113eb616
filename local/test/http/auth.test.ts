import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { base64url, decodeJwt, generateKeyPair, importPKCS8, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAppClient, createPool, createUser, signIn, type SignedInTokens } from '../../src/auth/cognito-admin';
import type { RuntimeConfig } from '../../src/config';
import { createRuntime, type Runtime } from '../../src/runtime';
import type { RunningServer } from '../../src/server/index';
import { serveRuntime } from '../support/serve';
import { LOCAL_REGION } from '../../src/services/provision';
import { notesApi } from '../fixtures/notes-api/definition';
import { startTestApi, TEST_PASSWORD, type GraphqlBody, type TestApi } from '../support/local-api';
import { ensureSigningKey, signingKeyFile } from '../../src/services/cognito-keys';

/**
 * Every way a caller proves who it is, over real HTTP: tokens cognito-local really issues, tokens
 * forged every way a client could, API keys, and SigV4. The answers are AppSync's, status and body.
 */

const WHOAMI = { query: '{ whoami }' };

let api: TestApi;
let reader: SignedInTokens;
let readerName: string;
let editor: SignedInTokens;

beforeAll(async () => {
  api = await startTestApi(notesApi);
  ({ username: readerName } = await api.createUser('reader@example.com'));
  await api.createUser('editor@example.com', ['Editors']);
  [reader, editor] = await Promise.all([api.signIn('reader@example.com'), api.signIn('editor@example.com')]);
});
afterAll(() => api?.close());

function unauthorized(message: string): { status: number; body: GraphqlBody } {
  return { status: 401, body: { errors: [{ errorType: 'UnauthorizedException', message }] } };
}

/** A token with this payload, signed RS256 with the very key cognito-local signs with. */
async function signedByCognitoLocal(payload: JWTPayload): Promise<string> {
  // cognito-local signs with this machine's key (local/src/services/cognito-keys.ts), not the one in its package.
  const { privatePem } = ensureSigningKey(signingKeyFile(inject('cognitoDataDir')));
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' }).sign(await importPKCS8(privatePem, 'RS256'));
}

/** POSTs `body` signed with SigV4 for AppSync, as a backend caller's AWS SDK would. */
async function signedPost(
  body: { query: string },
  credentials: { accessKeyId: string; secretAccessKey: string },
): Promise<{ status: number; body: GraphqlBody }> {
  const url = new URL(api.server.httpUrl);
  const text = JSON.stringify(body);
  const signer = new SignatureV4({ service: 'appsync', region: LOCAL_REGION, credentials, sha256: Sha256 });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      headers: { host: url.host, 'content-type': 'application/json' },
      body: text,
    }),
  );
  const response = await fetch(url, { method: 'POST', headers: signed.headers, body: text });
  return { status: response.status, body: (await response.json()) as GraphqlBody };
}

describe('Cognito user pool tokens over HTTP', () => {
  it('accepts the access token cognito-local issued at sign-in', async () => {
    expect(await api.graphql(WHOAMI, { authorization: reader.accessToken })).toEqual({ status: 200, body: { data: { whoami: readerName } } });
  });

  it('accepts the ID token too', async () => {
    expect(await api.graphql(WHOAMI, { authorization: reader.idToken })).toEqual({ status: 200, body: { data: { whoami: readerName } } });
  });

  it('answers a request without credentials with 401', async () => {
    expect(await api.graphql(WHOAMI)).toEqual(unauthorized('Valid authorization header not provided.'));
  });

  it('cannot parse an Authorization header that is not a JWT', async () => {
    expect(await api.graphql(WHOAMI, { authorization: 'not-a-token' })).toEqual(unauthorized('Unable to parse JWT token.'));
  });

  it('cannot parse a JWT sent with a Bearer prefix, which AppSync does not take', async () => {
    expect(await api.graphql(WHOAMI, { authorization: `Bearer ${reader.accessToken}` })).toEqual(unauthorized('Unable to parse JWT token.'));
  });

  it('rejects an unsigned token (alg none) carrying real claims', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const unsigned = `${header}.${base64url.encode(JSON.stringify(decodeJwt(reader.accessToken)))}.`;
    expect(await api.graphql(WHOAMI, { authorization: unsigned })).toEqual(unauthorized('Valid authorization header not provided.'));
  });

  it('rejects real claims signed by another key under cognito-local’s key id', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(decodeJwt(reader.accessToken)).setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' }).sign(privateKey);
    expect(await api.graphql(WHOAMI, { authorization: forged })).toEqual(unauthorized('Valid authorization header not provided.'));
  });

  it('says a token signed with cognito-local’s own key has expired once exp has passed', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await signedByCognitoLocal({ ...decodeJwt(reader.accessToken), iat: now - 7200, exp: now - 3600 });
    expect(await api.graphql(WHOAMI, { authorization: expired })).toEqual(unauthorized('Token has expired.'));
  });

  it('accepts the same re-signed claims with a future exp, so the expiry alone made the difference', async () => {
    const now = Math.floor(Date.now() / 1000);
    const fresh = await signedByCognitoLocal({ ...decodeJwt(reader.accessToken), iat: now, exp: now + 600 });
    expect(await api.graphql(WHOAMI, { authorization: fresh })).toEqual({ status: 200, body: { data: { whoami: readerName } } });
  });

  it('rejects a real token from a pool the API is not configured with', async () => {
    const endpoint = inject('cognitoEndpoint');
    const other = await createPool({ endpoint, name: `http-auth-other-${Date.now()}` });
    await createUser({ endpoint, userPoolId: other.userPoolId, username: 'stranger@example.com', password: TEST_PASSWORD });
    const stranger = await signIn({ endpoint, clientId: other.clientId, username: 'stranger@example.com', password: TEST_PASSWORD });
    expect(await api.graphql(WHOAMI, { authorization: stranger.accessToken })).toEqual(unauthorized('Valid authorization header not provided.'));
  });

  it('rejects a real token from another app client of the same pool (appIdClientRegex)', async () => {
    const endpoint = inject('cognitoEndpoint');
    const clientId = await createAppClient({ endpoint, userPoolId: api.booted.state.pool.userPoolId, name: 'not-the-web-client' });
    const tokens = await signIn({ endpoint, clientId, username: 'reader@example.com', password: TEST_PASSWORD });
    expect(await api.graphql(WHOAMI, { authorization: tokens.accessToken })).toEqual(unauthorized('Valid authorization header not provided.'));
    expect(await api.graphql(WHOAMI, { authorization: tokens.idToken })).toEqual(unauthorized('Valid authorization header not provided.'));
  });

  it('rejects a token whose groups claim was edited after signing', async () => {
    const [header, , signature] = reader.accessToken.split('.');
    const promoted = base64url.encode(JSON.stringify({ ...decodeJwt(reader.accessToken), 'cognito:groups': ['Editors'] }));
    const tampered = `${header}.${promoted}.${signature}`;
    expect(await api.graphql({ query: '{ editorsNote }' }, { authorization: tampered })).toEqual(unauthorized('Valid authorization header not provided.'));
  });
});

describe('API keys over HTTP', () => {
  const VALID = 'da2-validkeyvalidkeyvalidkey';
  const EXPIRED = 'da2-expiredkeyexpiredkeyexp';
  let runtime: Runtime;
  let server: RunningServer;

  beforeAll(async () => {
    const now = Math.floor(Date.now() / 1000);
    const config: RuntimeConfig = {
      name: 'http-api-keys',
      schema: 'type Query { ping: String }',
      defaultAuth: { type: 'API_KEY', keys: [{ id: EXPIRED, expires: now - 3600 }, { id: VALID, expires: now + 3600 }] },
      additionalAuth: [],
      dataSources: [{ type: 'NONE', name: 'none' }],
      functions: [],
      resolvers: [
        {
          kind: 'UNIT',
          typeName: 'Query',
          fieldName: 'ping',
          dataSource: 'none',
          code: { source: 'Query.ping.js', code: "export function request() { return { payload: 'pong' }; }\nexport function response(ctx) { return ctx.result; }" },
        },
      ],
    };
    runtime = await createRuntime(config);
    server = await serveRuntime(runtime);
  });
  afterAll(async () => {
    await server?.close();
    await runtime?.close();
  });

  async function ping(key: string): Promise<{ status: number; body: unknown }> {
    const response = await fetch(server.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: '{"query":"{ ping }"}' });
    return { status: response.status, body: await response.json() };
  }

  it('serves a key that has not expired', async () => {
    expect(await ping(VALID)).toEqual({ status: 200, body: { data: { ping: 'pong' } } });
  });

  it('turns away a key the API does not have', async () => {
    expect(await ping('da2-nosuchkeynosuchkeynosuch')).toEqual(unauthorized('You are not authorized to make this call.'));
  });

  it('turns away a key past its expiry with the same answer as an unknown key', async () => {
    expect(await ping(EXPIRED)).toEqual(unauthorized('You are not authorized to make this call.'));
  });

  it('turns away a wrong key on the project API too', async () => {
    expect(await api.graphql({ query: '{ echo(text: "hi") }' }, { 'x-api-key': `${api.apiKey}x` })).toEqual(unauthorized('You are not authorized to make this call.'));
  });
});

describe('AWS_IAM (SigV4) over HTTP', () => {
  it('accepts a request signed with the local IAM pair and gives the resolver an IAM identity', async () => {
    const { iam } = api.booted.state;
    const out = await signedPost({ query: '{ identity }' }, iam);
    expect(out.status).toBe(200);
    expect(out.body.errors).toBeUndefined();
    expect(JSON.parse(String(out.body.data?.identity))).toEqual({
      accountId: '000000000000',
      cognitoIdentityPoolId: null,
      cognitoIdentityId: null,
      sourceIp: [expect.stringMatching(/127\.0\.0\.1/)],
      username: iam.accessKeyId,
      userArn: 'arn:aws:iam::000000000000:user/local-backend',
      cognitoIdentityAuthType: null,
      cognitoIdentityAuthProvider: null,
    });
  });

  it('answers a signature made with the wrong secret with 403 InvalidSignatureException', async () => {
    const out = await signedPost({ query: '{ identity }' }, { accessKeyId: api.booted.state.iam.accessKeyId, secretAccessKey: 'not-the-secret' });
    expect(out).toEqual({
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
    });
  });

  it('answers an access key it never issued with 403 UnrecognizedClientException', async () => {
    const out = await signedPost({ query: '{ identity }' }, { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'whatever' });
    expect(out).toEqual({ status: 403, body: { errors: [{ errorType: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' }] } });
  });
});

describe('auth directives per field', () => {
  const denied = (field: string, column: number) => ({
    path: [field],
    data: null,
    errorType: 'Unauthorized',
    errorInfo: null,
    locations: [{ line: 1, column, sourceName: null }],
    message: `Not Authorized to access ${field} on type Query`,
  });

  it('serves a cognito_groups field to a member of the group', async () => {
    expect(await api.graphql({ query: '{ editorsNote }' }, { authorization: editor.accessToken })).toEqual({ status: 200, body: { data: { editorsNote: 'For editors only' } } });
  });

  it('answers the same field with Unauthorized for a signed-in user outside the group', async () => {
    expect(await api.graphql({ query: '{ editorsNote }' }, { authorization: reader.accessToken })).toEqual({
      status: 200,
      body: { data: { editorsNote: null }, errors: [denied('editorsNote', 3)] },
    });
  });

  it('keeps an API key caller out of Cognito-only fields while serving the fields it may read', async () => {
    const out = await api.graphql({ query: '{ echo(text: "hi") whoami editorsNote }' }, { 'x-api-key': api.apiKey });
    expect(out).toEqual({
      status: 200,
      body: { data: { echo: 'hi', whoami: null, editorsNote: null }, errors: [denied('whoami', 20), denied('editorsNote', 27)] },
    });
  });

  it('lets an IAM caller reach @aws_iam fields only', async () => {
    const out = await signedPost({ query: '{ backendStatus whoami echo(text: "hi") }' }, api.booted.state.iam);
    expect(out).toEqual({
      status: 200,
      body: { data: { backendStatus: 'backend ok', whoami: null, echo: null }, errors: [denied('whoami', 17), denied('echo', 24)] },
    });
  });

  it('keeps a Cognito user out of an @aws_iam field', async () => {
    const out = await api.graphql({ query: '{ backendStatus }' }, { authorization: editor.accessToken });
    expect(out.body).toEqual({ data: { backendStatus: null }, errors: [denied('backendStatus', 3)] });
  });
});
