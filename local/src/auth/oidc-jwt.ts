import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { AuthModeConfig } from '../config';
import type { OidcIdentity } from '../identity';
import { expiredJwt, missingOrInvalidCredentials, type AuthFailure } from './failures';

export type OidcModeConfig = Extract<AuthModeConfig, { type: 'OPENID_CONNECT' }>;

export type OidcVerification = { ok: true; identity: OidcIdentity } | { ok: false; failure: AuthFailure };

/**
 * Asymmetric algorithms only: the key set is public, so accepting HS* (the public key as an HMAC
 * secret) or "none" would let anyone mint tokens.
 */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

type KeySet = ReturnType<typeof createRemoteJWKSet>;

/**
 * One key set per issuer for the process, found once through the issuer's discovery document
 * (OpenID Connect Discovery 1.0, section 4); jose then caches the keys and refetches on an unknown
 * kid. A failed discovery is forgotten, so the next request tries again.
 */
const keySets = new Map<string, Promise<KeySet>>();

function keySetFor(issuer: string): Promise<KeySet> {
  let keySet = keySets.get(issuer);
  if (!keySet) {
    keySet = discoverKeySet(issuer);
    keySets.set(issuer, keySet);
    keySet.catch(() => keySets.delete(issuer));
  }
  return keySet;
}

async function discoverKeySet(issuer: string): Promise<KeySet> {
  const response = await fetch(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`OIDC discovery for ${issuer} answered ${response.status}.`);
  const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
  // Discovery section 4.3: the document's issuer must be the one it was fetched for.
  if (document.issuer !== issuer) throw new Error(`OIDC discovery for ${issuer} names issuer ${String(document.issuer)}.`);
  if (typeof document.jwks_uri !== 'string') throw new Error(`OIDC discovery for ${issuer} names no jwks_uri.`);
  return createRemoteJWKSet(new URL(document.jwks_uri));
}

/**
 * Verifies a raw JWT against an OPENID_CONNECT mode: signature against the issuer's JWKS, `exp`,
 * `iss`, then AppSync's own limits: clientId (a regex over `aud`), iatTTL and authTTL (token ages
 * in milliseconds since `iat` and `auth_time`).
 */
export async function verifyOidcToken(token: string, mode: OidcModeConfig, now: Date): Promise<OidcVerification> {
  let payload: JWTPayload;
  try {
    const keySet = await keySetFor(mode.issuer);
    ({ payload } = await jwtVerify(token, keySet, { issuer: mode.issuer, algorithms: ALGORITHMS, currentDate: now }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, failure: expiredJwt() };
    // A key set that cannot be found, or any JOSE refusal, leaves the caller without valid credentials.
    return { ok: false, failure: missingOrInvalidCredentials() };
  }
  const nowMs = now.getTime();
  if (mode.iatTTL !== undefined && !withinAge(payload.iat, mode.iatTTL, nowMs)) return { ok: false, failure: expiredJwt() };
  if (mode.authTTL !== undefined && !withinAge(payload.auth_time, mode.authTTL, nowMs)) return { ok: false, failure: expiredJwt() };
  if (mode.clientId !== undefined && !audienceMatches(mode.clientId, payload.aud)) {
    return { ok: false, failure: missingOrInvalidCredentials() };
  }
  if (typeof payload.sub !== 'string' || typeof payload.iss !== 'string') return { ok: false, failure: missingOrInvalidCredentials() };
  return { ok: true, identity: { sub: payload.sub, issuer: payload.iss, claims: { ...payload } } };
}

/** 0, like no value, sets no limit: an assumption (the API reference says nothing of 0; local/docs/auth.md). */
function withinAge(secondsClaim: unknown, ttlMs: number, nowMs: number): boolean {
  if (ttlMs <= 0) return true;
  return typeof secondsClaim === 'number' && nowMs - secondsClaim * 1000 <= ttlMs;
}

/** Whole-string match (Java's String.matches), against `aud` or any entry of an `aud` list. */
function audienceMatches(pattern: string, aud: unknown): boolean {
  const regex = new RegExp(`^(?:${pattern})$`);
  const audiences = Array.isArray(aud) ? aud : [aud];
  return audiences.some((value) => typeof value === 'string' && regex.test(value));
}
