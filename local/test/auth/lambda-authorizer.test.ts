import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LambdaService } from '../../src/lambda';
import { createRuntime, type Runtime } from '../../src/runtime';
import type { RunningServer } from '../../src/server/index';
import { API_KEY, authModesApi, authorizerService } from '../fixtures/auth-modes/api';
import { startIssuer, type TestIssuer } from '../fixtures/auth-modes/oidc-issuer';
import { startFrame } from '../realtime/harness';
import { ProtocolClient } from '../realtime/ws-client';
import { serveRuntime } from '../support/serve';

/**
 * AWS_LAMBDA over real HTTP and WebSocket: the fixture's authorizer runs in the local Lambda
 * service, and its answers (grant, denial, deniedFields, resolverContext, ttlOverride, failures)
 * become AppSync's.
 */

interface Body {
  data?: Record<string, unknown> | null;
  errors?: Array<Record<string, unknown>>;
}

let lambda: LambdaService;
let runtime: Runtime;
let server: RunningServer;
let issuer: TestIssuer;

beforeAll(async () => {
  lambda = authorizerService(1_000);
  issuer = await startIssuer();
  runtime = await createRuntime(
    authModesApi([
      { type: 'AWS_LAMBDA', authorizerUri: 'arn:aws:lambda:local:000000000000:function:authorizer', authorizerResultTtlInSeconds: 300, identityValidationExpression: '(allow|cached|deny|fields|throw|hang|nonsense)-[a-z0-9]+' },
      { type: 'OPENID_CONNECT', issuer: issuer.issuer },
    ]),
    { lambda },
  );
  server = await serveRuntime(runtime);
});
afterAll(async () => {
  await server?.close();
  await runtime?.close();
  await lambda?.close();
  await issuer?.close();
});

async function graphql(query: string, headers: Record<string, string>, variables?: Record<string, unknown>): Promise<{ status: number; body: Body }> {
  const response = await fetch(server.httpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, ...(variables && { variables }), operationName: 'Op' }),
  });
  return { status: response.status, body: (await response.json()) as Body };
}

async function whoami(token: string): Promise<{ invocation: number; token: string; requestContext: Record<string, unknown>; hostHeader: string | null }> {
  const out = await graphql('query Op { whoami }', { authorization: token });
  expect(out).toMatchObject({ status: 200 });
  return (JSON.parse(String(out.body.data?.whoami)) as { resolverContext: never }).resolverContext;
}

const NOT_AUTHORIZED = { status: 401, body: { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }] } };

