import { base64url, decodeJwt, generateKeyPair, importPKCS8, SignJWT, type JWTPayload } from 'jose';
import { inject } from 'vitest';
import { createAppClient, createPool, createUser, signIn } from '../../../local/src/auth/cognito-admin';
import { TEST_PASSWORD, type TestApi } from '../../../local/test/support/local-api';
import { ensureSigningKey, signingKeyFile } from '../../../local/src/services/cognito-keys';

/**
 * Every credential an attacker could present, built from a real signed-in customer's tokens:
 * each one must be turned away on HTTP and on the WebSocket alike.
 */
export interface BadCredential {
  name: string;
  /** Header map for HTTP; the WebSocket gets the same value in the `Authorization` or `x-api-key` slot. */
  headers: Record<string, string>;
  /** The errorType and message AppSync answers with (HTTP 401). */
  message: string;
}

/** A token with this payload, signed RS256 with the very key cognito-local signs with. */
export async function signedByCognitoLocal(payload: JWTPayload): Promise<string> {
  // cognito-local signs with this machine's key (local/src/services/cognito-keys.ts), not the one in its package.
  const { privatePem } = ensureSigningKey(signingKeyFile(inject('cognitoDataDir')));
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' }).sign(await importPKCS8(privatePem, 'RS256'));
}

const NOT_PROVIDED = 'Valid authorization header not provided.';

export async function badCredentials(api: TestApi, customer: { email: string; token: string }): Promise<BadCredential[]> {
  const claims = decodeJwt(customer.token);
  const now = Math.floor(Date.now() / 1000);
  const [header, , signature] = customer.token.split('.');
  const endpoint = inject('cognitoEndpoint');

  const unsigned = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url.encode(JSON.stringify(claims))}.`;
  const { privateKey } = await generateKeyPair('RS256');
  const otherKey = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' }).sign(privateKey);
  const expired = await signedByCognitoLocal({ ...claims, iat: now - 7200, exp: now - 3600 });
  const promoted = `${header}.${base64url.encode(JSON.stringify({ ...claims, 'cognito:groups': ['Managers', 'Baristas'] }))}.${signature}`;

  const otherPool = await createPool({ endpoint, name: `hardening-other-${Date.now().toString(36)}` });
  await createUser({ endpoint, userPoolId: otherPool.userPoolId, username: customer.email, password: TEST_PASSWORD, groups: [], attributes: { email: customer.email } });
  const fromOtherPool = await signIn({ endpoint, clientId: otherPool.clientId, username: customer.email, password: TEST_PASSWORD });
  const otherClientId = await createAppClient({ endpoint, userPoolId: api.booted.state.pool.userPoolId, name: `hardening-other-client-${Date.now().toString(36)}` });
  const fromOtherClient = await signIn({ endpoint, clientId: otherClientId, username: customer.email, password: TEST_PASSWORD });

  return [
    { name: 'an unsigned token (alg none) with real claims', headers: { authorization: unsigned }, message: NOT_PROVIDED },
    { name: 'real claims signed by another key', headers: { authorization: otherKey }, message: NOT_PROVIDED },
    { name: 'an expired token signed by the pool’s own key', headers: { authorization: expired }, message: 'Token has expired.' },
    { name: 'a token whose groups claim was edited after signing', headers: { authorization: promoted }, message: NOT_PROVIDED },
    { name: 'a real access token from another user pool', headers: { authorization: fromOtherPool.accessToken }, message: NOT_PROVIDED },
    { name: 'a real ID token from another user pool', headers: { authorization: fromOtherPool.idToken }, message: NOT_PROVIDED },
    { name: 'a real access token from another app client of the pool', headers: { authorization: fromOtherClient.accessToken }, message: NOT_PROVIDED },
    { name: 'a real ID token from another app client of the pool', headers: { authorization: fromOtherClient.idToken }, message: NOT_PROVIDED },
    { name: 'garbage in the Authorization header', headers: { authorization: 'eyJhbGciOi.garbage.x' }, message: 'Unable to parse JWT token.' },
    { name: 'an API key the API does not have', headers: { 'x-api-key': `${api.apiKey.slice(0, -3)}zzz` }, message: 'You are not authorized to make this call.' },
  ];
}
