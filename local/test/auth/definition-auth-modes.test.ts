import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAuthModes, toRuntimeAuthMode } from '../../src/project/auth-modes';
import { lambdaAuthApi, OIDC_ISSUER } from '../fixtures/lambda-auth-api/definition';
import { startTestApi, type TestApi } from '../support/local-api';

/** ApiDefinition.authModes with AWS_LAMBDA and OPENID_CONNECT settings, booted as `npm start` boots a project. */
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi(lambdaAuthApi());
});
afterAll(async () => {
  await api?.close();
});

describe('auth modes declared in the ApiDefinition', () => {
  it('runs the AWS_LAMBDA authorizer the definition names, over HTTP', async () => {
    const admitted = await api.graphql({ query: '{ whoami }' }, { authorization: 'let-ana' });
    expect(admitted.status).toBe(200);
    expect(JSON.parse(String(admitted.body.data?.whoami))).toEqual({ resolverContext: { name: 'ana' } });
    const denied = await api.graphql({ query: '{ whoami }' }, { authorization: 'stop-bob' });
    expect(denied).toEqual({ status: 401, body: { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }] } });
  });

  it('applies the identityValidationExpression the definition gives', async () => {
    const refused = await api.graphql({ query: '{ whoami }' }, { authorization: 'let-Ana' });
    expect(refused.status).toBe(401);
  });

  it('gives the runtime the OPENID_CONNECT settings as declared and the authorizer by function name', () => {
    const [, lambda, oidc] = lambdaAuthApi().authModes.additional;
    const built = { API_KEY: { type: 'API_KEY' as const, keys: [] }, AWS_IAM: { type: 'AWS_IAM' as const, credentials: [], region: 'local' } };
    expect(lambda && toRuntimeAuthMode(lambda, built)).toEqual({ type: 'AWS_LAMBDA', authorizerUri: 'gate', authorizerResultTtlInSeconds: 60, identityValidationExpression: 'let-[a-z]+|stop-[a-z]+' });
    expect(oidc && toRuntimeAuthMode(oidc, built)).toEqual({ type: 'OPENID_CONNECT', issuer: OIDC_ISSUER, clientId: 'web', iatTTL: 3_600_000 });
  });

  it('refuses, listing every problem, a second authorizer, an undeclared function, a TTL past 3600 and an issuer that is no URL', () => {
    const definition = lambdaAuthApi();
    const check = () =>
      checkAuthModes({
        functions: definition.functions,
        authModes: {
          default: 'AMAZON_COGNITO_USER_POOLS',
          additional: [
            { type: 'AWS_LAMBDA', function: 'gate', authorizerResultTtlInSeconds: 4000 },
            { type: 'AWS_LAMBDA', function: 'missing' },
            { type: 'OPENID_CONNECT', issuer: 'issuer.example.com' },
          ],
        },
      });
    expect(check).toThrow(
      [
        'Auth modes have 4 problems:',
        '  - authModes.additional[0] (AWS_LAMBDA): authorizerResultTtlInSeconds must be a whole number from 0 to 3600, not 4000.',
        '  - authModes.additional[1] (AWS_LAMBDA): AWS_LAMBDA is listed twice; an API has each mode once.',
        '  - authModes.additional[1] (AWS_LAMBDA): function missing is not in ApiDefinition.functions.',
        '  - authModes.additional[2] (OPENID_CONNECT): issuer "issuer.example.com" is not a URL.',
      ].join('\n'),
    );
  });
});
