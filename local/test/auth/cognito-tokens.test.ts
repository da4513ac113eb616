import { buildSchema } from 'graphql';
import { base64url, decodeJwt, generateKeyPair, importPKCS8, SignJWT, type JWK, type JWTPayload } from 'jose';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { authenticate, type AuthConfig, type AuthResult } from '../../src/auth/authenticate';
import { createAppClient, createPool, createUser, signIn, type CreatedPool, type SignedInTokens } from '../../src/auth/cognito-admin';
import type { CognitoModeConfig } from '../../src/auth/cognito-jwt';
import { authorizeField } from '../../src/auth/directives';
import { ensureSigningKey, signingKeyFile } from '../../src/services/cognito-keys';

/**
 * Real tokens from cognito-local, through authenticate and then the directive rules: what a caller
 * signed in with Amplify would meet.
 */

const PASSWORD = 'Espresso-1234';
const run = `auth-${Date.now().toString(36)}`;

let endpoint: string;
let pool: CreatedPool;
let otherPool: CreatedPool;
let otherClientId: string;
let manager: SignedInTokens;
let newcomer: SignedInTokens;
let stranger: SignedInTokens;
let managerSub: string;
let managerName: string;
let newcomerName: string;

beforeAll(async () => {
  endpoint = inject('cognitoEndpoint');
  pool = await createPool({ endpoint, name: `${run}-main`, groups: ['Managers', 'Baristas'] });
  otherPool = await createPool({ endpoint, name: `${run}-other` });
  otherClientId = await createAppClient({ endpoint, userPoolId: pool.userPoolId, name: `${run}-second-client` });

  ({ sub: managerSub, username: managerName } = await createUser({
    endpoint,
    userPoolId: pool.userPoolId,
    username: 'marta@example.com',
    password: PASSWORD,
    groups: ['Managers'],
  }));
  ({ username: newcomerName } = await createUser({
    endpoint,
    userPoolId: pool.userPoolId,
    username: 'nico@example.com',
    password: PASSWORD,
  }));
  await createUser({ endpoint, userPoolId: otherPool.userPoolId, username: 'sam@example.com', password: PASSWORD });

  manager = await signIn({ endpoint, clientId: pool.clientId, username: 'marta@example.com', password: PASSWORD });
  newcomer = await signIn({ endpoint, clientId: pool.clientId, username: 'nico@example.com', password: PASSWORD });
  stranger = await signIn({ endpoint, clientId: otherPool.clientId, username: 'sam@example.com', password: PASSWORD });
});

function poolMode(overrides: Partial<CognitoModeConfig> = {}): CognitoModeConfig {
  return {
    type: 'AMAZON_COGNITO_USER_POOLS',
    userPoolId: pool.userPoolId,
    issuer: pool.issuer,
    jwksUri: pool.jwksUri,
    ...overrides,
  };
}

function configWith(mode: CognitoModeConfig = poolMode()): AuthConfig {
  return { defaultAuth: mode, additionalAuth: [{ type: 'API_KEY', keys: [] }] };
}

function withToken(token: string | undefined, config: AuthConfig = configWith()): Promise<AuthResult> {
  const headers: Record<string, string> = { host: 'localhost:4000' };
  if (token !== undefined) headers.authorization = token;
  return authenticate(config, {
    headers,
    sourceIp: '192.0.2.10',
    signed: { method: 'POST', path: '/graphql', body: '{}' },
  });
}

function failureMessage(result: AuthResult): string | undefined {
  return result.ok ? undefined : result.failure.errors[0].message;
}

/** A token with the given payload, signed RS256 with the key cognito-local itself signs with. */
async function signedByCognitoLocal(payload: JWTPayload): Promise<string> {
  // cognito-local signs with this machine's key (local/src/services/cognito-keys.ts), not the one in its package.
  const { privatePem } = ensureSigningKey(signingKeyFile(inject('cognitoDataDir')));
  const key = await importPKCS8(privatePem, 'RS256');
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' }).sign(key);
}

function withPayload(token: string, payload: JWTPayload): string {
  const [header, , signature] = token.split('.');
  return `${header}.${base64url.encode(JSON.stringify(payload))}.${signature}`;
}

describe('tokens cognito-local issues', () => {
  it('accepts an access token and builds ctx.identity from its claims', async () => {
    const result = await withToken(manager.accessToken);
    expect(result).toEqual({
      ok: true,
      auth: {
        mode: 'AMAZON_COGNITO_USER_POOLS',
        identity: {
          sub: managerSub,
          issuer: pool.issuer,
          username: managerName,
          claims: expect.objectContaining({ token_use: 'access', client_id: pool.clientId, sub: managerSub }),
          sourceIp: ['192.0.2.10'],
          defaultAuthStrategy: 'ALLOW',
          groups: ['Managers'],
        },
        headers: expect.objectContaining({ authorization: manager.accessToken }),
      },
    });
  });

  it('accepts an ID token, taking the username from cognito:username', async () => {
    const result = await withToken(manager.idToken);
    expect(result.ok && result.auth.identity).toMatchObject({
      sub: managerSub,
      username: managerName,
      groups: ['Managers'],
      claims: expect.objectContaining({ token_use: 'id', aud: pool.clientId, email: 'marta@example.com' }),
    });
  });

  it('reports null groups for a user in no group', async () => {
    const result = await withToken(newcomer.accessToken);
    expect(result.ok && result.auth.identity).toMatchObject({ username: newcomerName, groups: null });
  });

  it('accepts both token kinds from the client appIdClientRegex names', async () => {
    const config = configWith(poolMode({ appIdClientRegex: pool.clientId }));
    expect((await withToken(manager.accessToken, config)).ok).toBe(true);
    expect((await withToken(manager.idToken, config)).ok).toBe(true);
  });
});

