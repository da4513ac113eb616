import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import type { AuthModeConfig } from '../config';
import type { CognitoIdentity } from '../identity';
import { expiredJwt, missingOrInvalidCredentials, unparsableJwt, type AuthFailure } from './failures';

export type CognitoModeConfig = Extract<AuthModeConfig, { type: 'AMAZON_COGNITO_USER_POOLS' }>;

export type CognitoVerification = { ok: true; identity: CognitoIdentity } | { ok: false; failure: AuthFailure };

/** One key set per JWKS URL for the process: jose caches the keys and refetches on an unknown kid. */
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function keySetFor(jwksUri: string): ReturnType<typeof createRemoteJWKSet> {
  let keySet = keySets.get(jwksUri);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(jwksUri));
    keySets.set(jwksUri, keySet);
  }
  return keySet;
}

/**
 * Verifies a raw JWT (AppSync takes it without "Bearer") against the configured user pools and
 * builds ctx.identity from it. Both ID and access tokens are accepted, as AppSync does; Amplify v6
 * sends the access token.
 *
 * Which pool: the one whose issuer the token names. A token naming no configured pool is treated
 * like any other unverifiable token.
 */
export async function verifyCognitoToken(
  token: string,
  pools: readonly CognitoModeConfig[],
  sourceIp: string,
): Promise<CognitoVerification> {
  let unverified: JWTPayload;
  try {
    decodeProtectedHeader(token);
    unverified = decodeJwt(token);
  } catch {
    return { ok: false, failure: unparsableJwt() };
  }
  const pool = pools.find((candidate) => candidate.issuer === unverified.iss);
  if (!pool) return { ok: false, failure: missingOrInvalidCredentials() };

  let payload: JWTPayload;
  try {
    // Cognito signs with RS256 only; pinning it rejects alg "none" and HS256-with-the-public-key.
    ({ payload } = await jwtVerify(token, keySetFor(pool.jwksUri), { issuer: pool.issuer, algorithms: ['RS256'] }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, failure: expiredJwt() };
    if (error instanceof errors.JOSEError) return { ok: false, failure: missingOrInvalidCredentials() };
    throw error;
  }

  const tokenUse = payload.token_use;
  if (tokenUse !== 'access' && tokenUse !== 'id') return { ok: false, failure: missingOrInvalidCredentials() };
  const clientId = tokenUse === 'access' ? payload.client_id : payload.aud;
  if (pool.appIdClientRegex !== undefined && !matchesWholly(pool.appIdClientRegex, clientId)) {
    return { ok: false, failure: missingOrInvalidCredentials() };
  }
  const sub = payload.sub;
  const username = tokenUse === 'access' ? payload.username : payload['cognito:username'];
  if (typeof sub !== 'string' || typeof username !== 'string') {
    return { ok: false, failure: missingOrInvalidCredentials() };
  }

  return {
    ok: true,
    identity: {
      sub,
      issuer: pool.issuer,
      username,
      claims: { ...payload },
      sourceIp: [sourceIp],
      defaultAuthStrategy: pool.defaultAction ?? 'ALLOW',
      groups: stringArray(payload['cognito:groups']),
    },
  };
}

/**
 * AppSync's service is Java, where String.matches tests the whole string; an unanchored JS regex
 * would let "abc" accept client "xabcx".
 */
function matchesWholly(pattern: string, value: unknown): boolean {
  return typeof value === 'string' && new RegExp(`^(?:${pattern})$`).test(value);
}

function stringArray(value: unknown): string[] | null {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? [...value] : null;
}
