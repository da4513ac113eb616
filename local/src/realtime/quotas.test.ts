import { describe, expect, it } from 'vitest';
import type { AuthContext } from '../identity';
import { quotaIdentity } from './quotas';

const lambdaCaller = (token: string): AuthContext => ({ mode: 'AWS_LAMBDA', identity: { resolverContext: {} }, headers: { authorization: token } });

describe('quotaIdentity', () => {
  it('keeps two Lambda-authorized callers behind one address apart, by their tokens', () => {
    expect(quotaIdentity(lambdaCaller('token-a'), '127.0.0.1')).not.toBe(quotaIdentity(lambdaCaller('token-b'), '127.0.0.1'));
    expect(quotaIdentity(lambdaCaller('token-a'), '127.0.0.1')).toBe(quotaIdentity(lambdaCaller('token-a'), '10.0.0.9'));
    expect(quotaIdentity(lambdaCaller('token-a'), '127.0.0.1')).not.toContain('token-a');
  });

  it('names an OIDC user by its mode, issuer and sub, apart from a user pool user with the same sub', () => {
    const oidc: AuthContext = { mode: 'OPENID_CONNECT', identity: { sub: 'u1', issuer: 'https://issuer.example', claims: {} }, headers: {} };
    const pool = { ...oidc, mode: 'AMAZON_COGNITO_USER_POOLS' } as AuthContext;
    expect(quotaIdentity(oidc, null)).toBe('OPENID_CONNECT:https://issuer.example:u1');
    expect(quotaIdentity(pool, null)).not.toBe(quotaIdentity(oidc, null));
  });
});
