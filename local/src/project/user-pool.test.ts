import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  ListGroupsCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { UserPoolDefinition } from './definitions';
import { toCreateGroupInputs, toCreateUserPoolClientInput, toCreateUserPoolInput } from './user-pool';

const cognito = new CognitoIdentityProviderClient({
  endpoint: inject('cognitoEndpoint'),
  region: 'local',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

const definition: UserPoolDefinition = {
  signInWith: 'email',
  selfSignUp: true,
  groups: [
    { name: 'Readers', description: 'Read things.', precedence: 2 },
    { name: 'Editors', precedence: 1 },
  ],
  passwordPolicy: {
    minLength: 10,
    requireLowercase: true,
    requireUppercase: true,
    requireDigits: true,
    requireSymbols: false,
    tempPasswordValidityDays: 3,
  },
  client: {
    name: 'web',
    authFlows: ['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH'],
    localAuthFlows: ['USER_PASSWORD_AUTH'],
    accessTokenValidityMinutes: 15,
    idTokenValidityMinutes: 15,
    refreshTokenValidityDays: 1,
  },
};

let userPoolId = '';
let clientId = '';

beforeAll(async () => {
  const { UserPool } = await cognito.send(new CreateUserPoolCommand(toCreateUserPoolInput(definition, `user-pool-test-${Date.now()}`)));
  userPoolId = UserPool?.Id ?? '';
  const { UserPoolClient } = await cognito.send(new CreateUserPoolClientCommand(toCreateUserPoolClientInput(definition, userPoolId)));
  clientId = UserPoolClient?.ClientId ?? '';
  for (const input of toCreateGroupInputs(definition, userPoolId)) await cognito.send(new CreateGroupCommand(input));
});

afterAll(async () => {
  if (userPoolId) await cognito.send(new DeleteUserPoolCommand({ UserPoolId: userPoolId }));
  cognito.destroy();
});

describe('user pool definition in cognito-local', () => {
  it('creates a pool with the defined password policy, email usernames and self sign-up', async () => {
    const { UserPool } = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
    expect(UserPool?.Policies?.PasswordPolicy).toMatchObject({ MinimumLength: 10, RequireNumbers: true, RequireSymbols: false });
    expect(UserPool?.UsernameAttributes).toEqual(['email']);
    expect(UserPool?.AdminCreateUserConfig?.AllowAdminCreateUserOnly).toBe(false);
  });

  it('creates the defined groups', async () => {
    const { Groups } = await cognito.send(new ListGroupsCommand({ UserPoolId: userPoolId }));
    expect(Groups?.map((g) => [g.GroupName, g.Precedence]).sort()).toEqual([
      ['Editors', 1],
      ['Readers', 2],
    ]);
  });

  it('lets a user sign up with an email, sign in with USER_PASSWORD_AUTH and carry group claims', async () => {
    const email = `reader-${Date.now()}@example.com`;
    const password = 'Correct-Horse-9';
    await cognito.send(new SignUpCommand({ ClientId: clientId, Username: email, Password: password, UserAttributes: [{ Name: 'email', Value: email }] }));
    await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: userPoolId, Username: email }));
    await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: email, GroupName: 'Editors' }));

    const { AuthenticationResult } = await cognito.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: password } }),
    );
    const claims = decodeJwt(AuthenticationResult?.AccessToken ?? '');
    expect(claims['token_use']).toBe('access');
    expect(claims['client_id']).toBe(clientId);
    expect(claims['cognito:groups']).toEqual(['Editors']);
  });

  it('allows the deployed flows plus the local-only ones on the local client', () => {
    expect(toCreateUserPoolClientInput(definition, 'pool').ExplicitAuthFlows).toEqual([
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_USER_PASSWORD_AUTH',
    ]);
  });
});
