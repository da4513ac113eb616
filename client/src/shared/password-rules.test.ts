import { describe, expect, it } from 'vitest';
import { apiDefinition } from '../../../infra/api';
import { amplifyOutputs } from '../../../local/src/services/amplify-outputs';
import { passwordRules, policyFromOutputs, unmetRules, type PasswordPolicy } from './password-rules';

const endpoints = { graphqlUrl: 'https://127.0.0.1:1/graphql', realtimeUrl: 'wss://127.0.0.1:1/graphql/realtime', cognitoEndpoint: 'http://127.0.0.1:2', dynamodbEndpoint: 'http://127.0.0.1:3' };

describe('password rules', () => {
  it("come from the user pool definition through amplify_outputs.json's auth.password_policy", () => {
    const outputs = amplifyOutputs({ definition: apiDefinition, region: 'local', userPoolId: 'p', clientId: 'c', apiKey: undefined, endpoints }) as { auth: { password_policy: unknown } };
    const pool = apiDefinition.userPool.passwordPolicy;
    expect(policyFromOutputs(outputs.auth.password_policy)).toEqual({
      minLength: pool.minLength,
      requireLowercase: pool.requireLowercase,
      requireUppercase: pool.requireUppercase,
      requireNumbers: pool.requireDigits,
      requireSymbols: pool.requireSymbols,
    });
  });

  it('are absent when the outputs carry no policy', () => {
    expect(policyFromOutputs(undefined)).toBeNull();
    expect(policyFromOutputs({ require_numbers: true })).toBeNull();
  });

  const strict: PasswordPolicy = { minLength: 8, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true };

  it('lists one line per rule the policy sets', () => {
    expect(passwordRules({ ...strict, requireSymbols: false }).map((rule) => rule.id)).toEqual(['length', 'lowercase', 'uppercase', 'number']);
    expect(passwordRules({ minLength: 6, requireLowercase: false, requireUppercase: false, requireNumbers: false, requireSymbols: false }).map((rule) => rule.text)).toEqual(['At least 6 characters']);
  });

  it.each([
    ['short1A!', []],
    ['Short1!', ['length']],
    ['ALLUPPER1!', ['lowercase']],
    ['alllower1!', ['uppercase']],
    ['NoDigits!!', ['number']],
    ['NoSymbol11', ['symbol']],
    // Cognito counts a space as a symbol only inside the password.
    ['Inner space1', []],
    [' Leading1a', ['symbol']],
  ])('finds which rules %j misses', (password, missing) => {
    expect(unmetRules(strict, password).map((rule) => rule.id)).toEqual(missing);
  });
});