describe('an AWS_LAMBDA authorizer over HTTP', () => {
  it('admits the caller and gives resolvers its resolverContext as ctx.identity.resolverContext', async () => {
    // The variables are the ones the client sent, whether or not the operation declares them.
    const out = await graphql('query Op { whoami }', { authorization: 'allow-one' }, { n: 1 });
    expect(out.status).toBe(200);
    const identity = JSON.parse(String(out.body.data?.whoami)) as Record<string, unknown>;
    expect(Object.keys(identity)).toEqual(['resolverContext']);
    expect(identity.resolverContext).toMatchObject({
      token: 'allow-one',
      requestContext: { apiId: 'auth-modes', accountId: '000000000000', queryString: 'query Op { whoami }', operationName: 'Op', variables: { n: 1 } },
      hostHeader: new URL(server.httpUrl).host,
    });
    expect((identity.resolverContext as { requestContext: { requestId: string } }).requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers isAuthorized false with 401 and AppSync’s fixed text', async () => {
    expect(await graphql('query Op { ping }', { authorization: 'deny-me' })).toEqual(NOT_AUTHORIZED);
  });

  it('denies when the function throws, times out or answers without isAuthorized', async () => {
    expect(await graphql('query Op { ping }', { authorization: 'throw-it' })).toEqual(NOT_AUTHORIZED);
    expect(await graphql('query Op { ping }', { authorization: 'nonsense-x' })).toEqual(NOT_AUTHORIZED);
    expect(await graphql('query Op { ping }', { authorization: 'hang-on' })).toEqual(NOT_AUTHORIZED);
    // The environment that timed out was replaced; the next caller is served.
    expect(await graphql('query Op { ping }', { authorization: 'allow-after' })).toEqual({ status: 200, body: { data: { ping: 'pong' } } });
  });

  it('turns deniedFields, short or as this API’s ARNs, into Unauthorized fields and leaves the rest', async () => {
    const out = await graphql('query Op { ping secret other }', { authorization: 'fields-a' });
    expect(out.status).toBe(200);
    expect(out.body.data).toEqual({ ping: 'pong', secret: null, other: null });
    expect(out.body.errors?.map((e) => [e.errorType, e.message])).toEqual([
      ['Unauthorized', 'Not Authorized to access secret on type Query'],
      ['Unauthorized', 'Not Authorized to access other on type Query'],
    ]);
  });

  it('caches an answer per token for the configured TTL: two requests, one invocation', async () => {
    const first = await whoami('cached-token');
    const second = await whoami('cached-token');
    expect(second.invocation).toBe(first.invocation);
    // Another token is another cache entry.
    expect((await whoami('cached-other')).invocation).toBeGreaterThan(first.invocation);
  });

  it('does not cache an answer whose ttlOverride is 0', async () => {
    const first = await whoami('allow-twice');
    const second = await whoami('allow-twice');
    expect(second.invocation).toBe(first.invocation + 1);
  });

  it('refuses a token the identityValidationExpression does not match wholly, without invoking the function', async () => {
    const before = (await whoami('allow-before')).invocation;
    expect(await graphql('query Op { ping }', { authorization: 'nobody' })).toEqual(NOT_AUTHORIZED);
    expect(await graphql('query Op { ping }', { authorization: 'xallow-one' })).toEqual(NOT_AUTHORIZED);
    expect((await whoami('allow-after')).invocation).toBe(before + 1);
  });

  it('keeps a Lambda caller out of fields its directives do not admit', async () => {
    const out = await graphql('query Op { oidcOnly keyOnly }', { authorization: 'allow-fields' });
    expect(out.body.errors?.map((e) => e.message)).toEqual(['Not Authorized to access oidcOnly on type Query', 'Not Authorized to access keyOnly on type Query']);
  });

  it('sends a JWT to the JWT modes, never to the function', async () => {
    const before = (await whoami('allow-jwt')).invocation;
    const stranger = await issuer.sign({ sub: 'x', exp: Math.floor(Date.now() / 1000) + 60 }, { foreign: true });
    expect(await graphql('query Op { ping }', { authorization: stranger })).toEqual({
      status: 401,
      body: { errors: [{ errorType: 'UnauthorizedException', message: 'Valid authorization header not provided.' }] },
    });
    expect((await whoami('allow-jwt')).invocation).toBe(before + 1);
  });

  it('still serves the API key beside it', async () => {
    expect(await graphql('query Op { whoami keyOnly }', { 'x-api-key': API_KEY })).toEqual({ status: 200, body: { data: { whoami: 'null', keyOnly: 'key' } } });
  });
});

describe('an AWS_LAMBDA authorizer over WebSocket', () => {
  const host = (): string => new URL(server.httpUrl).host;
  const connect = (token: string): Promise<ProtocolClient> => ProtocolClient.initWithAuthorization(server, token);

  it('admits a connection and a subscription with the same token, and delivers', async () => {
    const client = await connect('allow-ws');
    await client.next((frame) => frame.type === 'connection_ack');
    client.socket.send(startFrame('s1', 'subscription { onPublish { text } }', {}, { Authorization: 'allow-ws', host: host() }));
    await client.next((frame) => frame.type === 'start_ack');
    expect(await graphql('mutation Op { publish(text: "hi") { text } }', { authorization: 'allow-pub' })).toMatchObject({ status: 200 });
    expect(await client.next((frame) => frame.type === 'data')).toEqual({ id: 's1', type: 'data', payload: { data: { onPublish: { text: 'hi' } } } });
    await client.close();
  });

  it('refuses a connection the authorizer denies', async () => {
    const client = await connect('deny-ws');
    const frame = await client.next((f) => f.type === 'connection_error');
    expect(JSON.stringify(frame)).toContain('UnauthorizedException');
    await client.close();
  });

  it('refuses a connection when the function throws, times out or answers without isAuthorized, as it refuses a denial', async () => {
    for (const token of ['throw-ws', 'hang-ws', 'nonsense-ws']) {
      const client = await connect(token);
      const frame = await client.next((f) => f.type === 'connection_error' || f.type === 'connection_ack');
      expect(frame.type).toBe('connection_error');
      expect(JSON.stringify(frame)).toContain('UnauthorizedException');
      await client.close();
    }
  });

  it('refuses a start whose token makes the function throw or time out, and keeps the connection for the next start', async () => {
    const client = await connect('allow-ws3');
    await client.next((frame) => frame.type === 'connection_ack');
    for (const [id, token] of [['s3', 'throw-start'], ['s4', 'hang-start']] as const) {
      client.socket.send(startFrame(id, 'subscription { onPublish { text } }', {}, { Authorization: token, host: host() }));
      const frame = await client.next((f) => f.id === id);
      expect(frame).toMatchObject({ id, type: 'error' });
      expect(JSON.stringify(frame)).toContain('You are not authorized to make this call.');
    }
    client.socket.send(startFrame('s5', 'subscription { onPublish { text } }', {}, { Authorization: 'allow-ws3', host: host() }));
    await client.next((frame) => frame.type === 'start_ack' && frame.id === 's5');
    await client.close();
  });

  it('refuses a start the authorizer denies on a connection it admitted', async () => {
    const client = await connect('allow-ws2');
    await client.next((frame) => frame.type === 'connection_ack');
    client.socket.send(startFrame('s2', 'subscription { onPublish { text } }', {}, { Authorization: 'deny-start', host: host() }));
    const frame = await client.next((f) => f.type === 'error');
    expect(frame).toMatchObject({ id: 's2', type: 'error' });
    expect(JSON.stringify(frame)).toContain('You are not authorized to make this call.');
    await client.close();
  });
});
