import { Duration, Expiration, Lazy } from 'aws-cdk-lib';
import { AuthorizationType, type AuthorizationMode } from 'aws-cdk-lib/aws-appsync';
import { Function as LambdaFunction, type IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { AdditionalAuthMode, ApiDefinition } from '../../local/src/project/definitions';

/**
 * The API's additional auth modes from ApiDefinition.authModes.additional, the list the local
 * runtime reads too (local/src/project/auth-modes.ts checks it for both): API_KEY with the
 * definition's key, AWS_IAM, AWS_LAMBDA with its authorizer function, OPENID_CONNECT as declared.
 *
 * The API is built before the functions (some functions are granted access to it), so the
 * authorizer is referenced by an ARN resolved at synth; `sameEnvironment` lets CDK add the
 * resource policy appsync.amazonaws.com needs to invoke it (without it AppSync answers
 * BadRequestException and never calls the function: aws-cdk#19239).
 */
export function additionalAuthorizationModes(
  scope: Construct,
  definition: Pick<ApiDefinition, 'authModes' | 'apiKey'>,
  functionArn: (name: string) => string,
): AuthorizationMode[] {
  return definition.authModes.additional.map((mode) => authorizationMode(scope, definition, mode, functionArn));
}

function authorizationMode(scope: Construct, definition: Pick<ApiDefinition, 'apiKey'>, mode: AdditionalAuthMode, functionArn: (name: string) => string): AuthorizationMode {
  if (mode === 'API_KEY') {
    return {
      authorizationType: AuthorizationType.API_KEY,
      apiKeyConfig: { description: definition.apiKey.description, expires: Expiration.after(Duration.days(definition.apiKey.expiresAfterDays)) },
    };
  }
  if (mode === 'AWS_IAM') return { authorizationType: AuthorizationType.IAM };
  if (mode.type === 'AWS_LAMBDA') {
    const handler: IFunction = LambdaFunction.fromFunctionAttributes(scope, 'AuthorizerFunction', {
      functionArn: Lazy.string({ produce: () => functionArn(mode.function) }),
      sameEnvironment: true,
    });
    return {
      authorizationType: AuthorizationType.LAMBDA,
      lambdaAuthorizerConfig: {
        handler,
        // Always written: CDK's own default would be 300 s, AppSync's (and the local runtime's) is 0.
        resultsCacheTtl: Duration.seconds(mode.authorizerResultTtlInSeconds ?? 0),
        ...(mode.identityValidationExpression !== undefined && { validationRegex: mode.identityValidationExpression }),
      },
    };
  }
  return {
    authorizationType: AuthorizationType.OIDC,
    openIdConnectConfig: {
      oidcProvider: mode.issuer,
      ...(mode.clientId !== undefined && { clientId: mode.clientId }),
      // Both in milliseconds, as OpenIDConnectConfig's IatTTL and AuthTTL are.
      ...(mode.iatTTL !== undefined && { tokenExpiryFromIssue: mode.iatTTL }),
      ...(mode.authTTL !== undefined && { tokenExpiryFromAuth: mode.authTTL }),
    },
  };
}

