import { CognitoIdentityProviderClient, GetTokensFromRefreshTokenCommand } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { authenticate } from '../../src/auth/authenticate';
import { createPool, createUser, signIn, type CreatedPool, type SignedInTokens } from '../../src/auth/cognito-admin';

/**
 * GetTokensFromRefreshToken, the operation aws-amplify v6 refreshes sessions with, against the
 * runtime's cognito-local (which serves it through InitiateAuth REFRESH_TOKEN_AUTH), called with
 * the AWS SDK as Amplify's client calls it.
 */
const run = `refresh-${Date.now().toString(36)}`;
let pool: CreatedPool;
let tokens: SignedInTokens;
let client: CognitoIdentityProviderClient;

beforeAll(async () => {
  const endpoint = inject('cognitoEndpoint');
  pool = await createPool({ endpoint, name: run, groups: ['Customers'] });
  await createUser({ endpoint, userPoolId: pool.userPoolId, username: 'rita@example.com', password: 'Espresso-1234', groups: ['Customers'] });
  tokens = await signIn({ endpoint, clientId: pool.clientId, username: 'rita@example.com', password: 'Espresso-1234' });
  client = new CognitoIdentityProviderClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});

afterAll(() => client.destroy());

describe('GetTokensFromRefreshToken', () => {
  it('answers new ID and access tokens for the same user that the runtime accepts, and only AuthenticationResult', async () => {
    const answer = await client.send(new GetTokensFromRefreshTokenCommand({ ClientId: pool.clientId, RefreshToken: tokens.refreshToken }));
    const result = answer.AuthenticationResult;
    expect(result?.AccessToken).toEqual(expect.any(String));
    expect(result?.IdToken).toEqual(expect.any(String));
    expect(result?.TokenType).toBe('Bearer');
    expect(Object.keys(answer).filter((key) => key !== '$metadata')).toEqual(['AuthenticationResult']);
    const fresh = decodeJwt(result?.AccessToken ?? '');
    expect(result?.ExpiresIn).toBe((fresh.exp ?? 0) - (fresh.iat ?? 0));
    expect(fresh.sub).toBe(decodeJwt(tokens.accessToken).sub);
    expect(fresh['cognito:groups']).toEqual(['Customers']);
    const verified = await authenticate(
      { defaultAuth: { type: 'AMAZON_COGNITO_USER_POOLS', userPoolId: pool.userPoolId, issuer: pool.issuer, jwksUri: pool.jwksUri }, additionalAuth: [] },
      { headers: { authorization: result?.AccessToken ?? '' }, sourceIp: '127.0.0.1', signed: { method: 'POST', path: '/graphql', query: {}, body: '' } },
    );
    expect(verified.ok).toBe(true);
  });

  it('refuses a refresh token it never issued with NotAuthorizedException', async () => {
    await expect(client.send(new GetTokensFromRefreshTokenCommand({ ClientId: pool.clientId, RefreshToken: 'not-a-refresh-token' }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
  });
});
