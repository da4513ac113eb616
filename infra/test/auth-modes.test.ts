import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaAuthApi, OIDC_ISSUER } from '../../local/test/fixtures/lambda-auth-api/definition';
import { fixtureStacks } from './support/fixture-stack';

type Resource = { Properties: Record<string, unknown> };

const stacks = fixtureStacks();
let template: Template;

beforeAll(async () => {
  template = await stacks.synth(lambdaAuthApi());
});
afterAll(() => stacks.dispose());

/** The logical id of the one Lambda function whose handler bundle is the fixture's authorizer. */
function authorizerFunctionId(): string {
  const ids = Object.keys(template.findResources('AWS::Lambda::Function', { Properties: { Timeout: 5 } }));
  if (ids.length !== 1) throw new Error(`expected one authorizer function, found ${ids.length}`);
  return ids[0] ?? '';
}

describe('a stack whose ApiDefinition declares AWS_LAMBDA and OPENID_CONNECT modes (the lambda-auth fixture)', () => {
  it('gives the API the modes in the definition’s order, the authorizer by its function’s ARN and a TTL of 0 unless declared', () => {
    const api = Object.values(template.findResources('AWS::AppSync::GraphQLApi'))[0] as Resource;
    expect(api.Properties['AuthenticationType']).toBe('AMAZON_COGNITO_USER_POOLS');
    expect(api.Properties['AdditionalAuthenticationProviders']).toEqual([
      { AuthenticationType: 'API_KEY' },
      {
        AuthenticationType: 'AWS_LAMBDA',
        LambdaAuthorizerConfig: {
          AuthorizerUri: { 'Fn::GetAtt': [authorizerFunctionId(), 'Arn'] },
          AuthorizerResultTtlInSeconds: 60,
          IdentityValidationExpression: 'let-[a-z]+|stop-[a-z]+',
        },
      },
      { AuthenticationType: 'OPENID_CONNECT', OpenIDConnectConfig: { Issuer: OIDC_ISSUER, ClientId: 'web', IatTTL: 3_600_000 } },
    ]);
  });

  it('lets AppSync invoke the authorizer (the resource policy whose absence makes AppSync answer BadRequestException)', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'appsync.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [authorizerFunctionId(), 'Arn'] },
    });
  });

  it('writes an authorizer TTL of 0 when the definition gives none, not CDK’s 300 s', async () => {
    const fixture = lambdaAuthApi();
    const withoutTtl = {
      ...fixture,
      authModes: { default: fixture.authModes.default, additional: [{ type: 'AWS_LAMBDA' as const, function: 'gate' }] },
    };
    const other = await stacks.synth(withoutTtl);
    const api = Object.values(other.findResources('AWS::AppSync::GraphQLApi'))[0] as Resource;
    expect(api.Properties['AdditionalAuthenticationProviders']).toEqual([
      { AuthenticationType: 'AWS_LAMBDA', LambdaAuthorizerConfig: expect.objectContaining({ AuthorizerResultTtlInSeconds: 0 }) },
    ]);
  });
});