describe('tokens AppSync turns away', () => {
  it('answers a missing Authorization header with 401 UnauthorizedException', async () => {
    const result = await withToken(undefined);
    expect(result).toEqual({
      ok: false,
      failure: {
        status: 401,
        errors: [{ errorType: 'UnauthorizedException', message: 'Valid authorization header not provided.' }],
      },
    });
  });

  it('cannot parse a header that is not a JWT', async () => {
    expect(failureMessage(await withToken('garbage'))).toBe('Unable to parse JWT token.');
  });

  it('cannot parse a JWT sent with a Bearer prefix', async () => {
    expect(failureMessage(await withToken(`Bearer ${manager.accessToken}`))).toBe('Unable to parse JWT token.');
  });

  it('rejects an unsigned token (alg none) carrying real claims', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const payload = base64url.encode(JSON.stringify(decodeJwt(manager.accessToken)));
    expect(failureMessage(await withToken(`${header}.${payload}.`))).toBe('Valid authorization header not provided.');
  });

  it('rejects a token signed with another RSA key under cognito-local’s kid', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(decodeJwt(manager.accessToken))
      .setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' })
      .sign(privateKey);
    expect(failureMessage(await withToken(forged))).toBe('Valid authorization header not provided.');
  });

  it('rejects an HS256 token keyed with the pool’s public key', async () => {
    const jwks = (await (await fetch(pool.jwksUri)).json()) as { keys: JWK[] };
    const secret = new TextEncoder().encode(JSON.stringify(jwks.keys[0]));
    const forged = await new SignJWT(decodeJwt(manager.accessToken))
      .setProtectedHeader({ alg: 'HS256', kid: 'CognitoLocal' })
      .sign(secret);
    expect(failureMessage(await withToken(forged))).toBe('Valid authorization header not provided.');
  });

  it('says a validly signed token whose exp has passed has expired', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await signedByCognitoLocal({
      ...decodeJwt(manager.accessToken),
      iat: now - 7200,
      exp: now - 3600,
    });
    expect(failureMessage(await withToken(expired))).toBe('Token has expired.');
  });

  it('proves the expired-token check is about exp: the same key and a future exp pass', async () => {
    const now = Math.floor(Date.now() / 1000);
    const fresh = await signedByCognitoLocal({ ...decodeJwt(manager.accessToken), iat: now, exp: now + 600 });
    expect((await withToken(fresh)).ok).toBe(true);
  });

  it('rejects a token from a pool the API is not configured with', async () => {
    expect(failureMessage(await withToken(stranger.accessToken))).toBe('Valid authorization header not provided.');
  });

  it('rejects a token from another app client when appIdClientRegex is set', async () => {
    const other = await signIn({ endpoint, clientId: otherClientId, username: 'marta@example.com', password: PASSWORD });
    const config = configWith(poolMode({ appIdClientRegex: pool.clientId }));
    expect(failureMessage(await withToken(other.accessToken, config))).toBe('Valid authorization header not provided.');
    expect(failureMessage(await withToken(other.idToken, config))).toBe('Valid authorization header not provided.');
  });

  it('rejects a token whose groups claim was edited after signing', async () => {
    const payload = { ...decodeJwt(newcomer.accessToken), 'cognito:groups': ['Managers'] };
    expect(failureMessage(await withToken(withPayload(newcomer.accessToken, payload)))).toBe(
      'Valid authorization header not provided.',
    );
  });
});

describe('real tokens against cognito_groups', () => {
  const schema = buildSchema(/* GraphQL */ `
    directive @aws_cognito_user_pools(cognito_groups: [String]) on OBJECT | FIELD_DEFINITION
    type Query {
      setPrices: String @aws_cognito_user_pools(cognito_groups: ["Managers"])
    }
  `);

  it('lets the signed-in manager through and turns the groupless user away', async () => {
    const managerAuth = await withToken(manager.accessToken);
    const newcomerAuth = await withToken(newcomer.accessToken);
    if (!managerAuth.ok || !newcomerAuth.ok) throw new Error('both users should authenticate');

    expect(authorizeField(schema, configWith(), managerAuth.auth, 'Query', 'setPrices')).toBeNull();
    expect(authorizeField(schema, configWith(), newcomerAuth.auth, 'Query', 'setPrices')).toEqual({
      errorType: 'Unauthorized',
      message: 'Not Authorized to access setPrices on type Query',
    });
  });
});
