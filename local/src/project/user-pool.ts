import type {
  CreateGroupCommandInput,
  CreateUserPoolClientCommandInput,
  CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import type { UserPoolDefinition } from './definitions';

/** CreateUserPool input matching what the CDK stack deploys from the same definition. */
export function toCreateUserPoolInput(def: UserPoolDefinition, poolName: string): CreateUserPoolCommandInput {
  const policy = def.passwordPolicy;
  return {
    PoolName: poolName,
    UsernameAttributes: [def.signInWith],
    AutoVerifiedAttributes: ['email'],
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: !def.selfSignUp },
    Policies: {
      PasswordPolicy: {
        MinimumLength: policy.minLength,
        RequireLowercase: policy.requireLowercase,
        RequireUppercase: policy.requireUppercase,
        RequireNumbers: policy.requireDigits,
        RequireSymbols: policy.requireSymbols,
        TemporaryPasswordValidityDays: policy.tempPasswordValidityDays,
      },
    },
  };
}

/** CreateUserPoolClient input for a local pool: the deployed flows plus the local-only ones. */
export function toCreateUserPoolClientInput(
  def: UserPoolDefinition,
  userPoolId: string,
): CreateUserPoolClientCommandInput {
  const flows = [...new Set([...def.client.authFlows, ...def.client.localAuthFlows])];
  return {
    UserPoolId: userPoolId,
    ClientName: def.client.name,
    GenerateSecret: false,
    ExplicitAuthFlows: flows.map((flow) => `ALLOW_${flow}` as const),
    AccessTokenValidity: def.client.accessTokenValidityMinutes,
    IdTokenValidity: def.client.idTokenValidityMinutes,
    RefreshTokenValidity: def.client.refreshTokenValidityDays,
    TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
    PreventUserExistenceErrors: 'ENABLED',
  };
}

export function toCreateGroupInputs(def: UserPoolDefinition, userPoolId: string): CreateGroupCommandInput[] {
  return def.groups.map((group) => ({
    UserPoolId: userPoolId,
    GroupName: group.name,
    Description: group.description,
    Precedence: group.precedence,
  }));
}
