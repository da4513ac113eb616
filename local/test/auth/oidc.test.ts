import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LambdaService } from '../../src/lambda';
import { createRuntime, type Runtime } from '../../src/runtime';
import type { RunningServer } from '../../src/server/index';
import { authModesApi, authorizerService } from '../fixtures/auth-modes/api';
import { startIssuer, type TestIssuer } from '../fixtures/auth-modes/oidc-issuer';
import { startFrame } from '../realtime/harness';
import { ProtocolClient } from '../realtime/ws-client';
import { serveRuntime } from '../support/serve';

/**
 * OPENID_CONNECT against a real issuer on 127.0.0.1 (discovery document, JWKS, RS256 tokens made
 * by the test), over HTTP and WebSocket: what AppSync admits, and every way a token is refused.
 */

interface Body {
  data?: Record<string, unknown> | null;
  errors?: Array<Record<string, unknown>>;
}

const CLIENT = 'brewline-web';
const IAT_TTL_MS = 60_000;
const AUTH_TTL_MS = 120_000;

let issuer: TestIssuer;
let lambda: LambdaService;
let runtime: Runtime;
let server: RunningServer;

beforeAll(async () => {
  issuer = await startIssuer();
  lambda = authorizerService();
  runtime = await createRuntime(
    authModesApi([
      { type: 'OPENID_CONNECT', issuer: issuer.issuer, clientId: 'brewline-(web|tablet)', iatTTL: IAT_TTL_MS, authTTL: AUTH_TTL_MS },
      { type: 'AWS_LAMBDA', authorizerUri: 'authorizer' },
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

const seconds = (offsetMs = 0): number => Math.floor((Date.now() + offsetMs) / 1000);

/** A token as the issuer hands it out at sign-in, with `overrides` applied. */
function token(overrides: Record<string, unknown> = {}, options: { foreign?: boolean } = {}): Promise<string> {
  return issuer.sign({ sub: 'user-1', aud: CLIENT, iat: seconds(), auth_time: seconds(), exp: seconds(3_600_000), email: 'ana@example.com', ...overrides }, options);
}

async function graphql(query: string, authorization: string): Promise<{ status: number; body: Body }> {
  const response = await fetch(server.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query }) });
  return { status: response.status, body: (await response.json()) as Body };
}

const unauthorized = (message: string): { status: number; body: Body } => ({ status: 401, body: { errors: [{ errorType: 'UnauthorizedException', message }] } });

describe('OPENID_CONNECT over HTTP', () => {
  it('admits a token signed by the issuer and gives resolvers sub, issuer and claims', async () => {
    const out = await graphql('{ whoami oidcOnly }', await token());
    expect(out.status).toBe(200);
    expect(out.body.data?.oidcOnly).toBe('oidc');
    const identity = JSON.parse(String(out.body.data?.whoami)) as Record<string, unknown>;
    expect(identity).toEqual({ sub: 'user-1', issuer: issuer.issuer, claims: expect.objectContaining({ sub: 'user-1', aud: CLIENT, email: 'ana@example.com', iss: issuer.issuer }) });
  });

  it('found the keys through the discovery document, once', () => {
    expect(issuer.fetched.slice(0, 2)).toEqual(['/.well-known/openid-configuration', '/jwks.json']);
    expect(issuer.fetched.filter((url) => url === '/.well-known/openid-configuration')).toHaveLength(1);
  });

  it('accepts any client the clientId regex matches wholly, in aud or in an aud list', async () => {
    expect((await graphql('{ ping }', await token({ aud: 'brewline-tablet' }))).status).toBe(200);
    expect((await graphql('{ ping }', await token({ aud: ['other', 'brewline-web'] }))).status).toBe(200);
  });

  it('refuses a token for another client', async () => {
    expect(await graphql('{ ping }', await token({ aud: 'someone-else' }))).toEqual(unauthorized('Valid authorization header not provided.'));
    expect(await graphql('{ ping }', await token({ aud: 'brewline-webx' }))).toEqual(unauthorized('Valid authorization header not provided.'));
  });

  it('refuses a token signed with another key', async () => {
    expect(await graphql('{ ping }', await token({}, { foreign: true }))).toEqual(unauthorized('Valid authorization header not provided.'));
  });

  it('refuses an expired token', async () => {
    expect(await graphql('{ ping }', await token({ exp: seconds(-1_000) }))).toEqual(unauthorized('Token has expired.'));
  });

  it('refuses a token issued longer ago than iatTTL', async () => {
    expect(await graphql('{ ping }', await token({ iat: seconds(-IAT_TTL_MS - 5_000) }))).toEqual(unauthorized('Token has expired.'));
  });

  it('refuses a token whose authentication is older than authTTL', async () => {
    expect(await graphql('{ ping }', await token({ auth_time: seconds(-AUTH_TTL_MS - 5_000) }))).toEqual(unauthorized('Token has expired.'));
  });

  it('keeps an OIDC caller out of fields its directives do not admit', async () => {
    const out = await graphql('{ secret }', await token());
    expect(out.body).toMatchObject({ data: { secret: null }, errors: [{ errorType: 'Unauthorized', message: 'Not Authorized to access secret on type Query' }] });
  });

  it('sends a token that is not a JWT to the Lambda authorizer beside it', async () => {
    expect((await graphql('{ ping }', 'allow-notajwt')).body).toEqual({ data: { ping: 'pong' } });
  });
});

describe('OPENID_CONNECT over WebSocket', () => {
  const host = (): string => new URL(server.httpUrl).host;
  const connect = (authorization: string): Promise<ProtocolClient> => ProtocolClient.initWithAuthorization(server, authorization);

  it('connects, subscribes and receives with an OIDC token', async () => {
    const jwt = await token();
    const client = await connect(jwt);
    await client.next((frame) => frame.type === 'connection_ack');
    client.socket.send(startFrame('s1', 'subscription { onPublish { text } }', {}, { Authorization: jwt, host: host() }));
    await client.next((frame) => frame.type === 'start_ack');
    expect((await graphql('mutation { publish(text: "oidc") { text } }', jwt)).status).toBe(200);
    expect(await client.next((frame) => frame.type === 'data')).toEqual({ id: 's1', type: 'data', payload: { data: { onPublish: { text: 'oidc' } } } });
    await client.close();
  });

  it('refuses a connection with a forged token', async () => {
    const client = await connect(await token({}, { foreign: true }));
    const frame = await client.next((f) => f.type === 'connection_error');
    expect(JSON.stringify(frame)).toContain('UnauthorizedException');
    await client.close();
  });
});
